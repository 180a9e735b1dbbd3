"""Builders for Outcomes tests. They go through the services, so the data obeys the rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..models import Direction
from ..services import initiatives, outcomes, pilots

TODAY = dt.date.today()


def initiative(org, *, name: str = "Universal Credit online", kind: str = "service", **data):
    data.setdefault("budget", Decimal("100000"))
    return initiatives.initiative_create(organisation=org, name=name, kind=kind, **data)


def outcome(init, *, measurable: bool = True, **data):
    values = {
        "name": "Claims completed online",
        "measure": "Share of claims completed online",
        "unit": "%",
        "direction": Direction.INCREASE,
        "benefit_type": "non-cash-releasing",
    }
    if measurable:
        values |= {
            "baseline_value": Decimal("40"),
            "baseline_date": TODAY - dt.timedelta(days=365),
            "target_value": Decimal("80"),
            "target_date": TODAY + dt.timedelta(days=365),
        }
    values |= data
    return outcomes.outcome_create(initiative=init, **values)


def measured_initiative(org, **data):
    init = initiative(org, **data)
    outcome(init)
    init.refresh_from_db()
    return init


def pilot(
    org,
    *,
    name: str = "Chatbot pilot",
    budget: Decimal = Decimal("50000"),
    days_left: int = 30,
    **data,
):
    return pilots.pilot_create(
        organisation=org,
        name=name,
        hypothesis="A chatbot answers half the routine calls.",
        timebox_start=TODAY - dt.timedelta(days=60),
        timebox_end=TODAY + dt.timedelta(days=days_left),
        budget=budget,
        **data,
    )


def all_points(met: bool = True, *, except_: tuple[int, ...] = ()) -> list[dict]:
    return [{"point": n, "met": met and n not in except_, "notes": ""} for n in range(1, 15)]
