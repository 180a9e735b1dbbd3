"""The search box: finds each kind of record of the current organisation, never another's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smarterstate.ai.tests.factories import make_use_case
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerMappingFactory,
    PartyFactory,
    ProcessFactory,
)
from smarterstate.lifecycle.tests.factories import ComponentFactory, SystemFactory
from smarterstate.outcomes.tests.factories import initiative
from smarterstate.search.selectors import search
from smarterstate.skills.tests.factories import person

pytestmark = pytest.mark.django_db


def records(org, word: str) -> None:
    """One record of every kind, each carrying ``word`` in a searched field."""
    initiative(org, name=f"{word} digital service")
    system = SystemFactory(organisation=org, name=f"{word} case management")
    ComponentFactory(system=system, name=f"{word.lower()}-core", version="2.1")
    make_use_case(org, name=f"{word} letter triage")
    person(org, reference=f"{word}-P7", team="Payments")
    mapping = BuyerMappingFactory(organisation=org)
    process = ProcessFactory(buyer=mapping.party, title=f"{word} hosting services")
    AwardFactory(process=process, suppliers=[PartyFactory(name=f"{word} Cloud Ltd")])


@pytest.fixture
def data(org_a, org_b):
    records(org_a, "Aurora")
    records(org_b, "Borealis")
    # B also has a record that shares A's word, to show scoping is by organisation, not by word.
    initiative(org_b, name="Aurora at HMRC")


def search_page(client, org, query):
    return client.get(reverse("search:page", kwargs={"org_slug": org.slug}), {"q": query})


def test_it_finds_every_kind_in_the_organisation(client, editor_a, org_a, data):
    client.force_login(editor_a)
    html = search_page(client, org_a, "aurora").content.decode()
    for heading in [
        "Initiatives",
        "Systems",
        "Components",
        "Suppliers",
        "Procurement processes",
        "AI use cases",
        "People",
    ]:
        assert f">{heading}</h2>" in html, heading
    assert "Aurora digital service" in html
    assert "aurora-core" in html
    assert "Aurora Cloud Ltd" in html
    assert "Aurora-P7" in html
    assert "Aurora at HMRC" not in html


@pytest.mark.parametrize("persona", ["editor_a", "viewer_a", "analyst"])
def test_another_organisations_records_never_appear(client, personas, org_a, data, persona):
    client.force_login(personas[persona])
    html = search_page(client, org_a, "borealis").content.decode()
    assert "Borealis" not in html.replace("‘borealis’", "")
    assert "No results" in html


def test_people_are_found_only_by_those_who_may_see_people(client, viewer_a, analyst, org_a, data):
    for user in (viewer_a, analyst):
        client.force_login(user)
        html = search_page(client, org_a, "aurora").content.decode()
        assert "Aurora-P7" not in html
        assert ">People</h2>" not in html
        assert ">Systems</h2>" in html


def test_a_member_of_another_organisation_cannot_search_it(client, editor_b, org_a, data):
    client.force_login(editor_b)
    assert search_page(client, org_a, "aurora").status_code == 404


def test_links_lead_to_each_record(client, editor_a, org_a, data):
    client.force_login(editor_a)
    groups = {g.key: g for g in search(user=editor_a, organisation=org_a, query="aurora")}
    for group in groups.values():
        for hit in group.hits:
            assert client.get(hit.url).status_code == 200, hit.url


def test_several_words_must_all_match(editor_a, org_a, data):
    groups = search(user=editor_a, organisation=org_a, query="aurora triage")
    assert [g.key for g in groups] == ["use_cases"]


def test_empty_query_and_no_match(client, editor_a, org_a, data):
    client.force_login(editor_a)
    html = search_page(client, org_a, "").content.decode()
    assert "Enter a word" in html
    html = search_page(client, org_a, "zzzznothing").content.decode()
    assert "No results" in html and "zzzznothing" in html


def test_the_header_has_the_search_box_for_the_current_organisation(client, viewer_a, org_a):
    client.force_login(viewer_a)
    html = client.get(
        reverse("organisations:home", kwargs={"org_slug": org_a.slug})
    ).content.decode()
    action = reverse("search:page", kwargs={"org_slug": org_a.slug})
    assert f'action="{action}"' in html
    assert 'name="q" type="search"' in html


def test_the_api_answers_the_same_search(client, editor_a, org_a, data):
    client.force_login(editor_a)
    body = client.get("/api/v1/search/", {"organisation": org_a.slug, "q": "aurora"}).json()
    assert body["organisation"] == org_a.slug
    keys = [group["key"] for group in body["results"]]
    assert keys == [
        "initiatives", "systems", "components", "suppliers", "processes", "use_cases", "people",
    ]  # fmt: skip
    assert body["results"][0]["hits"][0]["title"] == "Aurora digital service"


def test_the_api_refuses_another_organisation_and_finds_nothing_without_words(
    client, editor_b, org_a, data
):
    client.force_login(editor_b)
    assert (
        client.get("/api/v1/search/", {"organisation": org_a.slug, "q": "aurora"}).status_code
        == 404
    )
    response = client.get("/api/v1/search/", {"organisation": org_a.slug})
    assert response.status_code == 404
    response = client.get("/api/v1/search/", {"organisation": "hm-revenue-customs"})
    assert response.status_code == 200 and response.json()["results"] == []
    client.logout()
    assert client.get("/api/v1/search/", {"organisation": org_a.slug, "q": "a"}).status_code in (
        401,
        403,
    )
