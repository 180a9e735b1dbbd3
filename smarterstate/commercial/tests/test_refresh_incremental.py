"""Daily feeds: an import refreshes only the buyers and organisations it touched, and the
indicator table is then the same, row for row, as a full refresh gives."""

from __future__ import annotations

import datetime as dt
import io

import orjson
import pytest
from django.core.management import call_command
from django.utils import timezone

from smarterstate.commercial.models import (
    AwardSupplier,
    IndicatorRefreshStamp,
    IndicatorValue,
    LatestActivity,
    LatestActivityStamp,
    Party,
)
from smarterstate.commercial.services.ingest import ocds_import, run
from smarterstate.commercial.services.mapping import buyer_mapping_set
from smarterstate.commercial.services.refresh import refresh_indicators
from smarterstate.commercial.services.refresh.results import ROW_FIELDS
from smarterstate.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BUYERS = ["Alpha Council", "Beta Council", "Gamma Council", "Delta Council"]


def releases(n: int, buyer: str, supplier: str, *, scale: str = "sme", days: int = 0) -> list:
    """A tender and an award-with-contract release of process ``n`` (two per ocid)."""
    ocid = f"ocds-daily-{n:04d}"
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=40 * n + days)
    iso = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (start + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (start + dt.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    buyer_party = {"id": f"B-{buyer}", "name": buyer, "roles": ["buyer"]}
    supplier_party = {
        "id": f"S-{supplier}",
        "name": supplier,
        "roles": ["supplier"],
        "details": {"scale": scale},
    }
    tender = {
        "id": "t",
        "title": f"Process {n}",
        "procurementMethod": "open" if n % 3 else "direct",
        "tenderPeriod": {"startDate": iso},
        "items": [{"id": "1", "classification": {"scheme": "CPV", "id": f"{45 + n % 3}000000"}}],
    }
    common = {"ocid": ocid, "buyer": {"id": buyer_party["id"], "name": buyer}, "tender": tender}
    return [
        {**common, "id": f"{ocid}-1", "date": iso, "tag": ["tender"], "parties": [buyer_party]},
        {
            **common,
            "id": f"{ocid}-2",
            "date": later,
            "tag": ["award", "contract"],
            "parties": [buyer_party, supplier_party],
            "awards": [
                {
                    "id": "a",
                    "status": "active",
                    "date": later,
                    "value": {"amount": 1000 * (n + 1), "currency": "GBP"},
                    "suppliers": [{"id": supplier_party["id"], "name": supplier}],
                }
            ],
            "contracts": [
                {
                    "id": "c",
                    "awardID": "a",
                    "dateSigned": later,
                    "value": {"amount": 1000 * (n + 1), "currency": "GBP"},
                    "period": {"startDate": later, "endDate": end},
                }
            ],
        },
    ]


def write(tmp_path, name: str, rows: list) -> str:
    path = tmp_path / name
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return str(path)


def dump() -> tuple[list, list]:
    """The indicator table without ids and timestamps, in a fixed order, and each buyer and
    division's latest activity date (L6 and the crunch-point pages read it)."""
    rows = IndicatorValue.objects.values_list(*ROW_FIELDS)
    activity = LatestActivity.objects.values_list("buyer_id", "cpv_division", "activity_date")
    assert LatestActivityStamp.objects.exists()
    return (
        sorted(tuple(orjson.dumps(v, option=orjson.OPT_SORT_KEYS) for v in row) for row in rows),
        sorted(activity),
    )


@pytest.fixture
def refreshes(monkeypatch):
    """The scopes each import's refresh was asked for."""
    calls: list[dict] = []
    real = run.refresh_indicators

    def spy(**scopes):
        calls.append({k: set(v) for k, v in scopes.items() if k != "activity_was_current"})
        return real(**scopes)

    monkeypatch.setattr(run, "refresh_indicators", spy)
    return calls


@pytest.fixture
def organisations():
    return [OrganisationFactory(name=name) for name in BUYERS[:3]]


def first_load(tmp_path) -> None:
    rows = []
    for n in range(24):
        rows += releases(n, BUYERS[n % 4], f"Supplier {n % 5}")
    ocds_import(paths=[write(tmp_path, "day0.jsonl", rows)])


def test_an_import_refreshes_only_the_scopes_it_touched_and_equals_a_full_refresh(
    tmp_path, organisations, refreshes
):
    first_load(tmp_path)
    # The first run asks for the scopes it touched, but with no stamp every scope is refreshed.
    assert IndicatorRefreshStamp.objects.get().as_of == timezone.localdate()
    alpha, beta, gamma, delta = (Party.objects.get(name=name) for name in BUYERS)
    untouched = {
        row.pk: row.computed_at
        for row in IndicatorValue.objects.filter(buyer__in=[gamma, delta])
        | IndicatorValue.objects.filter(organisation=organisations[2])
    }

    # The next day's feed: a new process for Alpha, and process 1 moves from Beta to Alpha.
    feed = releases(40, "Alpha Council", "Supplier 9")
    moved = releases(1, "Alpha Council", "Supplier 1")[1]
    moved["id"] = "ocds-daily-0001-3"
    moved["date"] = "2026-01-01T00:00:00Z"
    ocds_import(paths=[write(tmp_path, "day1.jsonl", [*feed, moved])])

    assert refreshes[1] == {
        "buyers": {alpha.pk, beta.pk},
        "organisations": {organisations[0].pk, organisations[1].pk},
    }
    # Gamma's and Delta's rows, and Gamma Council's, were not rewritten.
    assert {
        row.pk: row.computed_at for row in IndicatorValue.objects.filter(pk__in=untouched)
    } == untouched
    incremental = dump()

    refresh_indicators()

    assert dump() == incremental


def test_a_suppliers_changed_sme_flag_touches_every_scope_it_supplies(
    tmp_path, organisations, refreshes
):
    first_load(tmp_path)
    before = dump()

    # Supplier 2 (Gamma's and others' supplier) is now published as large, in a Delta process.
    ocds_import(
        paths=[
            write(
                tmp_path, "day1.jsonl", releases(41, "Delta Council", "Supplier 2", scale="large")
            )
        ]
    )

    supplied = set(
        AwardSupplier.objects.filter(party__name="Supplier 2").values_list(
            "award__process__buyer_id", flat=True
        )
    )
    assert len(supplied) > 1 and supplied <= refreshes[1]["buyers"]
    incremental = dump()
    assert incremental != before
    refresh_indicators()
    assert dump() == incremental


def test_the_first_import_of_a_new_day_refreshes_every_scope(tmp_path, organisations, monkeypatch):
    first_load(tmp_path)
    stamp = IndicatorRefreshStamp.objects.get()
    assert stamp.as_of == timezone.localdate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    ocds_import(paths=[write(tmp_path, "day1.jsonl", releases(42, "Alpha Council", "S"))])

    # The rolling 12 months and the crunch-point window moved for every scope.
    assert IndicatorRefreshStamp.objects.get().as_of == tomorrow
    assert set(
        IndicatorValue.objects.filter(period_kind="r12").values_list("period_label", flat=True)
    ) == {f"12m to {tomorrow.isoformat()}"}
    incremental = dump()
    refresh_indicators(today=tomorrow)
    assert dump() == incremental


def test_a_buyer_mapping_change_makes_the_next_refresh_a_full_one(tmp_path, organisations):
    first_load(tmp_path)
    delta = Party.objects.get(name="Delta Council")

    buyer_mapping_set(party=delta, organisation=organisations[2])

    assert not IndicatorRefreshStamp.objects.exists()
    ocds_import(paths=[write(tmp_path, "day1.jsonl", releases(43, "Alpha Council", "S"))])
    incremental = dump()
    refresh_indicators()
    assert dump() == incremental
    assert IndicatorValue.objects.filter(organisation=organisations[2], buyer=None).exists()


def test_incremental_and_full_refresh_agree_with_only_some_scopes_asked_for(
    tmp_path, organisations
):
    first_load(tmp_path)
    full = dump()
    alpha = Party.objects.get(name="Alpha Council")

    written = refresh_indicators(buyers=[alpha.pk], organisations=[])

    assert 0 < written < len(full[0])
    assert dump() == full


def test_the_daily_command_refreshes_every_scope_for_today(tmp_path, organisations):
    first_load(tmp_path)
    IndicatorRefreshStamp.objects.all().delete()
    out = io.StringIO()

    call_command("refresh_indicators", stdout=out)

    assert IndicatorRefreshStamp.objects.get().as_of == timezone.localdate()
    assert f"{IndicatorValue.objects.count():,} indicator rows" in out.getvalue()


def test_a_daily_feed_compiles_what_it_wrote_without_scanning_every_release(
    tmp_path, organisations, monkeypatch
):
    first_load(tmp_path)

    def no_scan(out):
        raise AssertionError("the previous run finished: no scan of every stored release")

    monkeypatch.setattr(run, "find_stale_ocids", no_scan)
    update = releases(3, "Gamma Council", "Supplier 3")[1]
    update["id"] = "ocds-daily-0003-3"
    update["date"] = "2026-01-02T00:00:00Z"

    report = ocds_import(
        paths=[write(tmp_path, "day1.jsonl", [*releases(44, "Alpha Council", "S"), update])]
    )

    assert (report.new, report.ocids_compiled) == (3, 2)
    incremental = dump()
    refresh_indicators()
    assert dump() == incremental
