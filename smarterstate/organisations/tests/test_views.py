"""Organisation pages: lists, the switcher, and managing members."""

from __future__ import annotations

import html
import re

import pytest

from smarterstate.organisations.models import Membership
from smarterstate.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _tree(response) -> list[tuple[str, int]]:
    return [(node.organisation.slug, node.depth) for node in response.context["tree"]]


def _roles(org) -> dict[str, str]:
    return dict(org.memberships.values_list("user__username", "role"))


@pytest.fixture
def members_url(org_a):
    return f"/o/{org_a.slug}/members/"


# --- adding members -----------------------------------------------------------------------


def test_admin_adds_a_member_and_sees_a_success_message(client, org_a, admin_a, members_url):
    UserFactory(username="newcomer")
    client.force_login(admin_a)

    response = client.post(
        f"{members_url}add/", {"username": " newcomer ", "role": "editor"}, follow=True
    )

    assert response.redirect_chain == [(members_url, 302)]
    assert "newcomer is now a member of Department for Work and Pensions." in _text(response)
    assert _roles(org_a)["newcomer"] == "editor"


def test_adding_an_unknown_username_shows_an_error_and_adds_nobody(
    client, org_a, admin_a, members_url
):
    client.force_login(admin_a)

    response = client.post(f"{members_url}add/", {"username": "ghost", "role": "viewer"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["There is no active account called “ghost”."]
    }
    assert "There is no active account called “ghost”." in _text(response)
    assert set(_roles(org_a)) == {"admin-a"}


def test_adding_an_inactive_account_is_refused(client, org_a, admin_a, members_url):
    UserFactory(username="leaver", is_active=False)
    client.force_login(admin_a)
    response = client.post(f"{members_url}add/", {"username": "leaver", "role": "viewer"})
    assert "username" in response.context["form"].errors
    assert "leaver" not in _roles(org_a)


def test_adding_someone_already_a_member_is_refused(client, org_a, admin_a, viewer_a, members_url):
    client.force_login(admin_a)

    response = client.post(f"{members_url}add/", {"username": "viewer-a", "role": "admin"})

    assert response.context["form"].errors == {
        "username": ["viewer-a is already a member of Department for Work and Pensions."]
    }
    assert _roles(org_a)["viewer-a"] == "viewer"


def test_a_member_of_another_organisation_can_be_added(
    client, org_a, admin_a, editor_b, members_url
):
    client.force_login(admin_a)
    client.post(f"{members_url}add/", {"username": "editor-b", "role": "viewer"})
    assert _roles(org_a)["editor-b"] == "viewer"


def test_adding_with_an_unknown_role_is_refused(client, org_a, admin_a, members_url):
    UserFactory(username="newcomer")
    client.force_login(admin_a)
    response = client.post(f"{members_url}add/", {"username": "newcomer", "role": "owner"})
    assert "role" in response.context["form"].errors
    assert "newcomer" not in _roles(org_a)


def test_editors_cannot_add_members(client, org_a, editor_a, members_url):
    UserFactory(username="newcomer")
    client.force_login(editor_a)
    response = client.post(f"{members_url}add/", {"username": "newcomer", "role": "admin"})
    assert response.status_code == 403
    assert "newcomer" not in _roles(org_a)


# --- changing roles -------------------------------------------------------------------------


def test_admin_changes_a_role_and_sees_a_success_message(
    client, org_a, admin_a, viewer_a, members_url
):
    membership = Membership.objects.get(user=viewer_a)
    client.force_login(admin_a)

    response = client.get(f"{members_url}{membership.pk}/role/")
    assert response.context["form"].initial == {"role": "viewer"}
    response = client.post(f"{members_url}{membership.pk}/role/", {"role": "editor"}, follow=True)

    assert response.redirect_chain == [(members_url, 302)]
    assert "viewer-a is now editor." in _text(response)
    assert _roles(org_a)["viewer-a"] == "editor"


def test_the_last_admin_cannot_be_demoted_through_the_page(client, org_a, admin_a, members_url):
    membership = Membership.objects.get(user=admin_a)
    client.force_login(admin_a)

    response = client.post(f"{members_url}{membership.pk}/role/", {"role": "viewer"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["An organisation must keep at least one admin."]
    }
    assert "An organisation must keep at least one admin." in _text(response)
    assert _roles(org_a)["admin-a"] == "admin"


def test_memberships_of_other_organisations_cannot_be_edited_through_this_one(
    client, org_a, org_b, admin_a, editor_b, members_url
):
    membership_b = Membership.objects.get(user=editor_b)
    client.force_login(admin_a)
    response = client.post(f"{members_url}{membership_b.pk}/role/", {"role": "viewer"})
    assert response.status_code == 404
    assert _roles(org_b)["editor-b"] == "editor"


# --- removing members -----------------------------------------------------------------------


def test_admin_removes_a_member_after_confirming(client, org_a, admin_a, viewer_a, members_url):
    membership = Membership.objects.get(user=viewer_a)
    client.force_login(admin_a)
    url = f"{members_url}{membership.pk}/remove/"

    page = client.get(url)
    assert "They will lose access" in _text(page)
    assert "viewer-a" in _roles(org_a)  # a GET removes nothing

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(members_url, 302)]
    assert "viewer-a is no longer a member of Department for Work and Pensions." in _text(response)
    assert "viewer-a" not in _roles(org_a)


def test_the_last_admin_cannot_be_removed_through_the_page(client, org_a, admin_a, members_url):
    membership = Membership.objects.get(user=admin_a)
    client.force_login(admin_a)

    response = client.post(f"{members_url}{membership.pk}/remove/")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An organisation must keep at least one admin."
    ]
    assert "An organisation must keep at least one admin." in _text(response)
    assert "admin-a" in _roles(org_a)


# --- the members list -----------------------------------------------------------------------


def test_admin_sees_the_add_button_and_actions(client, admin_a, viewer_a, members_url):
    client.force_login(admin_a)
    text = _text(client.get(members_url))
    assert "Add a member" in text
    assert "Change role of viewer-a" in text


def test_viewer_sees_members_but_no_add_button_or_actions(client, admin_a, viewer_a, members_url):
    client.force_login(viewer_a)
    response = client.get(members_url)
    text = _text(response)
    assert response.status_code == 200
    assert "admin-a" in text and "viewer-a" in text
    assert "Add a member" not in text
    assert "Change role" not in text
    assert "/members/add/" not in response.content.decode()


def test_members_list_filters_by_role(client, admin_a, editor_a, viewer_a, members_url):
    client.force_login(viewer_a)
    response = client.get(members_url, {"role": "editor"})
    assert [m.user.username for m in response.context["page"].object_list] == ["editor-a"]


def test_members_list_charts_members_by_role(client, admin_a, editor_a, viewer_a, members_url):
    MembershipFactory(organisation=admin_a.memberships.get().organisation, role="viewer")
    client.force_login(viewer_a)
    chart = client.get(members_url).context["roles_chart"]
    assert chart.rows == [["Viewer", 2], ["Editor", 1], ["Admin", 1]]


# --- history ------------------------------------------------------------------------------


def test_a_role_change_shows_on_the_membership_history_with_who_and_what(
    client, admin_a, viewer_a, members_url
):
    membership = Membership.objects.get(user=viewer_a)
    client.force_login(admin_a)
    client.post(f"{members_url}{membership.pk}/role/", {"role": "editor"})

    client.force_login(viewer_a)
    response = client.get(f"{members_url}{membership.pk}/history/")

    newest = response.context["entries"][0]
    assert (newest.who, newest.action) == ("Test Admin-A", "Changed")
    assert newest.changes == [("Role", "Viewer", "Editor")]
    assert response.context["entries"][-1].action == "Created"
    text = _text(response)
    assert "Test Admin-A Changed Role : Viewer → Editor" in text


# --- organisation lists -------------------------------------------------------------------


@pytest.fixture
def tree(db):
    """Two departments with agencies under them, created out of alphabetical order."""
    zeta = OrganisationFactory(name="Zeta Department", slug="zeta")
    alpha = OrganisationFactory(name="Alpha Department", slug="alpha")
    OrganisationFactory(
        name="Zeta Agency", slug="zeta-agency", parent=zeta, organisation_type="executive-agency"
    )
    OrganisationFactory(
        name="Alpha Agency", slug="alpha-agency", parent=alpha, organisation_type="executive-agency"
    )
    OrganisationFactory(
        name="Aardvark Office",
        slug="aardvark",
        parent=OrganisationFactory(name="Alpha Sub", slug="alpha-sub", parent=alpha),
        organisation_type="other",
    )
    return alpha, zeta


def test_organisation_list_puts_children_under_their_parents(client, analyst, tree):
    client.force_login(analyst)
    response = client.get("/organisations/")
    assert _tree(response) == [
        ("alpha", 0),
        ("alpha-agency", 1),
        ("alpha-sub", 1),
        ("aardvark", 2),
        ("zeta", 0),
        ("zeta-agency", 1),
    ]
    assert 'class="govuk-table__cell app-tree-depth-2"' in response.content.decode()


def test_organisation_list_filters_by_type(client, analyst, tree):
    client.force_login(analyst)
    response = client.get("/organisations/", {"organisation_type": "executive-agency"})
    # Agencies whose departments are filtered out show at the top level.
    assert _tree(response) == [("alpha-agency", 0), ("zeta-agency", 0)]


def test_organisation_list_ignores_an_unknown_type(client, analyst, tree):
    client.force_login(analyst)
    response = client.get("/organisations/", {"organisation_type": "made-up"})
    assert len(_tree(response)) == 6


def test_organisation_list_shows_members_only_their_organisations(
    client, org_a, org_b, viewer_a, tree
):
    client.force_login(viewer_a)
    response = client.get("/organisations/")
    assert _tree(response) == [(org_a.slug, 0)]
    assert response.context["tree"][0].organisation.member_count == 1


def test_organisation_list_exports_what_it_shows(client, analyst, tree):
    client.force_login(analyst)
    response = client.get("/organisations/", {"organisation_type": "other", "format": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == ["Name,Slug,Type,Parent", "Aardvark Office,aardvark,Other,Alpha Sub"]


def test_switcher_lists_only_the_users_organisations(client, org_a, org_b, tree):
    user = UserFactory(username="two-hats")
    MembershipFactory(user=user, organisation=org_b)
    MembershipFactory(user=user, organisation=tree[1])
    client.force_login(user)

    response = client.get("/organisations/switch/")

    assert _tree(response) == [(org_b.slug, 0), ("zeta", 0)]
    assert org_a.name not in response.content.decode()


def test_switcher_lists_everything_for_a_central_analyst(client, analyst, org_a, org_b, tree):
    client.force_login(analyst)
    slugs = [slug for slug, _depth in _tree(client.get("/organisations/switch/"))]
    assert set(slugs) == {org_a.slug, org_b.slug, "alpha", "alpha-agency", "alpha-sub"} | {
        "aardvark",
        "zeta",
        "zeta-agency",
    }


def test_switcher_link_shows_only_for_people_in_several_organisations(client, org_a, viewer_a):
    client.force_login(viewer_a)
    assert "Switch organisation" not in _text(client.get(f"/o/{org_a.slug}/"))
    MembershipFactory(user=viewer_a, organisation=OrganisationFactory())
    assert "Switch organisation" in _text(client.get(f"/o/{org_a.slug}/"))


def test_the_account_bar_keeps_the_organisation_and_the_switcher_apart(
    client, org_a, org_b, analyst
):
    """A central analyst reads every organisation: its name and "Switch organisation" are two
    list items, not two links run together."""
    import re

    client.force_login(analyst)
    text = client.get(f"/o/{org_a.slug}/").content.decode()
    bar = text[text.index('class="app-account-bar"') :]
    items = re.findall(r"<li\b.*?</li>", bar[: bar.index("</nav>")], re.S)
    named = [item for item in items if org_a.name in item]
    switch = [item for item in items if "Switch organisation" in item]
    assert len(named) == 1 and len(switch) == 1 and named != switch


# --- home and the organisation page ---------------------------------------------------------


def test_home_redirects_a_member_of_one_organisation_to_it(client, org_a, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org_a.slug}/"


def test_home_lets_a_member_of_several_organisations_choose(client, org_a, org_b, viewer_a):
    OrganisationFactory(name="Not Mine", slug="not-mine")
    MembershipFactory(user=viewer_a, organisation=org_b)
    client.force_login(viewer_a)

    response = client.get("/")

    assert response.status_code == 200
    assert [org.slug for org in response.context["organisations"]] == [org_a.slug, org_b.slug]
    assert "Choose an organisation" in _text(response)
    assert "Not Mine" not in _text(response)


def test_home_returns_to_the_organisation_last_visited(client, org_a, org_b, viewer_a):
    MembershipFactory(user=viewer_a, organisation=org_b)
    client.force_login(viewer_a)
    client.get(f"/o/{org_b.slug}/")
    assert client.get("/")["Location"] == f"/o/{org_b.slug}/"


def test_home_tells_someone_with_no_organisation_what_to_do(client, db):
    client.force_login(UserFactory(username="lonely"))
    response = client.get("/")
    assert "You are not a member of any organisation yet" in _text(response)


def test_home_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_organisation_page_lists_its_children_and_parent(client, analyst, tree):
    alpha, _zeta = tree
    client.force_login(analyst)
    text = _text(client.get("/o/alpha-sub/"))
    assert "Part of Alpha Department ." in text
    assert "Bodies under Alpha Sub Aardvark Office" in text


def test_an_admin_who_removes_themselves_is_sent_home_not_to_a_404(
    client, org_a, org_b, admin_a, members_url
):
    MembershipFactory(organisation=org_a, role="admin", user__username="other-admin")
    MembershipFactory(organisation=org_b, user=admin_a)
    membership = Membership.objects.get(user=admin_a, organisation=org_a)
    client.force_login(admin_a)

    response = client.post(f"{members_url}{membership.pk}/remove/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0] == ("/", 302)
    assert response.request["PATH_INFO"] == f"/o/{org_b.slug}/"
    assert "admin-a is no longer a member of Department for Work and Pensions." in _text(response)
    assert "admin-a" not in _roles(org_a)


def test_organisation_pages_write_the_session_only_when_the_organisation_changes(
    client, editor_a, org_a
):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor_a)
    url = f"/o/{org_a.slug}/"
    client.get(url)  # the first visit records the current organisation
    assert client.session["current_org"] == org_a.slug

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    session_table = Session._meta.db_table
    writes = [
        q["sql"]
        for q in queries
        if session_table in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []
