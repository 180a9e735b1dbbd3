"""Say how each already matched component was matched (exact purl or CPE), as the matcher now
records it; family matches appear at the next SBOM import or catalogue sync."""

from django.db import migrations

from smarterstate.lifecycle.rules import base_purl


def backfill(apps, schema_editor):
    Product = apps.get_model("lifecycle", "Product")
    Component = apps.get_model("lifecycle", "Component")
    purls: dict[int, set[str]] = {}
    for pk, identifiers in Product.objects.values_list("pk", "identifiers"):
        purls[pk] = {
            base
            for identifier in identifiers or []
            if identifier.get("type") == "purl" and (base := base_purl(identifier.get("id", "")))
        }
    changed = []
    for component in (
        Component.objects.filter(product__isnull=False)
        .only("pk", "purl", "product_id")
        .iterator(chunk_size=2000)
    ):
        component.match_kind = (
            "purl" if base_purl(component.purl) in purls.get(component.product_id, set()) else "cpe"
        )
        changed.append(component)
    Component.objects.bulk_update(changed, ["match_kind"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0002_component_match_kind")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
