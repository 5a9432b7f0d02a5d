"""Forms of the social workers' pages: validation close to the user, rules in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import choices
from cases.consents import representatives_of
from cases.models import Case, Consent, ConsentText, DocumentType, Goal, Note, Person
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
    consent_signed = forms.BooleanField(label=_("Consent to data processing signed"), required=False)
    consent_given_on = DayField(label=_("Signed on"), required=False, initial=timezone.localdate)
    consent_text = forms.ModelChoiceField(
        label=_("Text version"),
        queryset=ConsentText.objects.none(),
        required=False,
        empty_label=_("The text in force on the day (Russian)"),
    )
    consent_label = _("Consent to data processing signed")
    consent_help = _("Not signed yet: the case opens with the consent pending, due within a few days.")

    class Meta(PersonForm.Meta):
        fields = ["family_name", "given_name", "patronymic", "sex", "birth_date", "birth_date_precision", "phone"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.candidates = []
        self.fields["consent_signed"].label = self.consent_label
        self.fields["consent_signed"].help_text = self.consent_help
        self.fields["consent_text"].queryset = ConsentText.objects.filter(
            purpose=choices.ConsentPurpose.DATA_PROCESSING
        ).order_by("-in_force_from", "language")

    def clean_consent_given_on(self):
        value = self.cleaned_data.get("consent_given_on")
        not_in_future(value, message=_("A consent cannot be given in the future."))
        return value

    def consent(self) -> dict | None:
        """The processing consent signed at intake (given_on, text), or None when not signed yet."""
        if not self.cleaned_data.get("consent_signed"):
            return None
        return {
            "given_on": self.cleaned_data.get("consent_given_on") or timezone.localdate(),
            "text": self.cleaned_data.get("consent_text"),
        }

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
    consent_label = _("Her mother signed the consent to data processing for her")


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


class PlanRequestForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the coordinator"), required=False, max_length=500)


class ApprovalDecisionForm(VersionedFormMixin, forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return with a reason"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, help_text=_("Required when returning the request.")
    )


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


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ConsentForm(forms.ModelForm):
    """A signed consent document; its rules (signer, recipient, text) are checked by consent_give."""

    signed_by = SignerChoiceField(
        label=_("Signed by"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("She herself (an adult)"),
        help_text=_("For a minor: her legal representative, linked to her as mother, father or guardian."),
    )
    text = forms.ModelChoiceField(
        label=_("Text version"),
        queryset=ConsentText.objects.none(),
        required=False,
        empty_label=_("The text in force on the day (Russian)"),
    )
    scan = forms.FileField(label=_("Signed form (scan)"), required=False, help_text=_("PDF, JPEG or PNG."))

    class Meta:
        model = Consent
        fields = ["purpose", "recipient", "signed_by", "given_on", "valid_until", "text"]
        field_classes = {"given_on": DayField, "valid_until": DayField}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = representatives_of(person).order_by("family_name", "given_name")
        self.fields["text"].queryset = ConsentText.objects.order_by("purpose", "language", "-in_force_from")

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        not_in_future(value, message=_("A consent cannot be given in the future."))
        return value

    def _post_clean(self):
        # consent_give checks the record (signer, recipient, one in force); the model's own
        # checks would run here on an instance that does not know her yet.
        pass


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = DayField(label=_("Withdrawn on"), initial=timezone.localdate)


class ConsentPrintForm(forms.Form):
    """Who signs the printed form and in which language (Italian only where a text exists)."""

    signed_by = SignerChoiceField(
        label=_("Signed by"), queryset=Person.objects.none(), required=False, empty_label=_("She herself (an adult)")
    )
    language = forms.ChoiceField(label=_("Language"), choices=choices.ConsentLanguage.choices, required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=200, required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = representatives_of(person)


class DocumentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AttachmentForm(forms.Form):
    """A file, and for a paper of a known type its number and validity.

    On a case's page the paper's holder is chosen among the case's members.
    """

    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG."))
    kind = forms.ChoiceField(label=_("Kind"), choices=choices.AttachmentKind.choices)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    document_type = DocumentTypeChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.filter(active=True),
        required=False,
        empty_label=_("Not an identity or official paper"),
    )
    holder = forms.ModelChoiceField(label=_("Whose paper"), queryset=Person.objects.none(), required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    issued_on = DayField(label=_("Issued on"), required=False)
    valid_until = DayField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty to count the type's usual validity from the issue date."),
    )

    def __init__(self, *args, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if holders is None:
            del self.fields["holder"]
        else:
            self.fields["holder"].queryset = holders


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
