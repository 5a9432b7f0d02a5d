"""The one way a day and an amount are written for people, in the active language.

Templates use the same through the `maksora_format` filters (`|day`, `|money`); CSV and
XLSX keep real numbers and dates and never go through here.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, translation

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
