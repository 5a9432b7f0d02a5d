"""Form pieces shared by every app: the one way a day is typed and read.

`parse_day` is the only date parser: the day field of every form and the AVSI import
both use it. How a day is shown is maksora.display's business.
"""

import re
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

# Whatever the interface language: dd.mm.yyyy (the Russian way, also how AVSI mail writes
# days), dd/mm/yyyy (the Italian way) and yyyy-mm-dd (what the phones' date picker sends;
# spreadsheets add a midnight time to it).
_DMY_RE = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00:00)?$")


def parse_day(value) -> date | None:
    """A day from what a person typed or a spreadsheet cell holds; None when empty or not a day.

    Reads a date (or datetime) as it is, and text as dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd.
    Bare numbers are refused: an Excel serial number in a text-formatted column cannot be
    told from a year or a typo.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _DMY_RE.match(text):
            day, _separator, month, year = match.groups()
            return date(int(year), int(month), int(day))
        if match := _ISO_RE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:  # 31.02.2026
        return None
    return None


class DayInput(forms.DateInput):
    """A date picker that shows a day typed as dd.mm.yyyy again after an error.

    `<input type=date>` only reads ISO, so a day re-shown as typed would appear blank.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            parsed = parse_day(value)
            return parsed.isoformat() if parsed else value
        return super().format_value(value)


class DayField(forms.DateField):
    """A day typed as dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd in every interface language."""

    widget = DayInput
    default_error_messages = {"invalid": _("Enter a date as dd.mm.yyyy or yyyy-mm-dd.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        day = parse_day(value)
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day
