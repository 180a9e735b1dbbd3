"""Where each kind of radar item comes from: one reader per kind, over every organisation.

Each reader yields plain dicts with the fields of ``RadarItem`` (no database writes); the
refresh stores them. Items are read from real records of the pillars: contracts, contract
reviews, processes' notices, systems and their components, pilots, gate conditions,
initiatives, AI assessments and campaigns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from urllib.parse import quote

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse

from smarterstate.ai.models import Assessment, AssessmentStatus
from smarterstate.commercial import selectors as commercial_selectors
from smarterstate.commercial.models import Contract, ContractReview, Process
from smarterstate.core.dates import add_months
from smarterstate.lifecycle.models import System
from smarterstate.outcomes.models import GateCondition, Initiative, Phase, Pilot
from smarterstate.skills.models import Campaign, CampaignStat

from .components import Estates, estate_of
from .models import RadarKind

HORIZON_MONTHS = 36
CONTRACT_LEAD_DAYS = 548  # 18 months, the crunch-point lead time
PIPELINE_THRESHOLD = Decimal("100000000")  # Procurement Act 2023 s.93: over £100m a year
PIPELINE_OPENS = (4, 1)  # 1 April
PIPELINE_DUE = (5, 26)  # 56 days after the start of the financial year
CONFIDENCE_DAYS = 91  # a quarter
URL_SAFE = "/~:@!$&'()*+,;="  # what Django's reverse() leaves unquoted in a path
LEAD_DAYS = {
    RadarKind.CONTRACT_END: CONTRACT_LEAD_DAYS,
    RadarKind.CONTRACT_REVIEW: 30,
    RadarKind.END_OF_LIFE: 365,
    RadarKind.LEGACY_REMEDIATION: 180,
    RadarKind.PILOT_TIMEBOX: 30,
    RadarKind.GATE_CONDITION: 30,
    RadarKind.GATE_REVIEW: 60,
    RadarKind.AI_ASSESSMENT_REVIEW: 60,
    RadarKind.CAMPAIGN_DEADLINE: 30,
    RadarKind.STALE_CONFIDENCE: 14,
}
OPTIONS = {
    RadarKind.CONTRACT_END: ["extend", "re-procure", "exit"],
    RadarKind.CONTRACT_REVIEW: ["review", "retire the contract"],
    RadarKind.PIPELINE_NOTICE: ["publish the UK1 notice", "not required this year"],
    RadarKind.END_OF_LIFE: ["upgrade", "replace", "accept the risk (override)"],
    RadarKind.LEGACY_REMEDIATION: ["remediate", "replace", "decommission", "re-plan"],
    RadarKind.PILOT_TIMEBOX: ["scale", "iterate", "stop"],
    RadarKind.GATE_CONDITION: ["met", "extend", "escalate"],
    RadarKind.GATE_REVIEW: ["hold the review", "re-plan"],
    RadarKind.AI_ASSESSMENT_REVIEW: ["re-assess", "retire the use case"],
    RadarKind.CAMPAIGN_DEADLINE: ["extend", "close and report"],
    RadarKind.STALE_CONFIDENCE: ["re-rate"],
}


def item(kind: RadarKind, organisation_id: int, key: str, *, subject: str, due: dt.date, today: dt.date,
         url: str = "", owner: str = "", money=None, risk: str = "", readiness: str = "",
         crunch: bool = False, source: str, as_of: dt.date | None = None,
         lead_days: int | None = None, window_opens: dt.date | None = None) -> dict:  # fmt: skip
    lead = LEAD_DAYS.get(kind, 30) if lead_days is None else lead_days
    return {
        "organisation_id": organisation_id,
        "key": f"{kind}:{key}"[:120],
        "kind": kind,
        "subject": subject[:300] or "(untitled)",
        "url": url[:500],
        "due_date": due,
        "lead_days": lead,
        "window_opens": window_opens or due - dt.timedelta(days=lead),
        "options": OPTIONS[kind],
        "owner": (owner or "")[:200],
        "money": money,
        "risk": risk[:200],
        "readiness": readiness[:300],
        "crunch": crunch,
        "source": source[:200],
        "as_of": as_of or today,
    }


PK_MARKER = 987654321


@cache
def _link_template(name: str, pk_kwarg: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, kwargs={"org_slug": "__org__", pk_kwarg: PK_MARKER})
    head, tail = url.split(str(PK_MARKER))
    return head, tail


def _link(name: str, pk_kwarg: str) -> Callable[[object], str]:
    """A record's page in its organisation, from one reverse() per kind of link rather than
    one per item (read_all puts in the organisation's slug)."""
    head, tail = _link_template(name, pk_kwarg, get_script_prefix())
    return lambda pk: f"{head}{pk}{tail}"


def _date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return _day(value)


def _day(value: dt.date | dt.datetime) -> dt.date:
    """The date of a value the query guarantees is set."""
    return value.date() if isinstance(value, dt.datetime) else value


# -- commercial -----------------------------------------------------------------------------


def contract_ends(today: dt.date, org_ids) -> Iterator[dict]:
    """Contracts of mapped buyers ending from 90 days ago to the horizon; crunch points flagged.

    A contract ends at its ``maxExtentDate`` when one is published (the latest it can run to
    with every extension), else at the end of its period."""
    start = today - dt.timedelta(days=90)
    horizon = add_months(today, HORIZON_MONTHS)
    crunch = set(
        commercial_selectors.crunch_points(today=today)
        .filter(process__organisation_id__in=org_ids)
        .values_list("pk", flat=True)
    )
    ends = Coalesce("max_extent_date", "period_end")
    rows = (
        Contract.objects.filter(process__organisation_id__in=org_ids)
        .annotate(ends=ends)
        .filter(ends__date__gte=start, ends__date__lt=horizon)
        .values_list(
            "pk",
            "process__organisation_id",
            "title",
            "process__title",
            "process__ocid",
            "ends",
            "period_end",
            "value",
            "currency",
            "process__buyer__name",
            "process__last_release_date",
        )  # fmt: skip
        .order_by()
    )
    prefix = reverse("commercial:process", kwargs={"ocid": "OCID"}).removesuffix("OCID/")
    for (
        pk,
        org_id,
        title,
        process_title,
        ocid,
        end,
        period_end,
        value,
        currency,
        buyer,
        seen,
    ) in rows.iterator(chunk_size=5000):
        is_crunch = pk in crunch
        due = _day(end)  # filtered on: never null
        readiness = (
            "No later planning or tender activity by this buyer in this CPV division"
            if is_crunch else ("Later planning or tender activity found" if due < add_months(today, 18) else "")
        )  # fmt: skip
        if period_end is not None and _date(period_end) != due:
            readiness = f"Current period ends {_date(period_end):%-d %b %Y}; extensions possible to this date. {readiness}".strip()
        yield item(
            RadarKind.CONTRACT_END, org_id, f"contract:{pk}",
            subject=title or process_title or ocid, due=due, today=today,
            url=f"{prefix}{quote(ocid, safe=URL_SAFE)}/", owner=buyer or "",
            money=value if currency in ("GBP", "") else None,
            risk="Crunch point: nothing planned" if is_crunch else "",
            readiness=readiness, crunch=is_crunch, source="OCDS contract period (maxExtentDate when published)",
            as_of=_date(seen) or today,
        )  # fmt: skip


def contract_reviews(today: dt.date, org_ids) -> Iterator[dict]:
    """The next review each contract's latest review set."""
    latest: dict[int, tuple] = {}
    for row in (
        ContractReview.objects.filter(organisation_id__in=org_ids)
        .order_by("contract_id", "-review_date", "-pk")
        .values_list(
            "contract_id",
            "organisation_id",
            "next_review_date",
            "review_date",
            "score",
            "contract__title",
            "contract__process__title",
            "contract__value",
        )  # fmt: skip
    ):
        latest.setdefault(row[0], row)
    for (
        contract_id,
        org_id,
        next_date,
        reviewed,
        score,
        title,
        process_title,
        value,
    ) in latest.values():
        if next_date is None:
            continue
        yield item(
            RadarKind.CONTRACT_REVIEW, org_id, f"contract:{contract_id}",
            subject=f"Review of {title or process_title or contract_id}", due=next_date, today=today,
            url=_link("commercial:contract-reviews", "contract_pk")(contract_id),
            money=value, risk=f"Last review score {score}/100", source="Contract review",
            readiness=f"Last reviewed {reviewed:%-d %b %Y}", as_of=reviewed,
        )  # fmt: skip


def pipeline_notices(today: dt.date, org_ids) -> Iterator[dict]:
    """UK1 pipeline notices (Procurement Act 2023 s.93), for bodies expected to spend over £100m.

    Expected spend is read from the record: a body whose awarded value passed £100m in any of
    the three financial years before the window's is taken to be over the threshold. The window
    runs 1 April – 26 May; the item is decided already when a process of the organisation
    carries a UK1 notice first published in this year's window."""
    year = today.year if today <= dt.date(today.year, *PIPELINE_DUE) else today.year + 1
    opens, due = dt.date(year, *PIPELINE_OPENS), dt.date(year, *PIPELINE_DUE)
    spend: dict[int, tuple[Decimal, int]] = {}
    for first_year in (year - 3, year - 2, year - 1):
        totals = (
            Process.objects.filter(organisation_id__in=org_ids,
                                   first_award_date__date__gte=dt.date(first_year, 4, 1),
                                   first_award_date__date__lt=dt.date(first_year + 1, 4, 1))
            .values("organisation_id").annotate(total=Sum("awarded_value")).order_by()
            .values_list("organisation_id", "total")
        )  # fmt: skip
        for org_id, total in totals:
            if total is not None and total > spend.get(org_id, (Decimal(0), 0))[0]:
                spend[org_id] = (total, first_year)
    published: dict[int, dt.date] = {}
    for org_id, notices, first in Process.objects.filter(
        organisation_id__in=org_ids, first_release_date__date__gte=opens,
        first_release_date__date__lte=due,
    ).values_list("organisation_id", "notice_types", "first_release_date"):  # fmt: skip
        if first is not None and "UK1" in (notices or []):  # filtered on: never null
            published.setdefault(org_id, _day(first))
    for org_id, (total, first_year) in spend.items():
        if total <= PIPELINE_THRESHOLD:
            continue
        done = published.get(org_id)
        entry = item(
            RadarKind.PIPELINE_NOTICE, org_id, f"fy:{year}",
            subject=f"UK1 pipeline notice for {year}-{(year + 1) % 100:02d}", due=due, today=today,
            url=reverse("commercial:org-processes", kwargs={"org_slug": "__org__"}),
            money=total, lead_days=(due - opens).days, window_opens=opens,
            risk=f"Must publish: £{total:,.0f} awarded in {first_year}-{(first_year + 1) % 100:02d} (over £100m)",
            readiness=f"UK1 notice published {done:%-d %b %Y}" if done else "No UK1 notice published yet",
            source="OCDS processes (awarded value, notice types)",
        )  # fmt: skip
        entry["auto_decided"] = bool(done)
        yield entry


# -- technology lifecycle -------------------------------------------------------------------


def end_of_life(today: dt.date, organisations, estates: Estates | None = None) -> Iterator[dict]:
    """Vendor end of life of the release cycles an organisation's components use, and the
    end-of-life dates the register sets for its own systems."""
    horizon = add_months(today, HORIZON_MONTHS)
    with_components = set(
        System.objects.filter(components__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for org in organisations:
        if org.pk not in with_components:
            continue
        estate = estate_of(org, today, estates)
        url = reverse("lifecycle:radar", kwargs={"org_slug": org.slug})
        for cycle_id, entry in estate.cycles.items():
            eol = estate.lifecycles[cycle_id].eol_from
            if eol is None or eol >= horizon:
                continue
            yield item(
                RadarKind.END_OF_LIFE, org.pk, f"cycle:{cycle_id}",
                subject=f"End of life: {estate.label(cycle_id)} ({entry['systems']} system(s), {entry['components']} component(s))",
                due=eol, today=today, url=url,
                risk="Already past end of life" if eol < today else "",
                source="endoflife.date catalogue and SBOM components",
            )  # fmt: skip
    for pk, org_id, name, owner, eol, cost in System.objects.filter(
        organisation_id__in=[o.pk for o in organisations], end_of_life_date__isnull=False,
        end_of_life_date__lt=horizon,
    ).exclude(phase="end-of-life").values_list("pk", "organisation_id", "name", "owner", "end_of_life_date", "annual_cost"):  # fmt: skip
        if eol is None:  # filtered out above; the row type does not know it
            continue
        yield item(
            RadarKind.END_OF_LIFE, org_id, f"system:{pk}", subject=f"End of life of {name} (our plan)",
            due=eol, today=today, owner=owner, money=cost,
            url=_link("lifecycle:system", "lifecycle_system_pk")(pk),
            source="Systems register (internal lifecycle)",
        )  # fmt: skip


def legacy_remediation(today: dt.date, org_ids) -> Iterator[dict]:
    for pk, org_id, name, owner, due, cost, red, risk in System.objects.filter(
        organisation_id__in=org_ids, remediation_date__isnull=False
    ).filter(Q(legacy=True) | Q(red_rated=True)).values_list(
        "pk", "organisation_id", "name", "owner", "remediation_date", "annual_cost", "red_rated", "risk_score"
    ):  # fmt: skip
        if due is None:  # filtered out above; the row type does not know it
            continue
        yield item(
            RadarKind.LEGACY_REMEDIATION, org_id, f"system:{pk}", subject=f"Remediate {name}",
            due=due, today=today, owner=owner, money=cost,
            risk=(f"Red-rated (risk {risk})" if red else f"Legacy (risk {risk})") if risk is not None else ("Red-rated" if red else "Legacy"),
            url=_link("lifecycle:system", "lifecycle_system_pk")(pk),
            source="Legacy IT risk assessment",
        )  # fmt: skip


# -- outcomes -------------------------------------------------------------------------------


def pilots(today: dt.date, org_ids) -> Iterator[dict]:
    for pk, org_id, initiative_id, name, end, sro, budget, confidence in Pilot.objects.open().filter(
        organisation_id__in=org_ids
    ).values_list("pk", "organisation_id", "initiative_id", "initiative__name", "timebox_end",
                  "initiative__senior_responsible_owner", "initiative__budget", "initiative__delivery_confidence"):  # fmt: skip
        if end is None:  # a required field; the row type does not know it
            continue
        yield item(
            RadarKind.PILOT_TIMEBOX, org_id, f"pilot:{pk}:{end.isoformat()}", subject=f"Pilot: {name}",
            due=end, today=today, owner=sro, money=budget, risk=f"Delivery confidence {confidence}" if confidence else "",
            url=_link("outcomes:initiative", "outcomes_initiative_pk")(initiative_id),
            source="Pilot time-box", readiness="Decide scale, iterate or stop",
        )  # fmt: skip


def gate_conditions(today: dt.date, org_ids) -> Iterator[dict]:
    for pk, gate_id, org_id, text, owner, due, name in GateCondition.objects.filter(
        gate__organisation_id__in=org_ids, met=False
    ).values_list("pk", "gate_id", "gate__organisation_id", "text", "owner", "due_date", "gate__initiative__name"):  # fmt: skip
        yield item(
            RadarKind.GATE_CONDITION, org_id, f"condition:{pk}", subject=f"{name}: {text}",
            due=due, today=today, owner=owner,
            url=_link("outcomes:gate", "outcomes_gate_pk")(gate_id),
            source="Gate review condition",
        )  # fmt: skip


def initiatives(today: dt.date, org_ids) -> Iterator[dict]:
    """Planned next gate reviews, and delivery-confidence ratings older than a quarter."""
    rows = Initiative.objects.filter(organisation_id__in=org_ids).exclude(phase=Phase.RETIREMENT).filter(
        Q(next_gate_review__isnull=False) | Q(confidence_date__isnull=False)
    ).values_list("pk", "organisation_id", "name", "phase", "senior_responsible_owner", "budget",
                  "next_gate_review", "delivery_confidence", "confidence_date")  # fmt: skip
    for pk, org_id, name, phase, sro, budget, review, confidence, rated in rows:
        url = _link("outcomes:initiative", "outcomes_initiative_pk")(pk)
        if review is not None:
            yield item(
                RadarKind.GATE_REVIEW, org_id, f"initiative:{pk}:{review.isoformat()}",
                subject=f"Gate review: {name} (now {phase})", due=review, today=today, owner=sro,
                money=budget, url=url, risk=f"Delivery confidence {confidence}" if confidence else "",
                source="Initiative: planned next gate review",
            )  # fmt: skip
        if confidence and rated is not None:
            yield item(
                RadarKind.STALE_CONFIDENCE, org_id, f"initiative:{pk}:{rated.isoformat()}",
                subject=f"Re-rate delivery confidence: {name}", due=rated + dt.timedelta(days=CONFIDENCE_DAYS),
                today=today, owner=sro, money=budget, url=url, risk=f"Last rated {confidence}",
                readiness=f"Rated {rated:%-d %b %Y}", source="Delivery-confidence rating", as_of=rated,
            )  # fmt: skip


# -- AI and skills --------------------------------------------------------------------------


def ai_reviews(today: dt.date, org_ids) -> Iterator[dict]:
    for pk, org_id, name, framework, owner, due, risk in Assessment.objects.filter(
        use_case__organisation_id__in=org_ids, status=AssessmentStatus.APPROVED, review_date__isnull=False
    ).values_list("pk", "use_case__organisation_id", "use_case__name", "checklist__framework", "owner",
                  "review_date", "use_case__risk_level"):  # fmt: skip
        if due is None:  # filtered out above; the row type does not know it
            continue
        yield item(
            RadarKind.AI_ASSESSMENT_REVIEW, org_id, f"assessment:{pk}", subject=f"Re-assess {name} ({framework})",
            due=due, today=today, owner=owner, risk=f"Risk level {risk}" if risk else "",
            url=_link("ai:assessment", "assessment_pk")(pk),
            source="AI assessment review date",
        )  # fmt: skip


def campaigns(today: dt.date, org_ids) -> Iterator[dict]:
    stats: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    for campaign_id, population, completed in CampaignStat.objects.filter(
        dimension="organisation", campaign__organisation_id__in=org_ids
    ).values_list("campaign_id", "population", "completed"):
        stats[campaign_id][0] += population
        stats[campaign_id][1] += completed
    for pk, org_id, name, ends, target in Campaign.objects.filter(
        organisation_id__in=org_ids, ends_on__gte=today - dt.timedelta(days=30)
    ).values_list("pk", "organisation_id", "name", "ends_on", "target_completion"):
        population, completed = stats.get(pk, (0, 0))
        share = (
            f"{100 * completed / population:.0f}% completed"
            if population
            else "No participation figures yet"
        )
        yield item(
            RadarKind.CAMPAIGN_DEADLINE, org_id, f"campaign:{pk}", subject=f"Campaign ends: {name}",
            due=ends, today=today, readiness=f"{share} (target {target}%)" if target else share,
            url=_link("skills:campaign", "campaign_pk")(pk),
            source="Skills campaign",
        )  # fmt: skip


def read_all(today: dt.date, organisations, estates: Estates | None = None) -> Iterator[dict]:
    org_ids = [org.pk for org in organisations]
    slugs = {org.pk: org.slug for org in organisations}
    horizon = add_months(today, HORIZON_MONTHS)
    sources = [
        contract_ends(today, org_ids), contract_reviews(today, org_ids), pipeline_notices(today, org_ids),
        end_of_life(today, organisations, estates), legacy_remediation(today, org_ids), pilots(today, org_ids),
        gate_conditions(today, org_ids), initiatives(today, org_ids), ai_reviews(today, org_ids),
        campaigns(today, org_ids),
    ]  # fmt: skip
    for source in sources:
        for entry in source:
            if entry["due_date"] is None or entry["due_date"] >= horizon:
                continue
            # Links are built once with a placeholder, then given the organisation's slug.
            entry["url"] = entry["url"].replace("__org__", slugs[entry["organisation_id"]])
            yield entry
