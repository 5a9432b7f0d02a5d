"""The one way a day and an amount are written for people, in the active language.

Templates use the same through the `maksora_format` filters (`|day`, `|money`); CSV and
XLSX keep real numbers and dates and never go through here.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def day(value: date | datetime | None, empty: str = "—") -> str:
    """A day in the active language's short format (dd.mm.yyyy); `empty` when there is none."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime):
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def money(value: Decimal | int | float | None, empty: str = "—") -> str:
    """An amount in euros: "1 234,50 €" in Russian and Italian, "€1,234.50" in English."""
    if value is None or value == "":
        return empty
    amount = formats.number_format(Decimal(str(value)).quantize(CENT), 2, force_grouping=True)
    return _money_pattern().format(amount=amount)


def _money_pattern() -> str:
    for module in formats.get_format_modules(translation.get_language()):
        pattern = getattr(module, "MONEY_PATTERN", None)
        if pattern:
            return pattern
    return "{amount}\xa0€"


def staff_name(user, empty: str = "—") -> str:
    """A staff member as colleagues know her: her full name, the login name only when none is recorded."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


def period(value, empty: str = "—", *, end=None) -> str:
    """A range of days as read: «с 02.12.2026» while open, «02.12.2026 – 15.01.2027» once it has an end.

    The end shown is the range's own upper bound, or `end` when the record knows better
    (a stay's exit day: shelters.models.Stay.exit_day).
    """
    if value is None or getattr(value, "isempty", False) or getattr(value, "lower", None) is None:
        return empty
    if value.upper is None:
        return _("since %(start)s") % {"start": day(value.lower)}
    return _("%(start)s – %(end)s") % {"start": day(value.lower), "end": day(end or value.upper)}


def choice_labels(values, choices, empty: str = "—") -> str:
    """Stored codes of a multiple choice by their labels, in the list's order: «Жильё, Школа»."""
    if not values:
        return empty
    labels = dict(choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


def yes_no(value, empty: str = "—") -> str:
    """«Да» / «Нет»: the admin's own yes/no icons carry "True"/"False" as their text alternative."""
    if value is None:
        return empty
    return _("Yes") if value else _("No")
