"""Commercial template filters: ``{% load commercial %}``, then ``{{ process.main_cpv|cpv }}``
and ``{{ contract|contract_name }}``."""

from django import template

from smarterstate.commercial.cpv import cpv_label
from smarterstate.commercial.naming import contract_name

register = template.Library()


@register.filter
def cpv(code):
    label = cpv_label(code)
    return str(label) if label else ""


register.filter("contract_name", contract_name)
