"""The end-of-life radar and its iCalendar feed."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import count_axis, make_chart
from smarterstate.core.dates import add_months
from smarterstate.core.exports import export_links, export_response

from .. import selectors
from ..calendar import calendar_text
from ..models import CalendarFeed
from ..services.register import calendar_feed_reset
from .shared import RADAR_COLUMNS, as_of_day, page_context

# -- radar and calendar ----------------------------------------------------------------


@organisation_view(Level.READ)
def radar_page(request, org):
    form, day = as_of_day(request)
    estate = selectors.estate_on(org, day)
    data = selectors.radar(estate)
    download = export_response(request, data["upcoming"], RADAR_COLUMNS, f"{org.slug}-eol-radar")
    if download:
        return download
    chart = None
    if data["months"]:
        months = [
            add_months(data["day"].replace(day=1), n).strftime("%Y-%m")
            # The window ends part-way through its 37th month when it starts mid-month.
            for n in range(selectors.RADAR_MONTHS + 1)
        ]
        totals: Counter[str] = Counter()
        for entry in data["months"]:  # bars stack, so the axis must reach each month's total
            totals[entry["month"]] += entry["components"]
        spec = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": data["months"]},
            "mark": {"type": "bar"},
            "encoding": {
                # Every month of the window, so a quiet month shows as a gap, not skipped.
                "x": {
                    "field": "month",
                    "type": "ordinal",
                    "title": "Month",
                    "scale": {"domain": months},
                },
                "y": {
                    "field": "components",
                    "type": "quantitative",
                    "title": "Components affected",
                    "axis": count_axis(max(totals.values())),
                },
                "color": {
                    "field": "milestone",
                    "type": "nominal",
                    "title": "Milestone",
                    "scale": {"range": ["#1d70b8", "#d4351c", "#6f72af"]},
                },
            },
            "width": 640,
            "height": 240,
        }
        chart = make_chart(
            spec,
            title="Milestones by month",
            description=f"Components reaching a milestone in each month of the {selectors.RADAR_MONTHS} "
            f"months from {day:%-d %B %Y}.",
            columns=["Month", "Milestone", "Components"],
            rows=[[m["month"], m["milestone"], m["components"]] for m in data["months"]],
            chart_id="radar-chart",
        )
    return render(
        request,
        "lifecycle/radar.html",
        page_context(
            request,
            org,
            page_title="End-of-life radar",
            form=form,
            radar=data,
            chart=chart,
            is_past=selectors.is_past(day),
            snapshot=selectors.snapshot_on(day),
            months=selectors.RADAR_MONTHS,
            export_links=export_links(request),
        ),
    )


@organisation_view(Level.READ)
def calendar_page(request, org):
    feed = CalendarFeed.objects.filter(organisation=org).first()
    feed_url = None
    if feed:
        feed_url = request.build_absolute_uri(
            reverse("lifecycle:calendar-feed", kwargs={"lifecycle_token": feed.token})
        )
    return render(
        request,
        "lifecycle/calendar.html",
        page_context(
            request,
            org,
            page_title="Lifecycle calendar feed",
            feed_url=feed_url,
            can_admin=can(request.user, Level.ADMIN, org),
        ),
    )


@organisation_view(Level.ADMIN)
def calendar_reset(request, org):
    if request.method == "POST":
        calendar_feed_reset(organisation=org)
        messages.success(request, "The calendar link is ready. Any earlier link no longer works.")
        return redirect("lifecycle:calendar", org_slug=org.slug)
    return render(
        request,
        "lifecycle/confirm.html",
        {
            "page_title": "Make a new calendar link?",
            "org": org,
            "message": "Anyone with the link can read your organisation's lifecycle milestones. "
            "A new link stops the old one working.",
            "button": "Make a new link",
        },
    )


@requires(Level.PUBLIC)
@require_safe
def calendar_feed(request, lifecycle_token: str):
    """The iCalendar feed: no sign-in, the secret token is the key; a wrong token is a 404."""
    feed = CalendarFeed.objects.select_related("organisation").filter(token=lifecycle_token).first()
    if feed is None:
        raise Http404("No such calendar.")
    text = calendar_text(feed.organisation)
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lifecycle.ics"'
    return response
