"""Template filters for numbers: ``{% load formatting %}``, then ``{{ value|money:currency }}``,
``{{ share|percent }}``, ``{{ count|number }}`` (smarterstate.core.formatting)."""

from django import template

from smarterstate.core.formatting import format_money, format_number, format_percent

register = template.Library()


@register.filter
def money(value, currency="GBP"):
    return format_money(value, currency)


@register.filter
def percent(value, places=1):
    return format_percent(value, int(places))


@register.filter
def number(value):
    return format_number(value)
