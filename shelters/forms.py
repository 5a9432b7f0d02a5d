"""Forms of the house pages: admission, transfer, discharge. Rules live in shelters.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maksora.forms import DayField
from shelters.choices import ExitDestination, ExitReason
from shelters.models import Bed, Stay

SHARED_BED = "shared"


class AdmitForm(forms.Form):
    """Admission of case members: one bed choice per member (`bed_<person id>`) plus the dates.

    A member's choice is "" (not admitted now), "shared" (a small child in a relative's
    bed) or a bed id of the house. Every bed of the house is a valid choice: whether it is
    free is for the database to say, so a bed taken a second ago gets a clear message.
    """

    start = DayField(label=_("Day of admission"))
    planned_exit_on = DayField(label=_("Planned exit"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=255, required=False)

    def __init__(self, *args, members, beds, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.beds = {bed.pk: bed for bed in beds}
        bed_choices = [("", _("Not admitted now")), (SHARED_BED, _("Shares a relative's bed"))]
        bed_choices += [(str(pk), bed.label) for pk, bed in self.beds.items()]
        for member in members:
            self.fields[self.bed_field(member.person)] = forms.ChoiceField(
                label=str(member.person), choices=bed_choices, required=False, widget=forms.RadioSelect
            )

    @staticmethod
    def bed_field(person) -> str:
        return f"bed_{person.pk}"

    def chosen(self, person) -> str:
        """The choice for `person` as typed (bound form) or as initially offered."""
        name = self.bed_field(person)
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        return str(self.initial.get(name, ""))

    def placements(self) -> list:
        pairs = []
        for member in self.members:
            choice = self.cleaned_data.get(self.bed_field(member.person)) or ""
            if choice == SHARED_BED:
                pairs.append((member.person, None))
            elif choice:
                pairs.append((member.person, self.beds[int(choice)]))
        return pairs

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.placements():
            raise forms.ValidationError(_("Choose a bed for at least one person."))
        return cleaned


class TransferForm(forms.Form):
    on = DayField(label=_("Day of the move"))
    bed = forms.ChoiceField(label=_("New bed"), widget=forms.RadioSelect)

    def __init__(self, *args, beds, **kwargs):
        super().__init__(*args, **kwargs)
        self.beds = {bed.pk: bed for bed in beds}
        choices = [(SHARED_BED, _("Shares a relative's bed"))] + [(str(pk), b.label) for pk, b in self.beds.items()]
        self.fields["bed"].choices = choices
        self.fields["bed"].error_messages["required"] = _("Choose the new bed.")

    def chosen_bed(self) -> Bed | None:
        choice = self.cleaned_data["bed"]
        return None if choice == SHARED_BED else self.beds[int(choice)]

    def chosen(self) -> str:
        return self.data.get("bed", "") if self.is_bound else ""


class DischargeForm(forms.Form):
    stays = forms.ModelMultipleChoiceField(
        label=_("Who leaves"),
        queryset=Stay.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person to discharge.")},
    )
    on = DayField(label=_("Day of leaving"))
    exit_destination = forms.ChoiceField(label=_("Goes to"), choices=[("", "—"), *ExitDestination.choices])
    exit_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—")] + [c for c in ExitReason.choices if c[0] != ExitReason.TRANSFER]
    )
    notes = forms.CharField(label=_("Notes"), max_length=255, required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, stays, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stays"].queryset = stays
        self.fields["stays"].label_from_instance = lambda stay: (
            f"{stay.person} — {stay.bed.label if stay.bed else _('shared bed')}"
        )
        self.fields["on"].initial = timezone.localdate()
