"""OCDS imports: the list of runs with their reports, one run's report, and the web upload.

OCDS data is national and public, so everyone signed in may read import
reports; only platform administrators (superusers) may upload, since an
upload changes what every organisation's dashboards show.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate
from smarterstate.jobs.services import UPLOADED, import_job_start

from .. import selectors
from ..forms import OCDSUploadForm
from ..models import OCDSImport

IMPORT_COLUMNS = [
    Column("Import", "pk"),
    Column("Status", "get_status_display"),
    Column("Started", "started_at"),
    Column("Finished", "finished_at"),
    Column("Files", lambda i: "; ".join(str(f) for f in i.files)),
    Column("Releases read", "releases_read"),
    Column("New", "releases_new"),
    Column("Unchanged", "releases_unchanged"),
    Column("Replaced", "releases_replaced"),
    Column("Rejected", "releases_rejected"),
    Column("OCIDs compiled", "ocids_compiled"),
    Column("Seconds", "seconds"),
]
REJECT_COLUMNS = [
    Column("Source", "source"),
    Column("Line", "line"),
    Column("Offset", "offset"),
    Column("Reason", "reason"),
]


@requires(Level.AUTHENTICATED)
def import_list(request):
    imports = selectors.ocds_imports()
    download = export_response(request, imports, IMPORT_COLUMNS, "ocds-imports")
    if download:
        return download
    return render(
        request,
        "commercial/import_list.html",
        {
            "page_title": "OCDS imports",
            "page": paginate(request, imports),
            "export_links": export_links(request),
        },
    )


def _rows(items) -> list[dict]:
    """Rejects and replacements as dicts (the importer stores dicts; tolerate plain strings)."""
    return [item if isinstance(item, dict) else {"reason": str(item)} for item in items]


@requires(Level.AUTHENTICATED)
def import_detail(request, import_pk: int):
    ocds_import = get_object_or_404(OCDSImport.objects.select_related("job"), pk=import_pk)
    rejects = _rows(ocds_import.rejects)
    download = export_response(
        request, rejects, REJECT_COLUMNS, f"ocds-import-{ocds_import.pk}-rejects"
    )
    if download:
        return download
    return render(
        request,
        "commercial/import_detail.html",
        {
            "page_title": f"OCDS import {ocds_import.pk}",
            "ocds_import": ocds_import,
            "rejects": paginate(request, rejects),
            "replaced": _rows(ocds_import.replaced)[:100],
            "export_links": export_links(request),
        },
    )


@requires(Level.SUPERUSER)
def import_upload(request):
    form = OCDSUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_start(
            importer="ocds",
            upload=upload,
            description=f"OCDS import: {upload.name}",
            user=request.user,
            came_from=("Import more OCDS data", reverse("commercial:import-upload")),
            results=("See the OCDS imports", reverse("commercial:imports")),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Import OCDS data",
            "form": form,
            "intro": "The file is imported in the background. Releases already stored are "
            "kept; the report lists anything rejected, with its position in the file.",
        },
    )
