from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Occasion
from maksora.forms import DayField
from maksora.locking import VersionedFormMixin


class AssessmentForm(VersionedFormMixin, forms.Form):
    """The occasion, the day and one score per domain of the form, each level with its meaning."""

    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    assessed_on = DayField(label=_("Assessed on"), initial=timezone.localdate)

    def __init__(self, *args, domains, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[self.field_name(domain)] = forms.TypedChoiceField(
                label=domain.name,
                coerce=int,
                choices=[(level.score, f"{level.score} — {level.definition}") for level in domain.levels.all()],
                widget=forms.RadioSelect,
            )
        if correcting:
            del self.fields["occasion"], self.fields["assessed_on"]

    @staticmethod
    def field_name(domain) -> str:
        return f"domain_{domain.pk}"

    def scores(self) -> dict[int, int]:
        return {domain.pk: self.cleaned_data[self.field_name(domain)] for domain in self.domains}
