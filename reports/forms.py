import uuid
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maksora.forms import DayField

FIRST_YEAR = 1990


class PeriodForm(forms.Form):
    """A calendar year, a date range (both days included) or "since a year" (until today).

    `period()` gives the half-open [start, end) the report functions take.
    """

    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR)
    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("To (included)"), required=False)
    since = forms.IntegerField(label=_("Since the year"), required=False, min_value=FIRST_YEAR)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("year", "since"):
            if data.get(name) and data[name] > today.year:
                self.add_error(name, _("Choose a year up to %(year)s.") % {"year": today.year})
        chosen = [name for name in ("year", "since") if data.get(name)]
        has_range = bool(data.get("start") or data.get("end"))
        if has_range:
            chosen.append("range")
            if not (data.get("start") and data.get("end")):
                raise forms.ValidationError(_("Give both the first and the last day of the period."))
            if data["end"] < data["start"]:
                self.add_error("end", _("The last day cannot be before the first."))
            elif (data["end"] - data["start"]).days > 366 * 50:
                self.add_error("end", _("The period cannot be longer than 50 years."))
        if len(chosen) > 1:
            raise forms.ValidationError(_("Choose either a year, a date range or “since a year”."))
        return data

    def period(self) -> tuple[date, date]:
        data = self.cleaned_data
        if data.get("start"):
            return data["start"], data["end"] + timedelta(days=1)
        if data.get("since"):
            return date(data["since"], 1, 1), timezone.localdate() + timedelta(days=1)
        year = data.get("year") or timezone.localdate().year
        return date(year, 1, 1), date(year + 1, 1, 1)


class SaveReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    # New with each page shown: sending the same form twice saves one snapshot.
    request_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("request_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def idempotency_key(self) -> str:
        return self.cleaned_data.get("request_key") or uuid.uuid4().hex
