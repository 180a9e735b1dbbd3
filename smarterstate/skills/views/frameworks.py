"""Frameworks: families → roles → role levels → required skills; organisations' own frameworks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..forms import FrameworkForm, SkillForm
from ..services.frameworks import framework_create, skill_create

FRAMEWORK_COLUMNS = [
    Column("Framework", "name"),
    Column("Owner", lambda f: f.organisation.name if f.organisation else "Government-wide"),
    Column("For all staff", "applies_to_all_staff"),
    Column("Skills", "skill_count"),
    Column("Latest version", "latest_version"),
]
SKILL_COLUMNS = [
    Column("Skill", "name"),
    Column("Description", "description"),
    Column("Level everyone needs", "get_baseline_level_display"),
    Column("Awareness", "awareness"),
    Column("Working", "working"),
    Column("Practitioner", "practitioner"),
    Column("Expert", "expert"),
]
ROLE_LEVEL_COLUMNS = [
    Column("Role level", "name"),
    Column("Seniority", "seniority"),
    Column("In use", "in_use"),
    Column("Skills required", "skill_count"),
    Column("Description", "description"),
]
REQUIREMENT_COLUMNS = [
    Column("Skill", "skill.name"),
    Column("Level", lambda r: r.get_level_display() or "Not set"),
    Column("What the level means", lambda r: r.skill.level_description(r.level)),
    Column("Skill description", "skill.description"),
]


def _framework(org, framework_pk: int):
    return get_object_or_404(
        selectors.frameworks_for(org).select_related("organisation"), pk=framework_pk
    )


@organisation_view(Level.READ)
def framework_list(request, org):
    frameworks = (
        selectors.frameworks_for(org)
        .select_related("organisation")
        .annotate(skill_count=Count("skills", filter=Q(skills__active=True), distinct=True))
        .order_by("name")
    )
    for framework in frameworks:
        version = framework.versions.first()
        framework.latest_version = version.number if version else None
    download = export_response(request, frameworks, FRAMEWORK_COLUMNS, f"{org.slug}-frameworks")
    if download:
        return download
    return render(request, "skills/framework_list.html", {
        "org": org, "page_title": "Capability frameworks", "frameworks": frameworks,
        "can_write": can(request.user, Level.WRITE, org), "export_links": export_links(request),
    })  # fmt: skip


@organisation_view(Level.READ)
def framework_detail(request, org, framework_pk: int):
    framework = _framework(org, framework_pk)
    skills = framework.skills.filter(active=True).order_by("name")
    if request.GET.get("list") == "skills":
        download = export_response(request, skills, SKILL_COLUMNS, f"{framework.slug}-skills")
        if download:
            return download
    families = framework.families.filter(active=True).prefetch_related("roles")
    return render(request, "skills/framework_detail.html", {
        "org": org, "page_title": framework.name, "framework": framework, "families": families,
        "skills": skills, "versions": framework.versions.all()[:10],
        "can_add_skill": framework.organisation_id == org.pk and can(request.user, Level.WRITE, org),
    })  # fmt: skip


@organisation_view(Level.READ)
def role_detail(request, org, role_pk: int):
    role = get_object_or_404(
        selectors.roles_for(org).select_related("family__framework"), pk=role_pk
    )
    levels = (
        role.levels.filter(active=True)
        .annotate(skill_count=Count("skills"))
        .order_by("seniority", "name")
    )
    download = export_response(request, levels, ROLE_LEVEL_COLUMNS, f"{role.name}-levels")
    if download:
        return download
    return render(request, "skills/role_detail.html", {
        "org": org, "page_title": role.name, "role": role, "levels": levels,
        "export_links": export_links(request),
    })  # fmt: skip


@organisation_view(Level.READ)
def role_level_detail(request, org, role_level_pk: int):
    level = get_object_or_404(
        selectors.role_levels_for(org).select_related("role__family__framework"), pk=role_level_pk
    )
    requirements = level.skills.select_related("skill").order_by("skill__name")
    download = export_response(request, requirements, REQUIREMENT_COLUMNS, f"{level.name}-skills")
    if download:
        return download
    rows = [{"requirement": r, "meaning": r.skill.level_description(r.level)} for r in requirements]
    return render(request, "skills/role_level_detail.html", {
        "org": org, "page_title": level.name, "level": level, "rows": rows,
        "export_links": export_links(request),
    })  # fmt: skip


@organisation_view(Level.WRITE)
def framework_add(request, org):
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = framework_create(
                organisation=org, slug=slugify(data["name"])[:80] or "framework", **data
            )
        except ValidationError:
            form.add_error("name", "Your organisation already has a framework with this name.")
        else:
            messages.success(request, f"Framework “{framework.name}” created. Now add its skills.")
            return redirect("skills:framework", org_slug=org.slug, framework_pk=framework.pk)
    return render(request, "core/form_page.html", {
        "org": org, "page_title": "Create a framework", "form": form,
        "intro": "Skills your organisation expects, beyond the government frameworks: for example data "
        "literacy or AI awareness for all staff.",
    })  # fmt: skip


@organisation_view(Level.WRITE)
def skill_add(request, org, framework_pk: int):
    framework = _framework(org, framework_pk)
    if framework.organisation_id != org.pk:
        raise Http404("Only your organisation's own frameworks can be changed here.")
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            skill_create(framework=framework, **form.cleaned_data)
        except ValidationError:
            form.add_error("name", "The framework already has a skill with this name.")
        else:
            messages.success(request, "Skill added.")
            return redirect("skills:framework", org_slug=org.slug, framework_pk=framework.pk)
    return render(request, "core/form_page.html", {
        "org": org, "page_title": f"Add a skill to {framework.name}", "form": form,
    })  # fmt: skip
