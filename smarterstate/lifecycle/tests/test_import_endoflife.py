import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from smarterstate.lifecycle.models import (
    CatalogueSnapshot,
    Component,
    Cycle,
    CycleRevision,
    Product,
)

from .factories import CATALOGUE, ComponentFactory, SystemFactory, catalogue_subset


def run(path, *args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("import_endoflife", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def move_laravel_7(document, eol="2022-03-03"):
    laravel = next(p for p in document["result"] if p["name"] == "laravel")
    cycle = next(r for r in laravel["releases"] if r["name"] == "7")
    cycle["eolFrom"] = eol


@pytest.mark.django_db
def test_it_imports_the_whole_shared_catalogue_and_resyncs_it_unchanged():
    first = run(CATALOGUE)
    assert (first["read"], first["created"], first["rejected"]) == (464, 464, 0)
    assert Product.objects.count() == 464
    assert Cycle.objects.count() == 8351
    assert first["extra"]["cycles_added"] == 8351
    jetty = Cycle.objects.get(product__name="eclipse-jetty", name="9.4")
    assert jetty.eol_from == dt.date(2025, 8, 14) and jetty.eoas_from == dt.date(2022, 6, 1)
    assert jetty.is_eol is True and jetty.latest_name == "9.4.58.v20250814"

    second = run(CATALOGUE)
    assert (second["unchanged"], second["created"], second["updated"]) == (464, 0, 0)
    assert CatalogueSnapshot.objects.count() == 2  # every sync is kept, even with no change
    assert CycleRevision.objects.count() == 8351


@pytest.mark.django_db
def test_a_resync_records_what_changed(tmp_path):
    run(catalogue_subset(tmp_path), "--synced-at", "2026-01-01T09:00:00+00:00")

    def edit(document):
        move_laravel_7(document)
        guzzle = next(p for p in document["result"] if p["name"] == "guzzle")
        guzzle["releases"].insert(0, {"name": "9", "releaseDate": "2027-01-01", "isEol": False})
        php = next(p for p in document["result"] if p["name"] == "php")
        php["releases"] = [r for r in php["releases"] if r["name"] != "5.2"]

    report = run(catalogue_subset(tmp_path, edit=edit))
    assert report["extra"]["cycles_changed"] == 1
    assert report["extra"]["cycles_added"] == 1
    assert report["extra"]["cycles_removed"] == 1
    changed = CycleRevision.objects.get(kind="changed")
    assert changed.cycle.name == "7" and changed.cycle.product.name == "laravel"
    assert changed.changes == [["eol_from", "2021-03-03", "2022-03-03"]]
    assert Cycle.objects.get(product__name="php", name="5.2").removed is True


@pytest.mark.django_db
def test_it_reads_a_single_product_response(tmp_path):
    document = json.loads(CATALOGUE.read_text())
    php = next(p for p in document["result"] if p["name"] == "php")
    path = tmp_path / "php.json"
    path.write_text(json.dumps({"schema_version": "1.2.1", "result": php}))
    report = run(path)
    assert (report["read"], report["created"]) == (1, 1)
    assert Product.objects.get().name == "php"
    assert Cycle.objects.filter(product__name="php", name="8.1").exists()


@pytest.mark.django_db
def test_bad_records_are_rejected_with_their_field_and_the_rest_stored(tmp_path):
    def edit(document):
        document["result"][0]["releases"][0]["eolFrom"] = "next Tuesday"
        document["result"][1].pop("name")

    report = run(catalogue_subset(tmp_path, edit=edit))
    assert report["rejected"] == 2 and report["read"] == report["stored"] + 2
    fields = sorted(r["field"] for r in report["rejects"])
    assert fields == ["name", "result[0].releases[0].eolFrom"]
    assert "not a date" in next(r["reason"] for r in report["rejects"] if r["field"] != "name")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"products": []}', "no 'result' field"),
        ('{"result": 3}', "neither a product"),
    ],
)
def test_unreadable_input_fails_with_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_endoflife", str(path), verbosity=0)
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_stores_nothing(tmp_path):
    report = run(catalogue_subset(tmp_path), "--dry-run")
    assert report["created"] == 6 and report["dry_run"] is True
    assert not Product.objects.exists() and not CatalogueSnapshot.objects.exists()


@pytest.mark.django_db
def test_new_cycles_rematch_components(tmp_path):
    from smarterstate.lifecycle.services.register import component_create, system_create
    from smarterstate.organisations.tests.factories import OrganisationFactory

    def without_laravel_7(document):
        laravel = next(p for p in document["result"] if p["name"] == "laravel")
        laravel["releases"] = [r for r in laravel["releases"] if r["name"] != "7"]

    run(catalogue_subset(tmp_path, edit=without_laravel_7))
    system = system_create(organisation=OrganisationFactory(), name="Portal")
    component = component_create(
        system=system, name="laravel", version="7.30.6", purl="pkg:composer/laravel/framework"
    )
    assert component.cycle is None and "no release cycle for version 7.30.6" in component.match_note

    report = run(catalogue_subset(tmp_path))
    component.refresh_from_db()
    assert component.cycle.name == "7" and component.match_note == ""
    assert report["extra"]["components_rematched"] == 1


@pytest.mark.django_db
def test_a_sync_changing_only_identifiers_or_label_rematches_that_products_components(tmp_path):
    from smarterstate.lifecycle.services.register import component_create

    def old_laravel(document):
        laravel = next(p for p in document["result"] if p["name"] == "laravel")
        laravel["label"] = "Laravel (old)"
        laravel["identifiers"] = [
            i for i in laravel["identifiers"] if i["id"] != "pkg:composer/laravel/framework"
        ]

    run(catalogue_subset(tmp_path, edit=old_laravel))
    system = SystemFactory()
    by_purl = component_create(
        system=system, name="laravel", version="7.30.6", purl="pkg:composer/laravel/framework"
    )
    by_cpe = component_create(
        system=system, name="laravel", version="99.0", cpe="cpe:2.3:a:laravel:laravel:99.0"
    )
    guzzle = component_create(
        system=system, name="guzzle", version="6.5.5", purl="pkg:composer/guzzlehttp/guzzle"
    )
    assert by_purl.product is None
    assert by_cpe.match_note == "Laravel (old) has no release cycle for version 99.0."
    # A stale note only a re-match would put right: Guzzle did not change, so it stays.
    Component.objects.filter(pk=guzzle.pk).update(match_note="stale")

    report = run(catalogue_subset(tmp_path))
    extra = report["extra"]
    assert (report["updated"], extra["cycles_added"], extra["cycles_changed"]) == (1, 0, 0)
    assert (extra["cycles_removed"], extra["products_added"]) == (0, 0)
    assert extra["components_rematched"] == 2
    by_purl.refresh_from_db()
    by_cpe.refresh_from_db()
    guzzle.refresh_from_db()
    assert (by_purl.product.name, by_purl.cycle.name, by_purl.match_note) == ("laravel", "7", "")
    assert by_cpe.match_note == "Laravel has no release cycle for version 99.0."
    assert guzzle.match_note == "stale"


@pytest.mark.django_db
def test_an_unchanged_resync_rematches_nothing(tmp_path):
    run(catalogue_subset(tmp_path))
    stale = ComponentFactory(purl="pkg:composer/laravel/framework@7.30.6", match_note="stale")
    report = run(catalogue_subset(tmp_path))
    assert report["unchanged"] == 6 and report["extra"]["components_rematched"] == 0
    stale.refresh_from_db()
    assert stale.match_note == "stale"


@pytest.mark.django_db
def test_products_with_a_nul_character_anywhere_are_rejected_naming_where(tmp_path):
    def edit(document):
        products = document["result"]
        products[0]["name"] += "\x00"
        products[1]["releases"][2]["codename"] = "Null\x00"
        products[2]["tags"] = ["lang", "x\x00"]
        products[3]["links"] = {"html\x00": "https://example.com"}

    report = run(catalogue_subset(tmp_path, edit=edit))
    assert (report["read"], report["created"], report["rejected"]) == (6, 2, 4)
    assert [(r["field"], r["reason"]) for r in report["rejects"]] == [
        (where, f"{where} contains a NUL character")
        for where in [
            "result[0].name",
            "result[1].releases[2].codename",
            "result[2].tags[1]",
            "result[3].links.html\\x00",
        ]
    ]
    assert Product.objects.count() == 2


@pytest.mark.django_db
def test_a_nul_character_in_the_response_metadata_is_a_clear_error(tmp_path):
    def edit(document):
        document["schema_version"] = "1.2\x00"

    with pytest.raises(CommandError, match="schema_version contains a NUL character"):
        call_command("import_endoflife", str(catalogue_subset(tmp_path, edit=edit)), verbosity=0)
    assert not Product.objects.exists() and not CatalogueSnapshot.objects.exists()


def list_laravel_again(document):
    """Laravel listed a second time, last, with another label, a new cycle and a changed one."""
    laravel = next(p for p in document["result"] if p["name"] == "laravel")
    again = json.loads(json.dumps(laravel))
    again["label"] = "Laravel (again)"
    again["releases"].insert(0, {"name": "99", "releaseDate": "2030-01-01"})
    again["releases"][1]["eolFrom"] = "2099-12-31"
    document["result"].append(again)


@pytest.mark.django_db
def test_a_product_listed_twice_keeps_its_first_listing_and_rejects_the_second(tmp_path):
    path = catalogue_subset(tmp_path, edit=list_laravel_again)
    report = run(path)
    assert (report["read"], report["created"], report["rejected"]) == (7, 6, 1)
    assert report["read"] == report["stored"] + report["rejected"]
    assert [(r["field"], r["reason"]) for r in report["rejects"]] == [
        ("name", "result[6]: product laravel listed again; the first listing (result[3]) was kept")
    ]
    laravel = Product.objects.get(name="laravel")
    assert laravel.label == "Laravel"
    assert not laravel.cycles.filter(name="99").exists()
    assert laravel.cycles.get(name="13").eol_from != dt.date(2099, 12, 31)
    assert report["extra"]["cycles"] == report["extra"]["cycles_added"] == Cycle.objects.count()

    again = run(path)  # resyncing the same file keeps the first listing and changes nothing
    assert (again["read"], again["unchanged"], again["rejected"]) == (7, 6, 1)
    assert again["rejects"] == report["rejects"]
    assert (again["extra"]["cycles_added"], again["extra"]["cycles_changed"]) == (0, 0)
    assert Product.objects.get(name="laravel").label == "Laravel"


@pytest.mark.django_db
def test_a_product_whose_first_listing_is_rejected_keeps_its_second(tmp_path):
    def edit(document):
        list_laravel_again(document)
        document["result"][3]["releases"][0]["eolFrom"] = "next Tuesday"

    report = run(catalogue_subset(tmp_path, edit=edit))
    assert (report["read"], report["created"], report["rejected"]) == (7, 6, 1)
    assert [r["field"] for r in report["rejects"]] == ["result[3].releases[0].eolFrom"]
    laravel = Product.objects.get(name="laravel")
    assert laravel.label == "Laravel (again)" and laravel.cycles.filter(name="99").exists()
