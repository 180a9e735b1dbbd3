"""Platform administrators' pages: scorecard profiles, the survey upload and the mapping of
survey rows to organisations. Everyone signed in may read the profiles (the method is public)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from ..forms import ProfileForm, SurveyFilterForm, SurveyMappingForm, SurveyUploadForm
from ..models import ScorecardProfile, SurveyImport, SurveyOrganisation
from ..scoring import DEFINITIONS
from ..services.profiles import profile_create, profile_current
from ..services.survey import survey_organisation_map


@requires(Level.AUTHENTICATED)
def profile_list(request):
    profile_current()
    return render(
        request,
        "capacity/profile_list.html",
        {"page_title": "Scorecard profiles", "profiles": ScorecardProfile.objects.select_related("created_by")},
    )  # fmt: skip


@requires(Level.AUTHENTICATED)
def profile_detail(request, capacity_profile_version: int):
    profile = ScorecardProfile.objects.filter(version=capacity_profile_version).first()
    if profile is None:
        raise Http404("No such profile version.")
    rows = [{**entry, "definition": DEFINITIONS[entry["code"]]} for entry in profile.components]
    return render(
        request,
        "capacity/profile_detail.html",
        {
            "page_title": f"Scorecard profile version {profile.version}",
            "profile": profile,
            "rows": rows,
            "results": profile.results.count(),
        },  # fmt: skip
    )


@requires(Level.SUPERUSER)
def profile_new(request):
    current = profile_current()
    initial = {"name": current.name, "overall_threshold": current.overall_threshold}
    form = ProfileForm(
        request.POST if request.method == "POST" else None, profile=current, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = profile_create(
                components=form.components(), name=form.cleaned_data["name"], notes=form.cleaned_data["notes"],
                threshold=form.cleaned_data["overall_threshold"], user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Version {profile.version} saved. The next refresh scores the current periods with it; "
                "earlier periods keep the version they were computed with.",
            )
            return redirect("capacity:profile", capacity_profile_version=profile.version)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Change the scorecard method",
            "form": form,
            "intro": f"Saving makes version {current.version + 1}; version {current.version} and the "
            "scores computed with it stay as they are.",
        },  # fmt: skip
    )


@requires(Level.SUPERUSER)
def survey_upload(request):
    from smarterstate.jobs.services import UPLOADED, import_job_start

    form = SurveyUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_start(
            importer="capacity-people-survey",
            upload=upload,
            description=f"Import people survey results from {upload.name}",
            user=request.user,
            importer_options={"year": form.cleaned_data["year"], "user_id": request.user.pk},
            came_from=("Back to people survey imports", request.path),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "capacity/survey_upload.html",
        {
            "page_title": "Import people survey results",
            "form": form,
            "imports": SurveyImport.objects.select_related("imported_by")[:20],
        },  # fmt: skip
    )


MAPPING_COLUMNS = [
    Column("Code", "code"),
    Column("Name in the survey", "name"),
    Column("Department group", "department_group"),
    Column("Kind", "get_kind_display"),
    Column("Organisation", lambda s: s.organisation.name if s.organisation else ""),
    Column("Mapped how", "get_mapping_method_display"),
    Column("First year", "first_year"),
    Column("Last year", "last_year"),
]


@requires(Level.SUPERUSER)
def survey_mapping(request):
    filters = SurveyFilterForm(request.GET or None)
    mapped = (filters.cleaned_data.get("mapped") if filters.is_valid() else "") or "unmapped"
    rows = SurveyOrganisation.objects.filter(kind="organisation").select_related("organisation")
    if mapped == "unmapped":
        rows = rows.filter(organisation__isnull=True)
    elif mapped == "mapped":
        rows = rows.filter(organisation__isnull=False)
    rows = rows.order_by("-last_year", "code")
    download = export_response(request, rows, MAPPING_COLUMNS, "people-survey-mapping")
    if download:
        return download
    return render(
        request,
        "capacity/survey_mapping.html",
        {
            "page_title": "People survey: organisation mapping",
            "page": paginate(request, rows),
            "filters": filters,
            "export_links": export_links(request),
            "unmapped": SurveyOrganisation.objects.filter(
                kind="organisation", organisation__isnull=True
            ).count(),
        },  # fmt: skip
    )


@requires(Level.SUPERUSER)
def survey_mapping_edit(request, capacity_survey_org_pk: int):
    survey_org = SurveyOrganisation.objects.filter(pk=capacity_survey_org_pk).first()
    if survey_org is None:
        raise Http404("No such survey organisation.")
    form = SurveyMappingForm(
        request.POST if request.method == "POST" else None,
        initial={"organisation": survey_org.organisation},
    )
    if request.method == "POST" and form.is_valid():
        survey_organisation_map(
            survey_organisation=survey_org,
            organisation=form.cleaned_data["organisation"],
            user=request.user,
        )
        messages.success(request, f"{survey_org.code} is mapped. The next refresh uses it.")
        return redirect("capacity:survey-mapping")
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Map {survey_org.code}: {survey_org.name}",
            "form": form,
            "intro": f"Department group: {survey_org.department_group or 'none'}; in the survey "
            f"{survey_org.first_year}–{survey_org.last_year}.",
        },  # fmt: skip
    )


@requires(Level.SUPERUSER)
def survey_mapping_history(request, capacity_survey_org_pk: int):
    survey_org = SurveyOrganisation.objects.filter(pk=capacity_survey_org_pk).first()
    if survey_org is None:
        raise Http404("No such survey organisation.")
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {survey_org.code}",
            "record": survey_org,
            "entries": history_entries(survey_org),
        },
    )
