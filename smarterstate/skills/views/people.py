"""People, their assessments and gaps: individual records, for the organisation's editors and admins only."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate
from smarterstate.jobs.services import UPLOADED, import_job_start

from .. import selectors
from ..forms import AssessmentForm, UploadForm
from ..models import Person, Skill
from ..services.gaps import gaps_refresh, person_gaps
from ..services.people import assessment_record

PERSON_COLUMNS = [
    Column("Reference", "reference"),
    Column("Grade", "grade"),
    Column("Profession", "profession"),
    Column("Team", "team"),
    Column("Line manager", "line_manager_reference"),
    Column("Role level", lambda p: p.role_level.name if p.role_level else ""),
    Column("Location", "location"),
    Column("Current", "active"),
]
FILTERS = ("team", "grade", "profession")


def people_query(org, params):
    people = Person.objects.filter(organisation=org).select_related("role_level")
    if params.get("status") != "all":
        people = people.filter(active=True)
    for name in FILTERS:
        if value := params.get(name, "").strip():
            people = people.filter(**{name: value})
    if q := params.get("q", "").strip():
        people = people.filter(Q(reference__icontains=q) | Q(line_manager_reference__icontains=q))
    return people.order_by("reference")


@organisation_view(Level.WRITE)
def person_list(request, org):
    people = people_query(org, request.GET)
    download = export_response(request, people, PERSON_COLUMNS, f"{org.slug}-people")
    if download:
        return download
    return render(request, "skills/person_list.html", {
        "org": org, "page_title": "People", "page": paginate(request, people),
        "filters": {name: request.GET.get(name, "") for name in (*FILTERS, "q", "status")},
        "export_links": export_links(request),
    })  # fmt: skip


def _skills_for(org):
    return Skill.objects.filter(framework__in=selectors.frameworks_for(org), active=True).order_by(
        "name"
    )


@organisation_view(Level.WRITE)
def person_detail(request, org, person_pk: int):
    person = get_in_organisation(
        Person.objects.select_related("role_level__role"), org, pk=person_pk
    )
    form = AssessmentForm(request.POST or None, skills=_skills_for(org))
    if request.method == "POST" and form.is_valid():
        assessment_record(person=person, assessor=request.user, **form.cleaned_data)
        gaps_refresh(organisation=org)
        messages.success(request, "Assessment recorded.")
        return redirect("skills:person", org_slug=org.slug, person_pk=person.pk)
    return render(request, "skills/person_detail.html", {
        "org": org, "page_title": f"Person {person.reference}", "person": person,
        "gaps": person_gaps(person),
        "assessments": person.assessments.select_related("skill").order_by("skill__name", "kind"),
        "training": person.training_records.select_related("activity").order_by("-started_on")[:100],
        "form": form, "is_admin": can(request.user, Level.ADMIN, org),
    })  # fmt: skip


def _upload(request, org, *, importer: str, title: str, intro: str, options: dict, results=None):
    form = UploadForm(request.POST or None, request.FILES or None, kind=importer)
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            importer=importer, upload=form.cleaned_data["file"], description=f"{title}: {org.name}",
            user=request.user, organisation=org, importer_options=options,
            came_from=(f"Back to {title.lower()}", request.path), results=results,
        )  # fmt: skip
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "core/form_page.html",
        {"org": org, "page_title": title, "form": form, "intro": intro},
    )


@organisation_view(Level.WRITE)
def people_upload(request, org):
    return _upload(
        request, org, importer="skills-people", title="Import people",
        intro="A CSV with columns reference, grade, profession, team and optionally "
        "line_manager_reference, role_level and location. People missing from the file are marked as "
        "leavers; the report lists joiners, movers, leavers and any rejected rows with their line.",
        options={"organisation": org.slug},
        results=("See the people", reverse("skills:people", kwargs={"org_slug": org.slug})),
    )  # fmt: skip


@organisation_view(Level.WRITE)
def training_upload(request, org):
    return _upload(
        request, org, importer="skills-training-records", title="Import training records",
        intro="A CSV with columns person, activity, status (started or completed), date (YYYY-MM-DD) "
        "and optionally hours. Re-importing the same file changes nothing.",
        options={"organisation": org.slug},
        results=(
            "See the learning activities",
            reverse("skills:activities", kwargs={"org_slug": org.slug}),
        ),
    )  # fmt: skip
