"""Pages of the Learning Record Store, under the skills pillar: learning platforms (register, see
what they send and what was refused, revoke), the statement viewer with exports, and learners
whose statements await mapping to a person."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from . import selectors
from .forms import MapIdentityForm, PlatformForm, StatementFilterForm
from .models import LearnerIdentity, LearningPlatform
from .services.learning import identity_map
from .services.platforms import platform_register, platform_revoke

EXPORT_LIMIT = 100_000
STATEMENT_COLUMNS = [
    Column("Stored", "stored"), Column("Timestamp", "timestamp"), Column("Learner", "actor"),
    Column("Learner name", "actor_name"), Column("Verb", "verb"), Column("Object", "object"),
    Column("Object type", "object_type"), Column("Success", "success"), Column("Completion", "completion"),
    Column("Scaled score", "score"), Column("Platform", "platform"), Column("Statement id", "id"),
]  # fmt: skip
PLATFORM_COLUMNS = [
    Column("Platform", "name"), Column("Key", "key"), Column("Statements received", "statements_received"),
    Column("Requests refused", "requests_rejected"), Column("Last seen", "last_seen_at"),
    Column("Registered", "created_at"), Column("Revoked", "revoked_at"),
]  # fmt: skip
IDENTITY_COLUMNS = [
    Column("Learner", lambda i: selectors.actor_label(i.actor_key)), Column("Name given", "agent.name"),
    Column("Person", "person.reference"), Column("Statements", "statements"),
    Column("First seen", "first_seen"), Column("Last seen", "last_seen"),
]  # fmt: skip


@organisation_view(Level.READ)
def platform_list(request, org):
    platforms = selectors.platforms_for(org).order_by("name")
    download = export_response(
        request, platforms, PLATFORM_COLUMNS, f"{org.slug}-learning-platforms"
    )
    if download:
        return download
    return render(request, "learningrecords/platform_list.html", {
        "org": org, "page_title": "Learning platforms", "platforms": platforms,
        "can_admin": can(request.user, Level.ADMIN, org), "export_links": export_links(request),
        "endpoint": request.build_absolute_uri("/xapi/"),
    })  # fmt: skip


@organisation_view(Level.ADMIN)
def platform_add(request, org):
    form = PlatformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if LearningPlatform.objects.filter(
            organisation=org, name=form.cleaned_data["name"]
        ).exists():
            form.add_error("name", "A platform of this organisation already has this name.")
        else:
            credentials = platform_register(
                organisation=org, user=request.user, **form.cleaned_data
            )
            return render(request, "learningrecords/platform_credentials.html", {
                "org": org, "page_title": "Learning platform registered", "credentials": credentials,
                "endpoint": request.build_absolute_uri("/xapi/"),
            })  # fmt: skip
    return render(request, "core/form_page.html", {
        "org": org, "form": form, "page_title": "Register a learning platform",
        "intro": "The platform sends xAPI statements to this service's Learning Record Store with the key and "
                 "secret you get next. The secret is shown once.",
    })  # fmt: skip


@organisation_view(Level.READ)
def platform_detail(request, org, platform_pk: int):
    platform = get_object_or_404(LearningPlatform, pk=platform_pk, organisation=org)
    return render(request, "learningrecords/platform_detail.html", {
        "org": org, "page_title": platform.name, "platform": platform,
        "rejects": platform.rejects.all()[:50], "can_admin": can(request.user, Level.ADMIN, org),
        "statements_url": reverse("learningrecords:statements", args=[org.slug]) + f"?platform={platform.pk}",
    })  # fmt: skip


@organisation_view(Level.ADMIN)
def platform_revoke_view(request, org, platform_pk: int):
    platform = get_object_or_404(LearningPlatform, pk=platform_pk, organisation=org)
    if request.method == "POST":
        platform_revoke(platform=platform, user=request.user)
        messages.success(
            request, f"{platform.name}'s credentials are revoked: its requests are now refused."
        )
        return redirect("learningrecords:platform", org.slug, platform.pk)
    return render(request, "learningrecords/platform_revoke.html", {
        "org": org, "page_title": f"Revoke {platform.name}", "platform": platform,
    })  # fmt: skip


@organisation_view(Level.READ)
def statement_list(request, org):
    platforms = LearningPlatform.objects.filter(organisation=org).order_by("name")
    form = StatementFilterForm(request.GET or None, platforms=platforms)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        statements, more = [], None
    else:
        fmt = request.GET.get("format")
        limit = EXPORT_LIMIT if fmt in ("csv", "xlsx") else selectors.STATEMENT_PAGE
        statements, more = selectors.statements_for(
            org, data, after=request.GET.get("after"), limit=limit
        )
        download = export_response(
            request,
            [selectors.statement_row(s) for s in statements],
            STATEMENT_COLUMNS,
            f"{org.slug}-statements",
        )
        if download:
            return download
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "learningrecords/statement_list.html", {
        "org": org, "page_title": "xAPI statements", "form": form,
        "rows": [selectors.statement_row(s) for s in statements],
        "next_url": f"?{query.urlencode()}&after={more}" if more else None,
        "export_links": export_links(request), "export_limit": EXPORT_LIMIT,
    })  # fmt: skip


@organisation_view(Level.READ)
def identity_list(request, org):
    show = request.GET.get("show", "unmapped")
    identities = selectors.identities_for(
        org, unmapped={"unmapped": True, "mapped": False}.get(show)
    )
    download = export_response(request, identities, IDENTITY_COLUMNS, f"{org.slug}-learners")
    if download:
        return download
    page = paginate(request, identities)
    for identity in page:
        identity.label = selectors.actor_label(identity.actor_key)
    return render(request, "learningrecords/identity_list.html", {
        "org": org, "page_title": "Learners in xAPI statements", "page": page, "show": show,
        "can_write": can(request.user, Level.WRITE, org), "export_links": export_links(request),
    })  # fmt: skip


@organisation_view(Level.WRITE)
def identity_map_view(request, org, identity_pk: int):
    identity = get_object_or_404(LearnerIdentity, pk=identity_pk, organisation=org)
    form = MapIdentityForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        changed = identity_map(identity=identity, person=form.cleaned_data["person"])
        messages.success(
            request,
            f"Mapped to {form.cleaned_data['reference']}: {changed} training records created or updated.",
        )
        return redirect("learningrecords:identities", org.slug)
    return render(request, "core/form_page.html", {
        "org": org, "form": form, "page_title": "Map a learner to a person",
        "intro": f"Statements from {selectors.actor_label(identity.actor_key)} become training records of the person "
                 "you name. Their earlier completions are added now.",
    })  # fmt: skip
