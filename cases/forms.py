"""Forms of the social workers' pages: validation close to the user, rules in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import choices
from cases.models import Case, Consent, Goal, Note, Person
from maksora import display
from maksora.access import access_for
from maksora.forms import DayField
from maksora.locking import VersionedFormMixin
from maksora.models import Unit
from maksora.rules import not_in_future, validate_phone
from maksora.units import UnitCode


def problem_area_field():
    return forms.MultipleChoiceField(
        label=_("Problem areas"),
        choices=choices.ProblemArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# --- people ---------------------------------------------------------------------------------


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "patronymic",
            "sex",
            "birth_date",
            "birth_date_precision",
            "citizenship",
            "document_type",
            "document_number",
            "phone",
            "address",
            "district",
        ]
        field_classes = {"birth_date": DayField}

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        not_in_future(value, message=_("A date of birth cannot be in the future."))
        return value

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        validate_phone(value)
        return value


class PersonEditForm(VersionedFormMixin, PersonForm):
    """The person's page edit: refused when someone saved her record since it was opened."""


class IntakePersonForm(PersonForm):
    """A person of the intake: typed fields, plus the worker's answer to the duplicate warning.

    `match` is "" (not asked yet), "new" (create this person anyway) or the id of an
    existing person to use instead of the typed one.
    """

    match = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(PersonForm.Meta):
        fields = ["family_name", "given_name", "patronymic", "sex", "birth_date", "birth_date_precision", "phone"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.candidates = []

    def clean_match(self):
        value = (self.cleaned_data.get("match") or "").strip()
        if value in ("", "new"):
            return value
        try:
            self.existing_person = Person.objects.visible_to(self.user).get(pk=int(value))
        except (ValueError, Person.DoesNotExist) as exc:
            raise ValidationError(_("Choose one of the people offered, or a new person.")) from exc
        return value

    def person_or_fields(self) -> Person | dict:
        if self.cleaned_data.get("match") not in ("", "new"):
            return self.existing_person
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ChildForm(IntakePersonForm):
    pass


ChildFormSet = forms.formset_factory(ChildForm, extra=1, max_num=12, validate_max=True)


class IntakeCaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    referral_source = forms.ChoiceField(label=_("Referral source"), choices=choices.ReferralSource.choices)
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=choices.RiskLevel.choices, initial=choices.RiskLevel.LOW
    )
    problem_areas = problem_area_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        editable = [code for code in access.own_unit_codes if access.can_edit_unit(code)]
        self.fields["unit"].queryset = Unit.objects.filter(code__in=editable)
        if len(editable) == 1:
            self.fields["unit"].initial = self.fields["unit"].queryset.first()


class MergeForm(forms.Form):
    keep = forms.IntegerField(
        label=_("Merge into (the record to keep)"),
        help_text=_("Type a name to search, then pick the person."),
        widget=forms.NumberInput(attrs={"data-autocomplete": "person"}),
    )

    def __init__(self, *args, user, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.duplicate = user, duplicate

    def clean_keep(self):
        try:
            keep = Person.objects.visible_to(self.user).get(pk=self.cleaned_data["keep"])
        except Person.DoesNotExist as exc:
            raise ValidationError(_("Choose a person from the list.")) from exc
        if keep.pk == self.duplicate.pk:
            raise ValidationError(_("A person cannot be merged into herself."))
        return keep


class MergeConfirmForm(forms.Form):
    """Nothing to fill in: the POST itself is the confirmation (CSRF-protected)."""


# --- case file ------------------------------------------------------------------------------


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=choices.CaseStatus.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(label=_("Closure reason"), choices=choices.ClosureReason.choices)
    closed_on = DayField(label=_("Closed on"), initial=timezone.localdate)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class ReviewForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["next_review_on"]
        field_classes = {"next_review_on": DayField}


class NoteForm(forms.ModelForm):
    problem_areas = problem_area_field()

    class Meta:
        model = Note
        fields = ["date", "kind", "duration_minutes", "problem_areas", "text", "confidential"]
        field_classes = {"date": DayField}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def clean_date(self):
        value = self.cleaned_data.get("date")
        not_in_future(value, message=_("A contact cannot be recorded in the future."))
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not 0 < value <= 24 * 60:
            raise ValidationError(_("A contact lasts between 1 minute and one day."))
        return value


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["domain", "text", "target_date"]
        field_classes = {"target_date": DayField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_target_date(self):
        value = self.cleaned_data.get("target_date")
        if value and self.case and value < self.case.opened_on:
            raise ValidationError(_("The target date cannot be before the case was opened."))
        return value


class GoalProgressForm(forms.Form):
    date = DayField(label=_("Date"), initial=timezone.localdate)
    status = forms.ChoiceField(label=_("Status"), choices=choices.GoalStatus.choices)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_date(self):
        value = self.cleaned_data.get("date")
        not_in_future(value, message=_("Progress cannot be recorded in the future."))
        return value


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = DayField(label=_("Due on"))
    assigned_to = forms.ModelChoiceField(label=_("Assigned to"), queryset=get_user_model().objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["assigned_to"].queryset = get_user_model().objects.filter(units=case.unit_id, is_active=True)
        self.fields["assigned_to"].label_from_instance = display.staff_name

    def clean_due_on(self):
        value = self.cleaned_data.get("due_on")
        if value and value < self.case.opened_on:
            raise ValidationError(_("A task cannot be due before the case was opened."))
        return value


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on"]
        field_classes = {"given_on": DayField}

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        not_in_future(value, message=_("A consent cannot be given in the future."))
        return value


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = DayField(label=_("Withdrawn on"), initial=timezone.localdate)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG."))
    kind = forms.ChoiceField(label=_("Kind"), choices=choices.AttachmentKind.choices)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


# --- lists ----------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, phone or case number"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *choices.CaseStatus.choices]
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    risk_level = forms.ChoiceField(
        label=_("Risk"), required=False, choices=[("", _("Any risk")), *choices.RiskLevel.choices]
    )
    problem_area = forms.ChoiceField(
        label=_("Problem area"), required=False, choices=[("", _("Any problem area")), *choices.ProblemArea.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        codes = access_for(user).case_unit_codes
        self.fields["unit"].choices = [("", _("Any unit"))] + [
            (code, label) for code, label in UnitCode.choices if code in codes
        ]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.search(data["q"], user=self.user)
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["unit"]:
            queryset = queryset.filter(unit__code=data["unit"])
        if data["risk_level"]:
            queryset = queryset.filter(risk_level=data["risk_level"])
        if data["problem_area"]:
            queryset = queryset.filter(problem_areas__contains=[data["problem_area"]])
        return queryset


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display.staff_name(obj)


class RestrictionForm(forms.Form):
    """Restrict a record or change its named staff; the staff offered work in her units."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("Seen only by the named staff. Do not write anyone's name here."),
    )
    named = StaffChoiceField(
        label=_("Named staff"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only they will see this person. You stay among them when you restrict a record."),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named"].queryset = staff


class LiftRestrictionForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, all staff of her units may see this person again"))
