"""The buyer and supplier lists: one search, table and export for both roles."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import render

from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from .dashboard import search_text


def party_list_page(
    request,
    *,
    parties: QuerySet,
    columns: list[Column],
    role: str,
    count_label: str,
    detail_url: str,
):
    """``parties`` is annotated with ``listed_count`` (processes for buyers, awards for suppliers)."""
    q = search_text(request)
    parties = selectors.search_parties(parties, q)
    title = f"{role.capitalize()}s"
    download = export_response(request, parties, columns, title.lower())
    if download:
        return download
    return render(
        request,
        "commercial/party_list.html",
        {
            "page_title": title,
            "role": role,
            "count_label": count_label,
            "detail_url": detail_url,
            "q": q,
            "page": paginate(request, parties),
            "export_links": export_links(request),
        },
    )
