import datetime as dt
from decimal import Decimal

import pytest

from smarterstate.lifecycle.rules import (
    Lifecycle,
    base_cpe,
    base_purl,
    group_score,
    litraf_score,
    match_cycle,
    status_on,
    worst,
)


@pytest.mark.parametrize(
    ("purl", "base"),
    [
        (
            "pkg:maven/org.eclipse.jetty/jetty-server@9.4.18.v20190429?type=jar",
            "pkg:maven/org.eclipse.jetty/jetty-server",
        ),
        ("pkg:composer/laravel/framework@v7.30.6", "pkg:composer/laravel/framework"),
        ("pkg:npm/%40adonisjs/core@6.1.0#lib", "pkg:npm/%40adonisjs/core"),
        ("pkg:deb/debian/php", "pkg:deb/debian/php"),
        ("not a purl", None),
        ("", None),
    ],
)
def test_base_purl_strips_version_qualifiers_and_subpath(purl, base):
    assert base_purl(purl) == base


def test_base_cpe_reads_both_cpe_forms():
    assert base_cpe("cpe:2.3:a:php:php:8.1.2:*:*:*:*:*:*:*") == "php:php"
    assert base_cpe("cpe:/a:sensiolabs:symfony:5.4") == "sensiolabs:symfony"
    assert base_cpe("nonsense") is None


@pytest.mark.parametrize(
    ("version", "cycles", "expected"),
    [
        ("9.4.18.v20190429", ["12.1", "9", "9.4", "9.3"], "9.4"),
        ("v7.30.6", ["8", "7", "6"], "7"),
        ("7", ["7", "7.1"], "7"),
        ("5.2.18.Final", ["5.6", "5.5", "5.3"], None),
        ("10.1", ["1", "10"], "10"),
        ("1.10", ["1.1"], None),  # 1.1 is not a dot-boundary prefix of 1.10
        ("", ["1"], None),
    ],
)
def test_version_matches_the_longest_dot_boundary_prefix(version, cycles, expected):
    assert match_cycle(version, cycles) == expected


DAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("lifecycle", "status"),
    [
        (None, "not-covered"),
        (Lifecycle(is_eol=True, eol_from=None), "eol"),
        (Lifecycle(is_eol=False, eol_from=None), "undecided"),
        (Lifecycle(eol_from=dt.date(2026, 1, 15)), "eol"),
        (Lifecycle(eol_from=dt.date(2026, 4, 15)), "eol-3m"),
        (Lifecycle(eol_from=dt.date(2026, 4, 16)), "eol-6m"),
        (Lifecycle(eol_from=dt.date(2026, 7, 15)), "eol-6m"),
        (Lifecycle(eol_from=dt.date(2027, 1, 15)), "eol-12m"),
        (Lifecycle(eol_from=dt.date(2027, 1, 16)), "maintained"),
        # A date wins over a stale flag.
        (Lifecycle(is_eol=False, eol_from=dt.date(2020, 1, 1)), "eol"),
    ],
)
def test_status_on_a_day(lifecycle, status):
    assert status_on(lifecycle, DAY) == status


def test_worst_status_ranks_eol_first():
    assert worst(["maintained", "eol-6m", "not-covered"]) == "eol-6m"
    assert worst([]) is None


def test_group_score_is_mean_plus_max_over_two():
    assert group_score([1, 1, 1, 1, 1, 1, 6]) == Decimal("3.86")  # (12 / 7 + 6) / 2


def test_litraf_red_rating_and_legacy_flag():
    low = litraf_score({f"l{i}": 1 for i in range(1, 8)}, {f"c{i}": 1 for i in range(1, 7)})
    assert (low.likelihood, low.impact, low.risk) == (Decimal(1), Decimal(1), Decimal(1))
    assert not low.red_rated and not low.legacy

    high = litraf_score({f"l{i}": 6 for i in range(1, 8)}, {f"c{i}": 5 for i in range(1, 7)})
    assert high.risk == Decimal(30) and high.red_rated and high.legacy

    # Likelihood (4 + 4) / 2 = 4, impact (4 + 4) / 2 = 4: exactly 16 is red.
    edge = litraf_score({f"l{i}": 4 for i in range(1, 8)}, {f"c{i}": 4 for i in range(1, 7)})
    assert edge.risk == Decimal(16) and edge.red_rated

    legacy_only = litraf_score(
        {"l1": 3, **{f"l{i}": 1 for i in range(2, 8)}}, {f"c{i}": 1 for i in range(1, 7)}
    )
    assert legacy_only.legacy and not legacy_only.red_rated
