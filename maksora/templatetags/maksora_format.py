"""`{{ value|day }}` and `{{ value|money }}`: maksora.display for templates."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext

from maksora import display

register = template.Library()


@register.filter
def day(value, empty="—"):
    return display.day(value, empty)


@register.filter
def money(value, empty="—"):
    return display.money(value, empty)


@register.filter
def record_cell(value):
    """A cell of a list of records: days and amounts as people write them, years and codes as they are."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, date):
        return display.day(value)
    if isinstance(value, Decimal):
        return display.money(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@register.filter
def figure(value):
    """A report figure: an amount in euros, any other number in the language's own way."""
    if isinstance(value, Decimal):
        return display.money(value)
    return formats.localize(value)
