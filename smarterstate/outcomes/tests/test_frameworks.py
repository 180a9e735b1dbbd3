"""The model choices match the bundled frameworks file (data/frameworks/checklists.json)."""

from smarterstate.outcomes import frameworks
from smarterstate.outcomes.models import SCALE_RATINGS, Confidence, MandatoryKPI, Phase


def test_phases_are_the_service_manual_phases():
    assert [label.lower() for label in Phase.labels] == frameworks.service_phases()


def test_mandatory_kpis_are_the_four_in_the_file():
    assert [label.lower() for label in MandatoryKPI.labels] == frameworks.mandatory_kpis()


def test_confidence_scales_match_the_ipa_scales():
    for points in (5, 3):
        labels = [Confidence(value).label for value in SCALE_RATINGS[points]]
        assert labels == frameworks.confidence_scale(points)


def test_the_service_standard_has_14_points():
    assert len(frameworks.service_standard()) == 14
