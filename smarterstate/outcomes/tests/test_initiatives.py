"""Initiatives: outcome-first flag, nesting, phase only through gates, confidence ratings."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smarterstate.outcomes.models import Initiative
from smarterstate.outcomes.services import initiatives, outcomes

from . import factories as f


def test_an_initiative_without_a_measurable_outcome_is_flagged(org_a):
    init = f.initiative(org_a)
    assert init.flagged
    f.outcome(init, measurable=False)
    init.refresh_from_db()
    assert init.flagged, "an outcome with no baseline or target is not measurable"
    assert Initiative.objects.flagged().filter(pk=init.pk).exists()


def test_a_baseline_and_target_clear_the_flag_and_removing_them_sets_it_again(org_a):
    init = f.initiative(org_a)
    outcome = f.outcome(init)
    init.refresh_from_db()
    assert not init.flagged
    outcomes.outcome_update(outcome=outcome, target_value=None, target_date=None)
    init.refresh_from_db()
    assert init.flagged
    outcomes.outcome_delete(outcome=outcome)
    init.refresh_from_db()
    assert init.flagged


def test_the_phase_changes_only_through_a_gate_review(org_a):
    init = f.initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        initiatives.initiative_update(initiative=init, phase="live")
    assert "gate review" in str(exc.value)
    init.refresh_from_db()
    assert init.phase == "discovery"


def test_pilots_start_only_as_pilots(org_a):
    with pytest.raises(ValidationError) as exc:
        initiatives.initiative_create(organisation=org_a, name="X", kind="pilot")
    assert "kind" in exc.value.message_dict
    init = f.initiative(org_a)
    with pytest.raises(ValidationError):
        initiatives.initiative_update(initiative=init, kind="pilot")


def test_initiatives_nest_within_one_organisation_without_cycles(org_a, org_b):
    programme = f.initiative(org_a, name="Programme", kind="programme")
    project = f.initiative(org_a, name="Project", kind="project", parent=programme)
    assert list(programme.children.all()) == [project]
    with pytest.raises(ValidationError) as exc:
        initiatives.initiative_update(initiative=programme, parent=project)
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        f.initiative(org_b, name="Elsewhere", parent=programme)


def test_end_date_must_not_precede_start(org_a):
    with pytest.raises(ValidationError) as exc:
        f.initiative(org_a, start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 1))
    assert "end_date" in exc.value.message_dict


def test_ratings_use_the_organisations_scale_and_keep_their_history(org_a, editor_a):
    init = f.initiative(org_a)
    initiatives.confidence_rating_add(
        initiative=init,
        rating="amber-green",
        rated_on=f.TODAY - dt.timedelta(days=30),
        user=editor_a,
    )
    initiatives.portfolio_settings_update(organisation=org_a, confidence_scale=3)
    with pytest.raises(ValidationError) as exc:
        initiatives.confidence_rating_add(initiative=init, rating="amber-green")
    assert "3-point" in str(exc.value)
    initiatives.confidence_rating_add(initiative=init, rating="red", rated_on=f.TODAY)
    init.refresh_from_db()
    assert init.delivery_confidence == "red"
    assert [(r.rating, r.scale) for r in init.ratings.all()] == [("red", 3), ("amber-green", 5)]


def test_an_older_rating_does_not_replace_the_current_one(org_a):
    init = f.initiative(org_a)
    initiatives.confidence_rating_add(initiative=init, rating="green", rated_on=f.TODAY)
    initiatives.confidence_rating_add(
        initiative=init, rating="red", rated_on=f.TODAY - dt.timedelta(days=90)
    )
    init.refresh_from_db()
    assert init.delivery_confidence == "green"


def test_every_change_is_kept_in_history(org_a, editor_a):
    init = f.initiative(org_a)
    initiatives.initiative_update(initiative=init, name="Renamed", user=editor_a)
    assert init.history.count() == 2
    assert init.history.first().name == "Renamed"
