"""Links to other pillars' records: registry of kinds, the target must exist and be readable."""

import pytest
from django.core.exceptions import ValidationError

from smarterstate.commercial.tests.factories import ProcessFactory
from smarterstate.outcomes.services.links import available_kinds, link_create, link_href

from . import factories as f


def test_commercial_records_are_linkable_by_id_or_ocid(org_a):
    init = f.initiative(org_a)
    process = ProcessFactory()
    link = link_create(
        initiative=init, kind="commercial.Process", identifier=process.ocid, note="Re-procure"
    )
    assert link.object_id == str(process.pk)
    assert link.kind_label == "commercial.Process"
    assert link_href(link).endswith(f"{process.ocid}/")
    with pytest.raises(ValidationError) as exc:
        link_create(initiative=init, kind="commercial.Process", identifier=str(process.pk))
    assert "already linked" in str(exc.value)


def test_unknown_kinds_and_missing_records_are_refused(org_a):
    init = f.initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        link_create(initiative=init, kind="auth.User", identifier="1")
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        link_create(initiative=init, kind="commercial.Contract", identifier="999999")
    assert "identifier" in exc.value.message_dict


def test_only_installed_kinds_are_offered():
    labels = [kind.label for kind in available_kinds()]
    assert labels[:2] == ["commercial.Process", "commercial.Contract"]


def test_records_of_another_organisation_cannot_be_linked(org_a, org_b):
    """Kinds with an organisation field must belong to the initiative's organisation."""
    from smarterstate.outcomes.services import links

    other = f.initiative(org_b, name="B's initiative")
    links.LINKABLE.append(links.LinkKind("outcomes.Initiative", "Initiative (test)"))
    try:
        with pytest.raises(ValidationError) as exc:
            link_create(
                initiative=f.initiative(org_a), kind="outcomes.Initiative", identifier=str(other.pk)
            )
        assert "no initiative (test)" in str(exc.value)
        own = f.initiative(org_a, name="A's other")
        link_create(
            initiative=f.initiative(org_a, name="A's third"),
            kind="outcomes.Initiative",
            identifier=str(own.pk),
        )
    finally:
        links.LINKABLE.pop()


def test_search_finds_records_to_link_by_name_title_or_ocid(client, editor_a, org_a):
    from django.urls import reverse

    from smarterstate.outcomes.services.links import link_search

    process = ProcessFactory(title="Cloud hosting services")
    init = f.initiative(org_a)
    assert link_search(initiative=init, kind="commercial.Process", query="cloud hosting") == [
        (str(process.pk), str(process))
    ]
    assert link_search(initiative=init, kind="nonsense.Kind", query="cloud") == []
    client.force_login(editor_a)
    url = reverse(
        "outcomes:link-add", kwargs={"org_slug": org_a.slug, "outcomes_initiative_pk": init.pk}
    )
    response = client.get(url, {"kind": "commercial.Process", "q": process.ocid})
    assert response.status_code == 200 and response.context["results"] == [
        (str(process.pk), str(process))
    ]


def test_ai_use_cases_serving_an_initiative_are_listed_as_links(client, viewer_a, org_a):
    """Issue 16 item 9: the use case names its initiative as a link, and the initiative links back."""
    from django.urls import reverse

    from smarterstate.ai.tests.factories import make_use_case

    init = f.initiative(org_a)
    use_case = make_use_case(org_a, initiative=init)
    client.force_login(viewer_a)
    html = client.get(
        reverse(
            "outcomes:initiative",
            kwargs={"org_slug": org_a.slug, "outcomes_initiative_pk": init.pk},
        )
    ).content.decode()
    use_case_url = reverse(
        "ai:use-case", kwargs={"org_slug": org_a.slug, "use_case_pk": use_case.pk}
    )
    assert f'<a class="govuk-link" href="{use_case_url}">{use_case.name}</a>' in html
    assert client.get(use_case_url).status_code == 200
