"""History of records (core/history.py): who changed what, old → new, newest first."""

from __future__ import annotations

import re

from smarterstate.core.history import history_entries
from smarterstate.organisations import services
from smarterstate.organisations.models import Membership
from smarterstate.organisations.tests.factories import OrganisationFactory


def test_a_role_change_made_in_the_page_is_recorded_with_who_and_old_and_new(
    client, org_a, admin_a, editor_a
):
    membership = Membership.objects.get(user=editor_a)
    client.force_login(admin_a)

    client.post(f"/o/{org_a.slug}/members/{membership.pk}/role/", {"role": "admin"})
    response = client.get(f"/o/{org_a.slug}/members/{membership.pk}/history/")

    entries = history_entries(membership)
    assert [(e.who, e.action, e.changes) for e in entries[:1]] == [
        ("Test Admin-A", "Changed", [("Role", "Editor", "Admin")])
    ]
    html = response.content.decode()
    assert re.search(r"<strong>Role</strong>: Editor → Admin", html)
    assert "Test Admin-A" in html


def test_a_change_made_outside_a_request_is_by_the_system(org_a, viewer_a):
    membership = Membership.objects.get(user=viewer_a)
    services.membership_update(membership=membership, role="editor")
    newest = history_entries(membership)[0]
    assert (newest.who, newest.changes) == ("System", [("Role", "Viewer", "Editor")])


def test_the_first_entry_lists_every_field_as_created(org_a):
    created = history_entries(org_a)[-1]
    assert created.action == "Created"
    changes = {label: (old, new) for label, old, new in created.changes}
    assert changes["Name"] == ("", "Department for Work and Pensions")
    assert changes["Type"] == ("", "Ministerial department")
    assert changes["Parent"] == ("", "")


def test_related_records_show_by_name_and_entries_come_newest_first(org_a, org_b):
    services.organisation_update(organisation=org_b, parent=org_a)
    services.organisation_update(organisation=org_b, name="HMRC")

    entries = history_entries(org_b)

    assert [e.action for e in entries] == ["Changed", "Changed", "Created"]
    assert entries[0].changes == [("Name", "HM Revenue & Customs", "HMRC")]
    assert entries[1].changes[0] == ("Parent", "", "Department for Work and Pensions")


def test_organisation_history_page_shows_changes(client, analyst, db):
    org = OrganisationFactory(name="Old Name", slug="renamed")
    services.organisation_update(organisation=org, name="New Name")
    client.force_login(analyst)
    html = client.get("/o/renamed/history/").content.decode()
    assert "<strong>Name</strong>: Old Name → New Name" in html
