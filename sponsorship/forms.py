"""Forms of the sponsorship pages: validation close to the user, rules in services."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.choices import MemberRole, Sex
from cases.models import Person
from maksora.forms import DayField
from maksora.locking import VersionedFormMixin
from maksora.rules import not_in_future, validate_phone
from maksora.units import UnitCode
from sponsorship import choices, rules
from sponsorship.importing import check_upload
from sponsorship.models import ChecklistItemType, Correspondence, Sponsor, SponsoredChild
from sponsorship.services.correspondence import correspondence_ready_check
from sponsorship.values import parse_amount


class LastDayField(DayField):
    """The last day something is in force, as people say it; cleaned to the day after.

    Periods are stored half-open, [start, end), so the services take the first day no
    longer in force; converting here keeps that detail out of the pages.
    """

    def clean(self, value):
        day = super().clean(value)
        return day + timedelta(days=1) if day else day


class EuroAmountField(forms.CharField):
    """An amount in EUR typed with a comma or a point ("120,50" or "120.50"); Decimal, never float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_amount(value)
        except ValueError as exc:
            raise ValidationError(_("Enter an amount in euros such as 120,50."), code="invalid") from exc
        rules.check_amount(amount)
        return amount


# --- children ---------------------------------------------------------------------------


class ChildEnrolForm(forms.Form):
    """Enrol an existing child of the distance unit, or register a new child."""

    person = forms.ModelChoiceField(
        label=_("Child already in the registry"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Children of the program's cases not enrolled yet. Leave empty to register a new child."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = DayField(label=_("Date of birth"), required=False)
    avsi_code = forms.CharField(label=_("AVSI child code"), max_length=30)
    school = forms.CharField(label=_("School"), max_length=150, required=False)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    living_situation = forms.ChoiceField(label=_("Living situation"), choices=choices.LivingSituation.choices)
    enrolled_on = DayField(label=_("Enrolled on"))
    # Set once the officer has seen the possible matches and chosen to register a new child.
    confirm_new = forms.BooleanField(label=_("None of these: register a new child"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user)
            .filter(
                memberships__case__unit__code=UnitCode.DISTANCE,
                memberships__role=MemberRole.CHILD,
                sponsored_child__isnull=True,
            )
            .distinct()
            .order_by("family_name", "given_name", "id")
        )

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        not_in_future(value, message=_("A date of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("person"):
            for name in ("family_name", "given_name", "sex"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a new child (or choose a child already in the registry)."))
        return data

    def person_or_fields(self) -> Person | dict:
        data = self.cleaned_data
        if data.get("person"):
            return data["person"]
        return {
            "family_name": data["family_name"].strip(),
            "given_name": data["given_name"].strip(),
            "patronymic": data["patronymic"].strip(),
            "sex": data["sex"],
            "birth_date": data["birth_date"],
        }

    def program_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("avsi_code", "school", "grade", "living_situation", "enrolled_on")
        }


class ChildForm(VersionedFormMixin, forms.ModelForm):
    enrolled_on = DayField(label=_("Enrolled on"))

    class Meta:
        model = SponsoredChild
        fields = ["avsi_code", "school", "grade", "living_situation", "enrolled_on"]

    def validate_unique(self):
        # The service reports a taken AVSI code in its own words (case-insensitive).
        pass


class ChildExitForm(forms.Form):
    exited_on = DayField(
        label=_("Leaves the program on"), help_text=_("The first day she is no longer in the program.")
    )
    exit_reason = forms.ChoiceField(label=_("Reason"), choices=choices.ChildExitReason.choices)


class ChildFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Enrolled today")),
        ("awaiting", _("Awaiting a sponsor")),
        ("sponsored", _("Sponsored")),
        ("left", _("Left the program")),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("Name or AVSI code"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


# --- sponsors ---------------------------------------------------------------------------


class SponsorForm(VersionedFormMixin, forms.ModelForm):
    # Longer than the column so "Italia" gets the helpful message below, not "at most 2 characters".
    country = forms.CharField(label=_("Country"), max_length=60, help_text=_("Two-letter code, e.g. IT."))

    class Meta:
        model = Sponsor
        fields = ["avsi_code", "kind", "name", "country", "language", "email", "phone", "address"]

    def clean_country(self):
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise ValidationError(_("Enter a two-letter country code such as IT."))
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        validate_phone(value)
        return value

    def validate_unique(self):
        # The service reports a taken AVSI code in its own words (case-insensitive).
        pass


# --- sponsorships -----------------------------------------------------------------------


class SponsorshipStartForm(forms.Form):
    """Any sponsor the user sees is a valid choice; only those matching `query` are listed.

    Listing every sponsor breaks down with hundreds of them, so the page searches first
    and offers at most PICKER_LIMIT; the one already chosen stays listed after an error.
    """

    PICKER_LIMIT = 50

    sponsor = forms.ModelChoiceField(label=_("Sponsor"), queryset=Sponsor.objects.none(), widget=forms.RadioSelect)
    start = DayField(label=_("In force from"))
    end = LastDayField(label=_("Last day (leave empty while it goes on)"), required=False)

    def __init__(self, *args, user, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["sponsor"]
        field.queryset = Sponsor.objects.visible_to(user)
        chosen = str(self.data.get("sponsor", "") if self.is_bound else self.initial.get("sponsor", ""))
        # A longer "id" is no id at all; it would overflow the integer column.
        keep = int(chosen) if chosen.isdigit() and len(chosen) < 10 else None
        shown = list(field.queryset.for_picker(query, day=timezone.localdate(), keep=keep, limit=self.PICKER_LIMIT + 1))
        self.more_sponsors = len(shown) > self.PICKER_LIMIT
        self.sponsors_shown = shown[: self.PICKER_LIMIT]
        # Set after the queryset: assigning the queryset resets the widget to all its rows.
        field.widget.choices = [(sponsor.pk, self.sponsor_label(sponsor)) for sponsor in self.sponsors_shown]

    @staticmethod
    def sponsor_label(sponsor):
        children = ngettext("%(count)d child", "%(count)d children", sponsor.children_now) % {
            "count": sponsor.children_now
        }
        return f"{sponsor.avsi_code} · {sponsor.name} ({sponsor.country}) · {children}"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The last day cannot be before the start."))
        return data


class SponsorshipEndForm(forms.Form):
    end = LastDayField(label=_("Last day of the sponsorship"))
    end_reason = forms.ChoiceField(label=_("Reason"), choices=choices.SponsorshipEndReason.choices)


class ContributionForm(forms.Form):
    period_year = forms.IntegerField(label=_("For year"), min_value=2000, max_value=2100)
    amount = EuroAmountField(label=_("Amount (EUR)"), help_text=_("For example 1 234,50"))
    received_on = DayField(label=_("Received on"))
    reference = forms.CharField(label=_("Reference"), max_length=60)


class StatementYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


# --- correspondence ---------------------------------------------------------------------


class CorrespondenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=choices.CorrespondenceKind.choices)
    due_on = DayField(label=_("Due on"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=choices.Language.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG; its metadata (place, camera) is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    translation_status = forms.ChoiceField(label=_("Translation"), choices=choices.TranslationStatus.choices)


class CorrespondenceEditForm(VersionedFormMixin, CorrespondenceForm):
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]

    def clean(self):
        data = super().clean()
        if data.get("remove_photo") and data.get("photo"):
            self.add_error("remove_photo", _("Either upload a new photo or remove it, not both."))
        return data


class MarkSentForm(forms.Form):
    sent_on = DayField(label=_("Sent on"))

    def __init__(self, *args, correspondence=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.correspondence = correspondence

    def clean(self):
        data = super().clean()
        if self.correspondence is not None:
            try:
                correspondence_ready_check(self.correspondence)
            except ValidationError as error:
                self.add_error(None, error)
        return data


class BulkMarkSentForm(forms.Form):
    """The rows ticked on the tracker and the day they left."""

    sent_on = DayField(label=_("Sent on"))
    items = forms.ModelMultipleChoiceField(
        queryset=Correspondence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one item to mark as sent.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The tracker writes the rows' checkboxes itself: only a posted form reads the choices.
        if self.is_bound:
            self.fields["items"].queryset = Correspondence.objects.visible_to(user).pending().for_list()


class ChecklistForm(forms.Form):
    ticked = forms.ModelMultipleChoiceField(
        label=_("Checklist"),
        queryset=ChecklistItemType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, correspondence, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ticked"]
        field.queryset = ChecklistItemType.objects.applying_to(correspondence.kind)
        field.label_from_instance = lambda item_type: (
            item_type.name if item_type.required else _("%(name)s (optional)") % {"name": item_type.name}
        )


class YearlyScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_on = DayField(label=_("Due on"))

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("due_on") and data["due_on"].year != data["year"]:
            self.add_error("due_on", _("The due date must fall in the chosen year."))
        return data


# --- import -----------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("AVSI spreadsheet"),
        help_text=_("XLSX or CSV (UTF-8 or Windows-1251), at most 5 MB, with the columns of the import guide."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload.name, upload.size)
        return upload
