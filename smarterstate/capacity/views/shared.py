from django.utils import timezone

from ..models import RadarKind
from ..selectors import STATES, horizon_of, state_of


def decorate(items, today=None):
    """Add the state and horizon the list shows (both depend on today)."""
    today = today or timezone.localdate()
    rows = list(items)
    labels = dict(RadarKind.choices)
    for item in rows:
        item.state = state_of(item, today)
        item.state_label = STATES[item.state]
        item.state_tag = STATE_TAGS[item.state]
        item.horizon = horizon_of(item, today)
        item.kind_label = labels.get(item.kind, item.kind)
    return rows


STATE_TAGS = {
    "overdue": "govuk-tag--red",
    "in-window": "govuk-tag--yellow",
    "upcoming": "govuk-tag--blue",
    "decided": "govuk-tag--green",
    "snoozed": "govuk-tag--grey",
}
