"""People, their family links, consents and attachments."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, pgettext_lazy

from cases import consents
from cases.admin.filters import FoldedNameSearchMixin, name_match
from cases.choices import ConsentState
from cases.forms import PersonForm
from cases.models import (
    Attachment,
    CaseMember,
    Consent,
    ConsentText,
    MergeRecord,
    Person,
    Relationship,
    Restriction,
    RestrictionGrant,
)
from maksora.access import access_for
from maksora.admin import ReadOnlyInline, ReadOnlyModelAdmin, ScopedModelAdmin
from maksora.admin_site_edited import EditedOnSiteAdmin
from maksora.sql import AnyOf


class RelationshipInline(ReadOnlyInline, admin.TabularInline):
    """Shown here; added and ended on the person's page."""

    model = Relationship
    fk_name = "from_person"
    fields = ("kind", "to_person", "started_on", "ended_on")
    readonly_fields = fields
    unit_path = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_person", "to_person")


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    model = CaseMember
    unit_path = "case__unit__code"
    fields = ("case", "role")
    readonly_fields = ("case", "role")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "case__primary_person")


class ConsentInline(ReadOnlyInline, admin.TabularInline):
    model = Consent
    fk_name = "person"
    fields = ("purpose", "recipient", "signed_by", "given_on", "valid_until", "withdrawn_on", "evidence")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "signed_by", "evidence")


@admin.register(Person)
class PersonAdmin(FoldedNameSearchMixin, ScopedModelAdmin):
    accusative = pgettext_lazy("accusative", "person")
    # The site's form: the same rules (date of birth, phone) on both pages.
    form = PersonForm
    list_display = ("full_name", "sex", "birth_date_display", "district", "phone")
    list_filter = ("sex", "district", "birth_date_precision")
    list_columns = (
        "family_name",
        "given_name",
        "patronymic",
        "sex",
        "birth_date",
        "birth_date_precision",
        "district",
        "phone",
    )
    search_fields = ("name_key",)  # see search_q: name (variants), phone number, document number
    readonly_fields = ("merged_into", "created_at", "updated_at")
    inlines = (MembershipInline, RelationshipInline, ConsentInline)
    actions = ("merge_two_selected",)
    fieldsets = (
        (None, {"fields": ("family_name", "given_name", "patronymic", "sex", ("birth_date", "birth_date_precision"))}),
        (
            gettext_lazy("Documents and contact"),
            {"fields": ("citizenship", ("document_type", "document_number"), "phone", "address", "district")},
        ),
        (gettext_lazy("Record"), {"fields": ("merged_into", "created_at", "updated_at")}),
    )

    def search_q(self, term):
        # The people found on their own indexes first (name, phone or document number), then the
        # admin's scope on just them: as one OR inside the scoped query PostgreSQL walks a whole
        # unit's cases and tests each person against the search instead (maksora.sql.AnyOf).
        found = Person.objects.filter(name_match("", term) | Q(document_number__iexact=term))
        return Q(AnyOf("pk", found.values("pk")))

    @admin.display(description=gettext_lazy("full name"), ordering="family_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=gettext_lazy("date of birth"), ordering="birth_date")
    def birth_date_display(self, obj):
        return obj.birth_date_display

    @admin.action(description=gettext_lazy("Merge two selected people"))
    def merge_two_selected(self, request, queryset):
        """Leads to the site's confirmation page: the older record is proposed as the one kept."""
        people = list(queryset.order_by("pk")[:3])
        if len(people) != 2:
            self.message_user(request, gettext_lazy("Select exactly two people to merge."), messages.ERROR)
            return None
        keep, duplicate = people
        return redirect("cases:person_merge_confirm", duplicate.pk, keep.pk)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access_for(request.user).is_coordinator:
            actions.pop("merge_two_selected", None)
        return actions

    def view_on_site(self, obj):
        return reverse("cases:person_detail", args=[obj.pk])

    def has_add_permission(self, request):
        # People are registered on the site (intake, a new member of a case), after the duplicate check.
        return False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        # A person is edited by someone who writes in one of the units of her cases.
        access = access_for(request.user)
        # Asked many times while one page is drawn (the form, each inline): her units are read once.
        units = getattr(obj, "_admin_unit_codes", None)
        if units is None:
            units = obj._admin_unit_codes = set(obj.memberships.values_list("case__unit__code", flat=True))
        return any(access.can_edit_unit(code) for code in units)


@admin.register(Relationship)
class RelationshipAdmin(FoldedNameSearchMixin, EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "family link")
    # Added and ended on the person's page (cases.services.family: its rules and timeline lines).
    site_url_name, site_url_arg = "cases:person_detail", "from_person_id"
    list_display = ("from_person", "kind", "to_person", "started_on", "ended_on")
    list_filter = ("kind", "ended_on")
    list_select_related = ("from_person", "to_person")
    autocomplete_fields = ("from_person", "to_person")
    search_fields = ("from_person__name_key",)

    def search_q(self, term):
        return name_match("from_person__", term) | name_match("to_person__", term)


@admin.register(Consent)
class ConsentAdmin(FoldedNameSearchMixin, EditedOnSiteAdmin):
    """Listed here; given, renewed and withdrawn on the person's page, through the same service and rules
    (cases.consents: signer, recipient, text version; withdrawal starts the destruction clock)."""

    site_url_name, site_url_arg = "cases:person_detail", "person_id"
    list_display = ("person", "purpose", "recipient", "signed_by", "given_on", "valid_until", "withdrawn_on", "state")
    list_filter = ("purpose", "given_on", "valid_until", "withdrawn_on")
    list_select_related = ("person", "signed_by", "text")
    autocomplete_fields = ("person", "signed_by")
    raw_id_fields = ("evidence",)
    search_fields = ("person__name_key",)

    def search_q(self, term):
        return name_match("person__", term)

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj):
        return ConsentState(consents.state_of(obj)).label


class ConsentTextForm(forms.ModelForm):
    class Meta:
        model = ConsentText
        fields = ("purpose", "language", "version_label", "in_force_from", "body")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                consents.check_text_editable(self.instance, body_changed="body" in self.changed_data)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(ConsentText)
class ConsentTextAdmin(ScopedModelAdmin):
    """The wording of each consent, per language and version: configuration the administrators keep.

    A text already signed keeps its words (a new version is added); the newest one in force
    on the day is offered when a consent is recorded or printed.
    """

    reference_data = True
    form = ConsentTextForm
    list_display = ("purpose", "language", "version_label", "in_force_from")
    list_filter = ("purpose", "language")
    search_fields = ("version_label",)


@admin.register(Attachment)
class AttachmentAdmin(EditedOnSiteAdmin):
    """Uploaded and linked on the site (EXIF stripping, private storage, the person's or case's page)."""

    list_display = (
        "original_name",
        "kind",
        "document_type",
        "valid_until",
        "person",
        "case",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("kind", "document_type", "valid_until", "uploaded_at")
    list_select_related = ("person", "case__primary_person", "uploaded_by", "document_type")
    autocomplete_fields = ("person", "case")
    search_fields = ("original_name",)
    readonly_fields = ("file", "content_type", "size", "uploaded_by", "uploaded_at")

    def site_url_of(self, obj):
        if obj is None:
            return None
        if obj.case_id:
            return reverse("cases:case_detail", args=[obj.case_id])
        return reverse("cases:person_detail", args=[obj.person_id]) if obj.person_id else None


class RestrictionGrantInline(ReadOnlyInline, admin.TabularInline):
    model = RestrictionGrant
    fields = ("user", "granted_by", "granted_at")
    readonly_fields = fields


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyModelAdmin):
    """Read-only: restrictions are set, changed and lifted on the person page (one path, one log)."""

    list_display = ("person", "set_by", "set_at")
    list_select_related = ("person", "set_by")
    fields = ("person", "reason", "set_by", "set_at")
    readonly_fields = fields
    inlines = (RestrictionGrantInline,)


@admin.register(RestrictionGrant)
class RestrictionGrantAdmin(ReadOnlyModelAdmin):
    accusative = pgettext_lazy("accusative", "named staff member")
    list_display = ("restriction", "user", "granted_by", "granted_at")
    list_select_related = ("restriction", "user", "granted_by")


@admin.register(MergeRecord)
class MergeRecordAdmin(ReadOnlyModelAdmin):
    """Merges are made and undone on the site (confirmation page); listed here with a link to undo."""

    list_display = ("duplicate", "keep", "merged_by", "merged_at", "undone_by", "undone_at", "undo_link")
    list_filter = ("merged_at", "undone_at")
    list_select_related = ("duplicate", "keep", "merged_by", "undone_by")
    fields = ("duplicate", "keep", "merged_by", "merged_at", "undone_by", "undone_at", "moved")
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("undo"))
    def undo_link(self, obj):
        if obj.undone_at is not None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("cases:person_unmerge", args=[obj.pk]), gettext_lazy("Undo the merge…")
        )
