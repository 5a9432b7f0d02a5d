"""Form pieces shared by every app: the one way a day is typed and shown."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

# Whatever the interface language, both the Russian way (dd.mm.yyyy, also how AVSI mail
# writes days) and the ISO way the phones' date picker sends work.
DAY_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def parse_day(value: str | None) -> date | None:
    """A day typed as dd.mm.yyyy or yyyy-mm-dd; None when empty or not a date."""
    try:
        return DayField(required=False).to_python((value or "").strip())
    except forms.ValidationError:
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
    """A day typed as dd.mm.yyyy or yyyy-mm-dd in every interface language."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter a date as dd.mm.yyyy or yyyy-mm-dd.")}
