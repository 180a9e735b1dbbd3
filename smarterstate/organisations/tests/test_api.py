"""The organisations and memberships API, as each persona sees it.

Covers authentication (token, session, none), the shape of lists and errors,
and every rule for who may create, change and delete organisations and
memberships. Each test checks the response body or the database, not only the
status code. tests/test_authorization_walk.py separately walks every URL.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from smarterstate.accounts.models import User
from smarterstate.organisations.models import Membership, Organisation

from .factories import MembershipFactory, OrganisationFactory, UserFactory

ORGS = "/api/v1/organisations/"
MEMBERSHIPS = "/api/v1/memberships/"


def org_url(slug: str) -> str:
    return f"{ORGS}{slug}/"


def membership_url(membership: Membership) -> str:
    return f"{MEMBERSHIPS}{membership.pk}/"


def client_for(user=None) -> APIClient:
    """A client signed in with a real session (SessionAuthentication), or anonymous."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def assert_error(response, status: int, **field_messages: str) -> dict:
    """The response is a JSON error with this status and these field messages (substrings)."""
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    for field, message in field_messages.items():
        assert field in body["errors"], body
        assert any(message in text for text in body["errors"][field]), body
    if not field_messages:
        assert body["errors"] == {}, body
    return body


# --- Tokens: the create_api_token command ------------------------------------------


def create_token(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_create_api_token_prints_a_token_that_signs_in(admin_a, org_a):
    key = create_token("admin-a")

    assert Token.objects.get(user=admin_a).key == key
    response = token_client(key).get(ORGS)
    assert response.status_code == 200
    assert [org["slug"] for org in response.json()["results"]] == [org_a.slug]


def test_create_api_token_again_prints_the_same_token(admin_a):
    assert create_token("admin-a") == create_token("admin-a")
    assert Token.objects.filter(user=admin_a).count() == 1


def test_create_api_token_rotate_replaces_the_token(admin_a):
    old = create_token("admin-a")
    new = create_token("admin-a", "--rotate")

    assert new != old
    assert list(Token.objects.filter(user=admin_a).values_list("key", flat=True)) == [new]
    assert_error(token_client(old).get(ORGS), 401)
    assert token_client(new).get(ORGS).status_code == 200


def test_create_api_token_for_an_unknown_user_fails(db):
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        create_token("nobody")
    assert not Token.objects.exists()


def test_create_api_token_for_an_inactive_user_fails(db):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="not active"):
        create_token("gone")
    assert not Token.objects.exists()


# --- Authentication ------------------------------------------------------------------


@pytest.mark.parametrize("url", [ORGS, MEMBERSHIPS, "/api/v1/jobs/"])
def test_anonymous_requests_get_401_with_a_json_body(url, org_a):
    response = APIClient().get(url)

    body = assert_error(response, 401)
    assert body["detail"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_writes_are_refused_and_change_nothing(org_a, admin_a):
    client = APIClient()
    response = client.post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "admin-a", "role": "viewer"},
        format="json",
    )
    assert_error(response, 401)
    assert_error(client.patch(org_url(org_a.slug), {"name": "Hacked"}, format="json"), 401)
    assert_error(client.delete(membership_url(membership_of(admin_a, org_a))), 401)

    assert Membership.objects.count() == 1
    org_a.refresh_from_db()
    assert org_a.name == "Department for Work and Pensions"


def test_an_unknown_token_gets_401(org_a):
    body = assert_error(token_client("0" * 40).get(ORGS), 401)
    assert body["detail"] == "Invalid token."


def test_an_inactive_users_token_gets_401(admin_a):
    key = create_token("admin-a")
    User.objects.filter(pk=admin_a.pk).update(is_active=False)

    assert_error(token_client(key).get(ORGS), 401)


def test_session_authentication_reads(admin_a, org_a, org_b):
    response = client_for(admin_a).get(ORGS)

    assert response.status_code == 200
    assert [org["slug"] for org in response.json()["results"]] == [org_a.slug]


def test_session_writes_need_the_csrf_token(admin_a, org_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_a)

    response = client.patch(org_url(org_a.slug), {"name": "Renamed"}, format="json")

    body = assert_error(response, 403)
    assert "CSRF" in body["detail"]
    org_a.refresh_from_db()
    assert org_a.name == "Department for Work and Pensions"


def test_token_writes_need_no_csrf_token(admin_a, org_a):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_token('admin-a')}")

    response = client.patch(org_url(org_a.slug), {"name": "Renamed"}, format="json")

    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.name == "Renamed"


# --- Lists: pagination and scoping ------------------------------------------------------


def test_lists_are_paginated_by_50(superuser, org_a, org_b):
    Organisation.objects.bulk_create(
        Organisation(name=f"Body {n:02}", slug=f"body-{n:02}", organisation_type="other")
        for n in range(53)
    )
    client = client_for(superuser)

    first = client.get(ORGS).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 55
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/organisations/?page=2"
    assert first["results"][0] == {
        "slug": "body-00",
        "name": "Body 00",
        "organisation_type": "other",
        "parent": None,
        "created_at": first["results"][0]["created_at"],
        "updated_at": first["results"][0]["updated_at"],
    }

    second = client.get(first["next"]).json()
    assert second["count"] == 55
    assert [org["slug"] for org in second["results"]] == [  # ordered by name
        "body-50",
        "body-51",
        "body-52",
        org_a.slug,
        org_b.slug,
    ]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/organisations/"


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "1e3", "9" * 40])
def test_pages_out_of_range_are_404_json(superuser, org_a, page):
    body = assert_error(client_for(superuser).get(ORGS, {"page": page}), 404)
    assert body["detail"] == "Invalid page."


def test_members_list_only_their_organisations(admin_a, viewer_a, org_a, org_b, editor_b):
    for user in (admin_a, viewer_a):
        body = client_for(user).get(ORGS).json()
        assert body["count"] == 1
        assert [org["slug"] for org in body["results"]] == [org_a.slug]

        memberships = client_for(user).get(MEMBERSHIPS).json()
        assert {m["organisation"] for m in memberships["results"]} == {org_a.slug}
        assert "editor-b" not in {m["username"] for m in memberships["results"]}


def test_reading_another_organisation_is_404(admin_a, org_b, editor_b):
    client = client_for(admin_a)

    body = assert_error(client.get(org_url(org_b.slug)), 404)
    assert body["detail"] == "Not found."
    assert_error(client.get(membership_url(membership_of(editor_b, org_b))), 404)


@pytest.mark.parametrize("junk", ["no-such-body", "a.b", "%20", "x" * 300, "..."])
def test_unknown_organisation_slugs_are_404_json(admin_a, junk):
    assert_error(client_for(admin_a).get(org_url(junk)), 404)


@pytest.mark.parametrize("junk", ["999999", "abc", "0.5", "-1", "9" * 30, "null"])
def test_unknown_membership_ids_are_404_json(admin_a, junk):
    assert_error(client_for(admin_a).get(f"{MEMBERSHIPS}{junk}/"), 404)


def test_the_analyst_lists_memberships_of_every_organisation(
    analyst, admin_a, editor_a, viewer_a, editor_b, org_a, org_b
):
    body = client_for(analyst).get(MEMBERSHIPS).json()

    assert body["count"] == 4
    assert {(m["organisation"], m["username"], m["role"]) for m in body["results"]} == {
        (org_a.slug, "admin-a", "admin"),
        (org_a.slug, "editor-a", "editor"),
        (org_a.slug, "viewer-a", "viewer"),
        (org_b.slug, "editor-b", "editor"),
    }


def test_memberships_filter_by_organisation(analyst, admin_a, editor_b, org_a, org_b):
    client = client_for(analyst)

    body = client.get(MEMBERSHIPS, {"organisation": org_b.slug}).json()
    assert [(m["organisation"], m["username"]) for m in body["results"]] == [
        (org_b.slug, "editor-b")
    ]
    assert client.get(MEMBERSHIPS, {"organisation": "no-such-body"}).json()["count"] == 0
    assert client.get(MEMBERSHIPS, {"organisation": ""}).json()["count"] == 2


def test_a_member_cannot_filter_their_way_into_another_organisation(admin_a, editor_b, org_b):
    body = client_for(admin_a).get(MEMBERSHIPS, {"organisation": org_b.slug}).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("junk", ["not a slug", "a\x00b", "x" * 121])
def test_a_junk_organisation_filter_is_400(analyst, junk):
    assert_error(client_for(analyst).get(MEMBERSHIPS, {"organisation": junk}), 400, organisation="")


# --- Memberships: create ----------------------------------------------------------------


def test_an_admin_adds_a_member(admin_a, org_a):
    UserFactory(username="newcomer")

    response = client_for(admin_a).post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "newcomer", "role": "editor"},
        format="json",
    )

    assert response.status_code == 201, response.content
    created = Membership.objects.get(user__username="newcomer")
    assert (created.organisation, created.role) == (org_a, "editor")
    assert response.json() == {
        "id": created.pk,
        "organisation": org_a.slug,
        "username": "newcomer",
        "role": "editor",
        "created_at": response.json()["created_at"],
    }


def test_multipart_form_bodies_work_too(admin_a, org_a):
    UserFactory(username="newcomer")

    response = client_for(admin_a).post(
        MEMBERSHIPS, {"organisation": org_a.slug, "username": "newcomer", "role": "viewer"}
    )

    assert response.status_code == 201
    assert membership_of(User.objects.get(username="newcomer"), org_a).role == "viewer"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"organisation": "no-such-body", "username": "newcomer", "role": "viewer"},
            "organisation",
            "There is no organisation “no-such-body” that you can see.",
        ),
        (
            {"organisation": "department-for-work-pensions", "username": "ghost", "role": "viewer"},
            "username",
            "There is no active user “ghost”.",
        ),
        (
            {
                "organisation": "department-for-work-pensions",
                "username": "newcomer",
                "role": "boss",
            },
            "role",
            '"boss" is not a valid choice.',
        ),
        (
            {"organisation": "department-for-work-pensions", "role": "viewer"},
            "username",
            "This field is required.",
        ),
        (
            {"organisation": "department-for-work-pensions\x00", "username": "x", "role": "viewer"},
            "organisation",
            "Null characters are not allowed.",
        ),
        (
            {"organisation": "department-for-work-pensions", "username": "a\x00", "role": "viewer"},
            "username",
            "Null characters are not allowed.",
        ),
        (
            {"organisation": ["a"], "username": "newcomer", "role": "viewer"},
            "organisation",
            "Give the organisation's slug.",
        ),
        (
            {"organisation": "department-for-work-pensions", "username": {"b": 1}, "role": "x"},
            "username",
            "Give the member's username.",
        ),
    ],
)
def test_bad_memberships_are_400_with_field_messages(admin_a, org_a, payload, field, message):
    UserFactory(username="newcomer")
    UserFactory(username="sleeper", is_active=False)

    response = client_for(admin_a).post(MEMBERSHIPS, payload, format="json")

    assert_error(response, 400, **{field: message})
    assert Membership.objects.count() == 1


def test_an_inactive_user_cannot_be_added(admin_a, org_a):
    UserFactory(username="sleeper", is_active=False)

    response = client_for(admin_a).post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "sleeper", "role": "viewer"},
        format="json",
    )

    assert_error(response, 400, username="There is no active user “sleeper”.")
    assert not Membership.objects.filter(user__username="sleeper").exists()


def test_a_duplicate_membership_is_400_on_username(admin_a, editor_a, org_a):
    response = client_for(admin_a).post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "editor-a", "role": "admin"},
        format="json",
    )

    assert_error(response, 400, username="editor-a is already a member of this organisation.")
    assert membership_of(editor_a, org_a).role == "editor"
    assert Membership.objects.filter(user=editor_a).count() == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        ("{not json", "application/json", 400, "JSON parse error"),
        ("<xml/>", "application/xml", 415, 'Unsupported media type "application/xml"'),
    ],
)
def test_unparseable_bodies_are_json_errors(admin_a, org_a, body, content_type, status, detail):
    response = client_for(admin_a).generic("POST", MEMBERSHIPS, body, content_type=content_type)

    assert detail in assert_error(response, status)["detail"]
    assert Membership.objects.count() == 1


def test_a_list_body_is_a_400(admin_a, org_a):
    response = client_for(admin_a).post(MEMBERSHIPS, [1, 2], format="json")

    assert_error(response, 400, non_field_errors="Invalid data. Expected a dictionary")


def test_an_admin_of_a_cannot_add_members_to_b(admin_a, org_a, org_b, editor_b):
    """B answers like an unknown organisation: A's admin learns nothing about B."""
    UserFactory(username="newcomer")

    response = client_for(admin_a).post(
        MEMBERSHIPS,
        {"organisation": org_b.slug, "username": "newcomer", "role": "admin"},
        format="json",
    )

    assert_error(
        response, 400, organisation=f"There is no organisation “{org_b.slug}” that you can see."
    )
    assert list(org_b.memberships.values_list("user__username", flat=True)) == ["editor-b"]
    assert not Membership.objects.filter(user__username="newcomer").exists()


@pytest.mark.parametrize("persona", ["editor_a", "viewer_a"])
def test_editors_and_viewers_cannot_add_members(request, persona, org_a):
    UserFactory(username="newcomer")

    response = client_for(request.getfixturevalue(persona)).post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "newcomer", "role": "viewer"},
        format="json",
    )

    body = assert_error(response, 403)
    assert body["detail"] == "You need admin access to Department for Work and Pensions."
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_refusal_comes_before_the_duplicate_check(editor_a, viewer_a, org_a):
    """A non-admin learns nothing about who is a member from a create attempt."""
    response = client_for(editor_a).post(
        MEMBERSHIPS,
        {"organisation": org_a.slug, "username": "viewer-a", "role": "admin"},
        format="json",
    )

    assert_error(response, 403)
    assert membership_of(viewer_a, org_a).role == "viewer"


# --- Memberships: change role and remove ------------------------------------------------


def test_an_admin_changes_a_role(admin_a, viewer_a, org_a):
    membership = membership_of(viewer_a, org_a)

    response = client_for(admin_a).patch(
        membership_url(membership), {"role": "editor"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": membership.pk,
        "organisation": org_a.slug,
        "username": "viewer-a",
        "role": "editor",
        "created_at": response.json()["created_at"],
    }
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_an_empty_patch_changes_nothing(admin_a, viewer_a, org_a):
    membership = membership_of(viewer_a, org_a)

    response = client_for(admin_a).patch(membership_url(membership), {}, format="json")

    assert response.status_code == 200
    assert response.json()["role"] == "viewer"
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_a_bad_role_is_400(admin_a, viewer_a, org_a):
    membership = membership_of(viewer_a, org_a)

    response = client_for(admin_a).patch(membership_url(membership), {"role": "owner"})

    assert_error(response, 400, role='"owner" is not a valid choice.')
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_the_last_admin_cannot_be_demoted(admin_a, org_a):
    membership = membership_of(admin_a, org_a)

    response = client_for(admin_a).patch(
        membership_url(membership), {"role": "viewer"}, format="json"
    )

    assert_error(response, 400, role="An organisation must keep at least one admin.")
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_the_last_admin_cannot_be_removed(admin_a, org_a):
    membership = membership_of(admin_a, org_a)

    response = client_for(admin_a).delete(membership_url(membership))

    assert_error(response, 400, non_field_errors="An organisation must keep at least one admin.")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_with_a_second_admin_the_first_may_step_down(admin_a, org_a):
    MembershipFactory(organisation=org_a, role="admin", user__username="admin-a2")
    membership = membership_of(admin_a, org_a)

    response = client_for(admin_a).patch(
        membership_url(membership), {"role": "editor"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    assert list(
        org_a.memberships.filter(role="admin").values_list("user__username", flat=True)
    ) == ["admin-a2"]


def test_an_admin_removes_a_member(admin_a, viewer_a, org_a):
    membership = membership_of(viewer_a, org_a)

    response = client_for(admin_a).delete(membership_url(membership))

    assert response.status_code == 204
    assert response.content == b""
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("persona", ["editor_a", "viewer_a", "analyst"])
def test_non_admins_cannot_change_or_remove_members(request, persona, admin_a, viewer_a, org_a):
    client = client_for(request.getfixturevalue(persona))
    membership = membership_of(viewer_a, org_a)

    assert_error(client.patch(membership_url(membership), {"role": "admin"}, format="json"), 403)
    assert_error(client.delete(membership_url(membership)), 403)

    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_an_admin_of_a_cannot_touch_memberships_of_b(admin_a, editor_b, org_b):
    client = client_for(admin_a)
    membership = membership_of(editor_b, org_b)

    assert_error(client.patch(membership_url(membership), {"role": "viewer"}, format="json"), 404)
    assert_error(client.delete(membership_url(membership)), 404)

    membership.refresh_from_db()
    assert membership.role == "editor"


def test_the_analyst_writes_nothing(analyst, admin_a, org_a, org_b):
    UserFactory(username="newcomer")
    client = client_for(analyst)

    for organisation in (org_a, org_b):
        response = client.post(
            MEMBERSHIPS,
            {"organisation": organisation.slug, "username": "newcomer", "role": "viewer"},
            format="json",
        )
        assert_error(response, 403)
    assert_error(client.patch(org_url(org_a.slug), {"name": "Analysed"}, format="json"), 403)
    assert_error(client.delete(org_url(org_b.slug)), 403)
    response = client.post(
        ORGS, {"slug": "new-body", "name": "New body", "organisation_type": "other"}, format="json"
    )
    assert_error(response, 403)

    assert not Membership.objects.filter(user__username="newcomer").exists()
    assert not Organisation.objects.filter(slug="new-body").exists()
    org_a.refresh_from_db()
    assert org_a.name == "Department for Work and Pensions"


def test_a_superuser_manages_any_membership(superuser, editor_b, org_b):
    client = client_for(superuser)
    membership = membership_of(editor_b, org_b)

    response = client.patch(membership_url(membership), {"role": "admin"}, format="json")
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "admin"

    UserFactory(username="newcomer")
    response = client.post(
        MEMBERSHIPS,
        {"organisation": org_b.slug, "username": "newcomer", "role": "viewer"},
        format="json",
    )
    assert response.status_code == 201
    assert membership_of(User.objects.get(username="newcomer"), org_b).role == "viewer"


# --- Organisations ------------------------------------------------------------------------


def test_a_superuser_creates_an_organisation(superuser, org_a):
    response = client_for(superuser).post(
        ORGS,
        {
            "slug": "jobcentre-plus",
            "name": "Jobcentre Plus",
            "organisation_type": "executive-agency",
            "parent": org_a.slug,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    created = Organisation.objects.get(slug="jobcentre-plus")
    assert (created.name, created.organisation_type, created.parent) == (
        "Jobcentre Plus",
        "executive-agency",
        org_a,
    )
    body = response.json()
    assert {key: body[key] for key in ("slug", "name", "organisation_type", "parent")} == {
        "slug": "jobcentre-plus",
        "name": "Jobcentre Plus",
        "organisation_type": "executive-agency",
        "parent": org_a.slug,
    }


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"slug": "department-for-work-pensions", "name": "X", "organisation_type": "other"},
            "slug",
            "already exists",
        ),
        ({"slug": "not a slug", "name": "X", "organisation_type": "other"}, "slug", "valid"),
        ({"slug": "x", "name": "X", "organisation_type": "guild"}, "organisation_type", "valid"),
        (
            {"slug": "x", "name": "X", "organisation_type": "other", "parent": "nope"},
            "parent",
            "nope",
        ),
        (
            {"slug": "x", "name": "X", "organisation_type": "other", "parent": "a\x00"},
            "parent",
            "Null characters are not allowed.",
        ),
        ({"slug": "x", "name": "X\x00", "organisation_type": "other"}, "name", "Null characters"),
        ({"name": "X", "organisation_type": "other"}, "slug", "This field is required."),
    ],
)
def test_bad_organisations_are_400_with_field_messages(superuser, org_a, payload, field, message):
    response = client_for(superuser).post(ORGS, payload, format="json")

    assert_error(response, 400, **{field: message})
    assert list(Organisation.objects.values_list("slug", flat=True)) == [org_a.slug]


@pytest.mark.parametrize("persona", ["admin_a", "editor_a", "viewer_a", "analyst"])
def test_only_superusers_create_organisations(request, persona, org_a):
    client = client_for(request.getfixturevalue(persona))

    for payload in (
        {"slug": "new-body", "name": "New body", "organisation_type": "other"},
        {"slug": "department-for-work-pensions"},  # refused before it is validated
    ):
        body = assert_error(client.post(ORGS, payload, format="json"), 403)
        assert body["detail"] == "Only platform administrators can create organisations."
    assert list(Organisation.objects.values_list("slug", flat=True)) == [org_a.slug]


def test_an_admin_edits_name_and_type(admin_a, org_a):
    response = client_for(admin_a).patch(
        org_url(org_a.slug),
        {"name": "Department for Work & Pensions", "organisation_type": "other"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Department for Work & Pensions"
    assert response.json()["organisation_type"] == "other"
    org_a.refresh_from_db()
    assert (org_a.name, org_a.organisation_type) == ("Department for Work & Pensions", "other")


def test_an_admin_may_put_the_organisation_unchanged_in_place(admin_a, org_a):
    response = client_for(admin_a).put(
        org_url(org_a.slug),
        {"slug": org_a.slug, "name": "DWP", "organisation_type": org_a.organisation_type},
        format="json",
    )

    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.name == "DWP"


@pytest.mark.parametrize("persona", ["editor_a", "viewer_a", "analyst"])
def test_non_admins_cannot_edit_an_organisation(request, persona, org_a):
    response = client_for(request.getfixturevalue(persona)).patch(
        org_url(org_a.slug), {"name": "Renamed"}, format="json"
    )

    assert_error(response, 403)
    org_a.refresh_from_db()
    assert org_a.name == "Department for Work and Pensions"


def test_an_admin_of_a_cannot_edit_b(admin_a, org_b):
    response = client_for(admin_a).patch(org_url(org_b.slug), {"name": "Mine"}, format="json")

    assert_error(response, 404)
    org_b.refresh_from_db()
    assert org_b.name == "HM Revenue & Customs"


def test_an_admin_cannot_move_the_organisation(admin_a, org_a):
    """Not even under an organisation the admin can read."""
    cabinet_office = OrganisationFactory(name="Cabinet Office", slug="cabinet-office")
    MembershipFactory(organisation=cabinet_office, user=admin_a, role="viewer")

    response = client_for(admin_a).patch(
        org_url(org_a.slug), {"parent": "cabinet-office", "name": "Moved"}, format="json"
    )

    body = assert_error(response, 403)
    assert body["detail"] == "Only platform administrators can move an organisation."
    org_a.refresh_from_db()
    assert (org_a.parent, org_a.name) == (None, "Department for Work and Pensions")


def test_an_admin_naming_an_unreadable_parent_learns_nothing(admin_a, org_a, org_b):
    response = client_for(admin_a).patch(org_url(org_a.slug), {"parent": org_b.slug}, format="json")

    assert_error(response, 400, parent=f"There is no organisation “{org_b.slug}” that you can see.")
    org_a.refresh_from_db()
    assert org_a.parent is None


def test_an_admin_may_send_the_parent_unchanged(admin_a, org_a):
    response = client_for(admin_a).patch(
        org_url(org_a.slug), {"parent": None, "name": "DWP"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["parent"] is None
    org_a.refresh_from_db()
    assert org_a.name == "DWP"


def test_an_admin_cannot_change_the_slug(admin_a, org_a):
    response = client_for(admin_a).patch(org_url(org_a.slug), {"slug": "dwp"}, format="json")

    body = assert_error(response, 403)
    assert body["detail"] == "Only platform administrators can change an organisation's slug."
    assert Organisation.objects.filter(slug="department-for-work-pensions").exists()


def test_a_superuser_moves_an_organisation(superuser, org_a, org_b):
    response = client_for(superuser).patch(
        org_url(org_b.slug), {"parent": org_a.slug}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["parent"] == org_a.slug
    org_b.refresh_from_db()
    assert org_b.parent == org_a


@pytest.mark.parametrize("parent", ["self", "child"])
def test_an_organisation_cannot_sit_under_itself(superuser, org_a, parent):
    child = OrganisationFactory(name="Jobcentre Plus", slug="jobcentre-plus", parent=org_a)
    slug = org_a.slug if parent == "self" else child.slug

    response = client_for(superuser).patch(org_url(org_a.slug), {"parent": slug}, format="json")

    assert_error(response, 400, parent="")
    org_a.refresh_from_db()
    assert org_a.parent is None


def test_only_superusers_delete_organisations(admin_a, superuser, org_a):
    body = assert_error(client_for(admin_a).delete(org_url(org_a.slug)), 403)
    assert body["detail"] == "Only platform administrators can delete organisations."
    assert Organisation.objects.filter(pk=org_a.pk).exists()

    response = client_for(superuser).delete(org_url(org_a.slug))
    assert response.status_code == 204
    assert not Organisation.objects.filter(pk=org_a.pk).exists()
    assert not Membership.objects.filter(user=admin_a).exists()


def test_an_organisation_with_bodies_under_it_cannot_be_deleted(superuser, org_a):
    OrganisationFactory(name="Jobcentre Plus", slug="jobcentre-plus", parent=org_a)

    response = client_for(superuser).delete(org_url(org_a.slug))

    assert_error(response, 400, non_field_errors="Jobcentre Plus")
    assert Organisation.objects.filter(pk=org_a.pk).exists()
