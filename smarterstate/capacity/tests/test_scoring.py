"""Every scorecard rule by hand-computed cases (scoring.py is pure: no database)."""

import pytest

from smarterstate.capacity.scoring import (
    DEFAULT_COMPONENTS,
    normalise,
    overall_score,
    pillar_score,
    rank_intervals,
    ranks,
)


def test_goalposts_map_the_lower_post_to_0_and_the_upper_to_100():
    # C1: 50 → 0, 90 → 100; 74.972 is (74.972 − 50) / 40 = 62.43 %.
    assert normalise(50, 50, 90, "positive") == 0
    assert normalise(90, 50, 90, "positive") == 100
    assert normalise(74.972, 50, 90, "positive") == 62.43
    assert normalise(70, 50, 90, "positive") == 50


def test_values_beyond_the_goalposts_are_capped():
    assert normalise(30, 50, 90, "positive") == 0
    assert normalise(95, 50, 90, "positive") == 100


def test_negative_polarity_scores_lower_values_higher():
    # M1: 60 days scores 100, 365 days scores 0; 136.25 days is (365 − 136.25) / 305 = 75 %.
    assert normalise(60, 60, 365, "negative") == 100
    assert normalise(365, 60, 365, "negative") == 0
    assert normalise(136.25, 60, 365, "negative") == 75
    assert normalise(30, 60, 365, "negative") == 100  # faster than the best goalpost: capped


def test_a_missing_value_stays_missing():
    assert normalise(None, 50, 90, "positive") is None


def test_goalposts_must_differ_and_polarity_must_be_known():
    with pytest.raises(ValueError, match="goalposts"):
        normalise(5, 10, 10, "positive")
    with pytest.raises(ValueError, match="polarity"):
        normalise(5, 0, 10, "sideways")


def test_a_pillar_score_is_the_mean_of_its_components_with_data_no_imputation():
    assert pillar_score([60, 90, None]) == 75  # not (60 + 90 + 0) / 3
    assert pillar_score([None, None]) is None
    assert pillar_score([]) is None


def test_the_overall_score_is_the_weighted_mean_of_components_with_data():
    weights = {"A": 1, "B": 1, "C": 2}
    # A 40, B 60, C 90: (40 + 60 + 2 × 90) / 4 = 70.
    result = overall_score({"A": 40, "B": 60, "C": 90}, weights)
    assert (result.score, result.weight_with_data, result.reason) == (70, 1.0, "")


def test_two_thirds_of_the_weight_with_data_is_enough():
    weights = {"A": 1, "B": 1, "C": 1}
    result = overall_score({"A": 40, "B": 80, "C": None}, weights)
    # 2 of 3 equal weights: exactly two thirds → (40 + 80) / 2 = 60, C not imputed.
    assert result.score == 60
    assert result.weight_with_data == pytest.approx(0.6667, abs=1e-4)


def test_less_than_two_thirds_of_the_weight_gives_no_overall_score_and_says_why():
    weights = {"A": 1, "B": 1, "C": 2}
    result = overall_score({"A": 40, "B": 80, "C": None}, weights)  # 2 of 4 = 50 %
    assert result.score is None
    assert result.weight_with_data == 0.5
    assert result.reason == (
        "Only 50% of the weight has data (at least 67% is needed); missing: C."
    )


def test_a_component_with_zero_weight_neither_counts_nor_blocks():
    result = overall_score({"A": 40, "B": None}, {"A": 1, "B": 0})
    assert (result.score, result.weight_with_data) == (40, 1.0)


def test_the_default_profile_weighs_each_pillar_equally():
    by_pillar: dict[str, float] = {}
    for component in DEFAULT_COMPONENTS:
        by_pillar[component.pillar] = by_pillar.get(component.pillar, 0) + component.weight
    assert by_pillar == pytest.approx(dict.fromkeys(by_pillar, 1.0))
    assert len(DEFAULT_COMPONENTS) == 12


def test_ranks_are_competition_ranks_highest_first():
    assert ranks({1: 70.0, 2: 90.0, 3: 70.0, 4: 10.0}) == {1: 2, 2: 1, 3: 2, 4: 4}


def test_rank_intervals_are_seeded_and_show_how_much_a_rank_depends_on_the_weights():
    components = {
        # Best at everything: first whatever the weights.
        1: {"A": 90, "B": 90},
        # Good at A, poor at B, and the reverse: their order depends on the weights.
        2: {"A": 80, "B": 20},
        3: {"A": 21, "B": 79},
        # Worst at everything: last whatever the weights.
        4: {"A": 5, "B": 5},
    }
    weights = {"A": 1, "B": 1}
    first = rank_intervals(components, weights, draws=400)
    assert first == rank_intervals(components, weights, draws=400)  # same seed, same answer
    assert first[1] == (1, 1)
    assert first[4] == (4, 4)
    assert first[2] == (2, 3) and first[3] == (2, 3)
