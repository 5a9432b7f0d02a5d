"""Forms of the casework pages added after intake: case details and family links."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import choices
from cases.forms import problem_area_field
from cases.models import Case, Person
from cases.staff import case_workers
from maksora import display
from maksora.access import access_for
from maksora.forms import DayField
from maksora.locking import VersionedFormMixin

RISK_REASON_MAX = 300


class CaseEditForm(VersionedFormMixin, forms.Form):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=choices.RiskLevel.choices)
    risk_reason = forms.CharField(
        label=_("Why the risk level changes"),
        required=False,
        max_length=RISK_REASON_MAX,
        help_text=_("Needed when the risk level changes; it goes into the case timeline."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referral_source = forms.ChoiceField(
        label=_("Referral source"), choices=[("", "—"), *choices.ReferralSource.choices], required=False
    )
    problem_areas = problem_area_field()
    next_review_on = DayField(label=_("Next review"), required=False)

    def __init__(self, *args, case: Case, with_worker: bool, **kwargs):
        kwargs.setdefault("version", case.version)  # a save over a newer version is refused
        kwargs.setdefault(
            "initial",
            {
                "risk_level": case.risk_level,
                "referral_source": case.referral_source,
                "problem_areas": case.problem_areas,
                "next_review_on": case.next_review_on,
                "assigned_to": case.assigned_to_id,
            },
        )
        super().__init__(*args, **kwargs)
        if with_worker:
            # Coordinators of the unit only: the worker goes through the reassign service.
            workers = case_workers([case.unit.code])
            # Left empty: the worker stays as she is (a case may have none yet).
            self.fields["assigned_to"] = forms.ModelChoiceField(
                label=_("Assigned worker"), queryset=workers, required=False
            )
            self.fields["assigned_to"].label_from_instance = display.staff_name


class RelationshipForm(forms.Form):
    """A family link from the person's page: she is named first or second in "X — mother of — Y"."""

    FROM, TO = "from", "to"

    direction = forms.ChoiceField(label=_("Who is named first"), widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Family link"), choices=choices.RelationshipKind.choices)
    relative = forms.ModelChoiceField(
        label=_("Relative"),
        queryset=Person.objects.none(),
        help_text=_("People of the same cases as this person."),
    )
    started_on = DayField(label=_("Since"), required=False)

    def __init__(self, *args, person: Person, user, **kwargs):
        kwargs.setdefault("initial", {"direction": self.FROM})
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["direction"].choices = [
            (self.FROM, _("%(name)s — (link) — the relative") % {"name": person.full_name}),
            (self.TO, _("The relative — (link) — %(name)s") % {"name": person.full_name}),
        ]
        self.fields["relative"].queryset = relative_candidates(person, user)
        self.fields["relative"].label_from_instance = _candidate_label

    def link_arguments(self) -> dict:
        """The service's arguments: who is "from" and who is "to" follows the chosen direction."""
        data = self.cleaned_data
        first, second = (self.person, data["relative"])
        if data["direction"] == self.TO:
            first, second = second, first
        return {"from_person": first, "to_person": second, "kind": data["kind"], "started_on": data["started_on"]}


def _candidate_label(person: Person) -> str:
    return f"{person.full_name} ({person.birth_date_display})" if person.birth_date else person.full_name


def relative_candidates(person: Person, user):
    """People who share a case with `person`, in a unit the user writes in, and whom she may see."""
    access = access_for(user)
    writable = [code for code in access.case_unit_codes if access.can_edit_unit(code)]
    cases = Case.objects.visible_to(user).filter(memberships__person=person, unit__code__in=writable)
    return (
        Person.objects.visible_to(user)
        .filter(memberships__case__in=cases)
        .exclude(pk=person.pk)
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


class RelationshipEndForm(forms.Form):
    ended_on = DayField(label=_("Ended on"), initial=timezone.localdate)
