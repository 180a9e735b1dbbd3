"""The vendor catalogue: products, release cycles and syncs (the same for everyone signed in)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from smarterstate.authz import Level, can
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from ..models import (
    CatalogueSnapshot,
    CycleRevision,
    Product,
)

# -- catalogue (vendor data, the same for everyone signed in) ---------------------------


@requires(Level.AUTHENTICATED)
def product_list(request):
    text = request.GET.get("q", "").strip()[:100]
    products = (
        Product.objects.filter(organisation__isnull=True)
        .annotate(cycle_count=Count("cycles"))
        .order_by("label")
    )
    if text:
        products = products.filter(Q(label__icontains=text) | Q(name__icontains=text))
    download = export_response(
        request,
        products,
        [
            Column("Name", "name"),
            Column("Label", "label"),
            Column("Category", "category"),
            Column("Cycles", "cycle_count"),
        ],
        "endoflife-products",
    )
    if download:
        return download
    return render(
        request,
        "lifecycle/product_list.html",
        {
            "page_title": "Technology catalogue",
            "page": paginate(request, products),
            "q": text,
            "snapshots": CatalogueSnapshot.objects.all()[:10],
            "export_links": export_links(request),
        },
    )


@requires(Level.AUTHENTICATED)
def product_detail(request, lifecycle_product: str):
    product_obj = get_object_or_404(Product, name=lifecycle_product)
    # An organisation's own lifecycle entry: its members only (404 to others, as for records).
    if product_obj.organisation_id and not can(request.user, Level.READ, product_obj.organisation):
        raise Http404("No such product.")
    cycles = product_obj.cycles.order_by("removed", "position")
    changes = (
        CycleRevision.objects.filter(cycle__product=product_obj)
        .select_related("cycle", "snapshot")
        .order_by("-snapshot__synced_at", "cycle__position")[:100]
    )
    purls = [i["id"] for i in product_obj.identifiers if i.get("type") in ("purl", "cpe")]
    return render(
        request,
        "lifecycle/product_detail.html",
        {
            "page_title": product_obj.label,
            "product": product_obj,
            "cycles": cycles,
            "changes": changes,
            "identifiers": purls,
        },
    )


@requires(Level.AUTHENTICATED)
def snapshot_detail(request, lifecycle_snapshot_pk: int):
    snapshot = get_object_or_404(CatalogueSnapshot, pk=lifecycle_snapshot_pk)
    revisions = snapshot.revisions.select_related("cycle__product").order_by(
        "kind", "cycle__product__label", "cycle__position"
    )
    kind = request.GET.get("kind", "")
    if kind in ("added", "changed", "removed"):
        revisions = revisions.filter(kind=kind)
    return render(
        request,
        "lifecycle/snapshot_detail.html",
        {
            "page_title": str(snapshot),
            "snapshot": snapshot,
            "kind": kind,
            "page": paginate(request, revisions),
        },
    )
