from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from smarterstate.authz import (
    Level,
    can,
    get_in_organisation,
    readable_organisations,
    reads_everything,
)
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from . import selectors, services
from .forms import (
    ConfirmForm,
    MemberFilterForm,
    MembershipAddForm,
    MembershipRoleForm,
    OrganisationFilterForm,
    OrganisationImportForm,
)
from .models import Membership

ORGANISATION_COLUMNS = [
    Column("Name", "name"),
    Column("Slug", "slug"),
    Column("Type", "get_organisation_type_display"),
    Column("Parent", lambda org: org.parent.name if org.parent else ""),
]
MEMBER_COLUMNS = [
    Column("Username", "user.username"),
    Column("Name", lambda m: m.user.get_full_name()),
    Column("Email", "user.email"),
    Column("Role", "get_role_display"),
    Column("Member since", "created_at"),
]


def _posted(request, *, files: bool = False):
    """The POST data (or files) to bind a form to; None on GET.

    Not ``request.POST or None``: a POST with an empty body (a confirmation
    form with no fields) must still bind and validate.
    """
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


@requires(Level.AUTHENTICATED)
def organisation_list(request):
    filters = OrganisationFilterForm(request.GET or None)
    organisation_type = filters.cleaned_data["organisation_type"] if filters.is_valid() else ""
    organisations = selectors.organisations_for_user(
        request.user, organisation_type=organisation_type
    )
    download = export_response(
        request, organisations.order_by("name"), ORGANISATION_COLUMNS, "organisations"
    )
    if download:
        return download
    return render(
        request,
        "organisations/list.html",
        {
            "page_title": "Organisations",
            "tree": selectors.organisation_tree(organisations),
            "filters": filters,
            "export_links": export_links(request),
        },
    )


@requires(Level.AUTHENTICATED)
def organisation_switch(request):
    organisations = selectors.organisations_for_user(request.user)
    return render(
        request,
        "organisations/switch.html",
        {"page_title": "Switch organisation", "tree": selectors.organisation_tree(organisations)},
    )


@organisation_view(Level.READ)
def organisation_home(request, org):
    return render(
        request,
        "organisations/home.html",
        {
            "page_title": org.name,
            "org": org,
            "children": readable_organisations(request.user).filter(parent=org).order_by("name"),
            "member_count": org.memberships.count(),
            "can_admin": can(request.user, Level.ADMIN, org),
            "recent_jobs": org.jobs.all()[:5],
        },
    )


@organisation_view(Level.READ)
def organisation_history(request, org):
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {org.name}",
            "org": org,
            "record": org,
            "entries": history_entries(org),
        },
    )


@organisation_view(Level.READ)
def member_list(request, org):
    filters = MemberFilterForm(request.GET or None)
    role = filters.cleaned_data["role"] if filters.is_valid() else ""
    members = selectors.members_of(org, role=role)
    download = export_response(request, members, MEMBER_COLUMNS, f"{org.slug}-members")
    if download:
        return download
    return render(
        request,
        "organisations/members.html",
        {
            "page_title": f"Members of {org.name}",
            "org": org,
            "page": paginate(request, members),
            "filters": filters,
            "can_admin": can(request.user, Level.ADMIN, org),
            "export_links": export_links(request),
            "roles_chart": members_by_role_chart(org),
        },
    )


def members_by_role_chart(org):
    counts = selectors.member_counts_by_role(org)
    if not any(row["members"] for row in counts):
        return None
    return bar_chart(
        counts,
        x="role",
        y="members",
        x_title="Role",
        y_title="Members",
        title="Members by role",
        description=f"How many people hold each role in {org.name}.",
        chart_id="members-by-role",
    )


@organisation_view(Level.ADMIN)
def member_add(request, org):
    form = MembershipAddForm(_posted(request), organisation=org)
    if request.method == "POST" and form.is_valid():
        services.membership_create(organisation=org, user=form.user, role=form.cleaned_data["role"])
        messages.success(request, f"{form.user.username} is now a member of {org.name}.")
        return redirect("organisations:members", org_slug=org.slug)
    return render(
        request, "core/form_page.html", {"page_title": "Add a member", "org": org, "form": form}
    )


def _membership(org, membership_pk: int) -> Membership:
    return get_in_organisation(Membership.objects.all(), org, pk=membership_pk)


@organisation_view(Level.ADMIN)
def member_edit(request, org, membership_pk: int):
    membership = _membership(org, membership_pk)
    form = MembershipRoleForm(_posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_error("role", exc.message_dict.get("role", exc.messages))
        else:
            messages.success(
                request,
                f"{membership.user.username} is now {membership.get_role_display().lower()}.",
            )
            return redirect("organisations:members", org_slug=org.slug)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Change the role of {membership.user.username}", "org": org, "form": form},
    )


@organisation_view(Level.ADMIN)
def member_remove(request, org, membership_pk: int):
    membership = _membership(org, membership_pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_delete(membership=membership)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"{membership.user.username} is no longer a member of {org.name}."
            )
            user = request.user
            if membership.user_id == user.pk and not reads_everything(user):
                # They removed themselves: the members page is no longer theirs to see.
                request.session.pop("current_org", None)
                return redirect("home")
            return redirect("organisations:members", org_slug=org.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Remove {membership.user.username} from {org.name}?",
            "org": org,
            "form": form,
            "warning": "They will lose access to this organisation's data straight away.",
        },
    )


@organisation_view(Level.READ)
def member_history(request, org, membership_pk: int):
    membership = _membership(org, membership_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {membership.user.username}'s membership",
            "org": org,
            "record": membership,
            "entries": history_entries(membership),
        },
    )


@requires(Level.SUPERUSER)
def organisation_import(request):
    from smarterstate.jobs.services import UPLOADED, import_job_start

    form = OrganisationImportForm(_posted(request), _posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            importer="organisations",
            upload=form.cleaned_data["file"],
            description=f"Import organisations from {form.cleaned_data['file'].name}",
            user=request.user,
            came_from=("Import more organisations", request.path),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Import organisations",
            "form": form,
            "intro": "Upload a CSV with the columns name, slug, type and parent_slug (optional). "
            "Existing organisations are matched by slug and updated.",
        },
    )
