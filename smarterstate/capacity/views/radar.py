"""The decisions-due radar: the list, an item with its decisions, the calendar feed, and the
counts across government."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from smarterstate.authz import Level, can, readable_organisations
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from .. import selectors
from ..calendar import calendar_text
from ..forms import DecisionForm, RadarFilterForm, ReopenForm, SnoozeForm
from ..models import RadarDecision, RadarFeed, RadarItem, RadarKind
from ..services.radar import radar_decision_record, radar_feed_reset, radar_reopen, radar_snooze
from .shared import STATE_TAGS, decorate

RADAR_COLUMNS = [
    Column("Kind", "get_kind_display"),
    Column("Subject", "subject"),
    Column("Due", "due_date"),
    Column("Window opens", "window_opens"),
    Column("Lead time (days)", "lead_days"),
    Column("Options", lambda i: ", ".join(i.options)),
    Column("State", lambda i: selectors.STATES[selectors.state_of(i, timezone.localdate())]),
    Column("Owner", "owner"),
    Column("Money at stake (£)", "money"),
    Column("Risk", "risk"),
    Column("Readiness", "readiness"),
    Column("Crunch point", "crunch"),
    Column("Source", "source"),
    Column("As of", "as_of"),
]


def _filters(request):
    form = RadarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: data.get(k, "") for k in ("kind", "horizon", "owner", "state")}


@organisation_view(Level.READ)
def radar_page(request, org):
    today = timezone.localdate()
    form, filters = _filters(request)
    items = selectors.radar_items(organisations=[org], today=today, **filters)
    download = export_response(request, items, RADAR_COLUMNS, f"{org.slug}-decisions-due")
    if download:
        return download
    page = paginate(request, items)
    page.object_list = decorate(page.object_list, today)
    return render(
        request,
        "capacity/radar.html",
        {
            "page_title": "Decisions due",
            "org": org,
            "page": page,
            "filters": form,
            "kind_counts": sorted(
                (
                    (dict(RadarKind.choices)[k], n)
                    for k, n in selectors.kind_counts([org], today).items()
                ),
                key=lambda row: row[0],
            ),
            "state_tags": STATE_TAGS,
            "export_links": export_links(request),
            "can_write": can(request.user, Level.WRITE, org),
        },
    )


def _item(org, key: str) -> RadarItem:
    item = RadarItem.objects.filter(organisation=org, key=key).first()
    if item is None:
        raise Http404("No such decision on this organisation's radar.")
    return item


@organisation_view(Level.READ)
def item_detail(request, org, capacity_radar_key: str):
    item = _item(org, capacity_radar_key)
    decorate([item])
    decisions = RadarDecision.objects.filter(organisation=org, key=item.key).select_related(
        "decided_by"
    )
    return render(
        request,
        "capacity/radar_item.html",
        {
            "page_title": item.subject,
            "org": org,
            "item": item,
            "decisions": decisions,
            "state_tags": STATE_TAGS,
            "can_write": can(request.user, Level.WRITE, org),
        },
    )


def _act(request, org, key, form_class, action, title: str, form_kwargs):
    item = _item(org, key)
    form = form_class(request.POST if request.method == "POST" else None, **form_kwargs(item))
    if request.method == "POST" and form.is_valid():
        try:
            action(item, form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{title}: {item.subject}.")
            return redirect("capacity:radar-item", org_slug=org.slug, capacity_radar_key=item.key)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"{title}: {item.subject}",
            "org": org,
            "form": form,
            "intro": f"{item.get_kind_display()}, due {item.due_date:%-d %B %Y}.",
        },  # fmt: skip
    )


@organisation_view(Level.WRITE)
def item_decide(request, org, capacity_radar_key: str):
    return _act(
        request, org, capacity_radar_key, DecisionForm,
        lambda item, data: radar_decision_record(item=item, user=request.user, **data),
        "Record a decision", lambda item: {"options": item.options},
    )  # fmt: skip


@organisation_view(Level.WRITE)
def item_snooze(request, org, capacity_radar_key: str):
    return _act(
        request, org, capacity_radar_key, SnoozeForm,
        lambda item, data: radar_snooze(item=item, user=request.user, until=data["snooze_until"], reason=data["note"]),
        "Snooze", lambda item: {},
    )  # fmt: skip


@organisation_view(Level.WRITE)
def item_reopen(request, org, capacity_radar_key: str):
    return _act(
        request, org, capacity_radar_key, ReopenForm,
        lambda item, data: radar_reopen(item=item, user=request.user, reason=data["note"]),
        "Reopen", lambda item: {},
    )  # fmt: skip


@organisation_view(Level.READ)
def decision_history(request, org, capacity_decision_pk: int):
    decision = RadarDecision.objects.filter(organisation=org, pk=capacity_decision_pk).first()
    if decision is None:
        raise Http404("No such decision.")
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of a decision on {decision.subject}",
            "org": org,
            "record": decision,
            "entries": history_entries(decision),
        },  # fmt: skip
    )


@organisation_view(Level.READ)
def calendar_page(request, org):
    feed = RadarFeed.objects.filter(organisation=org).first()
    feed_url = (
        request.build_absolute_uri(reverse("capacity:calendar-feed", kwargs={"capacity_token": feed.token}))
        if feed else None
    )  # fmt: skip
    return render(
        request,
        "capacity/calendar.html",
        {
            "page_title": "Decisions due: calendar feed",
            "org": org,
            "feed_url": feed_url,
            "can_admin": can(request.user, Level.ADMIN, org),
        },  # fmt: skip
    )


@organisation_view(Level.ADMIN)
def calendar_reset(request, org):
    if request.method == "POST":
        radar_feed_reset(organisation=org)
        messages.success(request, "The calendar link is ready. Any earlier link no longer works.")
        return redirect("capacity:calendar", org_slug=org.slug)
    return render(
        request,
        "capacity/confirm.html",
        {
            "page_title": "Make a new calendar link?",
            "org": org,
            "message": "Anyone with the link can read your organisation's decisions due. A new link "
            "stops the old one working.",
            "button": "Make a new link",
        },  # fmt: skip
    )


@requires(Level.PUBLIC)
@require_safe
def calendar_feed(request, capacity_token: str):
    """The iCalendar feed: no sign-in, the secret token is the key; a wrong token is a 404."""
    feed = RadarFeed.objects.select_related("organisation").filter(token=capacity_token).first()
    if feed is None:
        raise Http404("No such calendar.")
    items = selectors.radar_items(organisations=[feed.organisation], today=timezone.localdate())
    text = calendar_text(feed.organisation, items)
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="decisions-due.ics"'
    return response


def _horizon_count(index: int) -> Callable[[Any], Any]:
    """The export cell of one horizon's count in a government-wide counts row."""
    return lambda row: row["horizons"][index]


COUNT_COLUMNS = [
    Column("Organisation", "organisation__name"),
    Column("Open decisions", "total"),
    Column("Overdue", "overdue"),
    *[Column(label, _horizon_count(i)) for i, label in enumerate(["0–3 months", "3–6 months", "6–12 months", "12–18 months", "18–36 months"])],
    Column("Crunch points", "crunch"),
]  # fmt: skip


@requires(Level.AUTHENTICATED)
def radar_across(request):
    """Open decisions per organisation and horizon: across government for central analysts."""
    today = timezone.localdate()
    organisations = readable_organisations(request.user)
    counts = selectors.radar_counts(organisations, today)
    download = export_response(request, counts, COUNT_COLUMNS, "decisions-due-across-government")
    if download:
        return download
    kinds = selectors.kind_counts(organisations, today)
    return render(
        request,
        "capacity/radar_across.html",
        {
            "page_title": "Decisions due across government",
            "counts": counts,
            "kinds": sorted(((label, kinds.get(value, 0)) for value, label in RadarKind.choices)),
            "export_links": export_links(request),
        },
    )
