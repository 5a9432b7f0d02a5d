"""Cases with their members and timeline; the changelist coordinators work from."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from cases.admin.caseload import CaseloadAdminMixin
from cases.admin.filters import (
    CaseUnitFilter,
    ConsentFilter,
    FoldedNameSearchMixin,
    OpenCaseFilter,
    OverdueReviewFilter,
    ProblemAreaFilter,
    QuietFilter,
    UnitFilter,
    name_match,
)
from cases.forms import problem_area_field
from cases.models import Approval, Case, CaseActivity, CaseMember, Goal, Note, Task
from cases.services.case_details import case_update
from maksora.admin import ReadOnlyInline, ReadOnlyModelAdmin, ScopedModelAdmin
from maksora.admin_site_edited import EditedOnSiteAdmin


class CaseMemberInline(ReadOnlyInline, admin.TabularInline):
    model = CaseMember
    unit_path = "case__unit__code"
    fields = ("person", "role")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "case")


class NoteInline(ReadOnlyInline, admin.TabularInline):
    model = Note
    fields = ("date", "kind", "author", "confidential", "duration_minutes")
    readonly_fields = fields
    ordering = ("-date",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class TaskInline(ReadOnlyInline, admin.TabularInline):
    model = Task
    fields = ("title", "due_on", "assigned_to", "done_on")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assigned_to")


class GoalInline(ReadOnlyInline, admin.TabularInline):
    model = Goal
    fields = ("domain", "text", "status", "target_date", "achieved_on")
    readonly_fields = fields


# Inlines the apps built on cases add to the case page (e.g. shelters' stays): cases
# itself knows nothing of them.
EXTRA_CASE_INLINES: list = []


def register_case_inline(inline) -> None:
    """Show `inline` (rows of another app that belong to a case) on the admin's case page."""
    if inline not in EXTRA_CASE_INLINES:
        EXTRA_CASE_INLINES.append(inline)


CASE_DETAIL_FIELDS = (
    "unit", "primary_person", "opened_on", "next_review_on", "risk_level", "referral_source", "consent_due_on",
)  # fmt: skip


class CaseAdminForm(forms.ModelForm):
    """The one detail ticked here: problem areas, with the site's own field (cases.forms) and service."""

    problem_areas = problem_area_field()

    class Meta:
        model = Case
        fields = ("problem_areas",)


@admin.register(Case)
class CaseAdmin(CaseloadAdminMixin, FoldedNameSearchMixin, ScopedModelAdmin):
    unit_path = "unit__code"
    list_display = (
        "number",
        "primary_person",
        "unit",
        "status",
        "risk_level",
        "assigned_to",
        "opened_on",
        "closed_on",
        "next_review_on",
        "consent_due_on",
    )
    list_filter = (
        OpenCaseFilter,
        ConsentFilter,
        UnitFilter,
        "status",
        "risk_level",
        "assigned_to",
        ProblemAreaFilter,
        OverdueReviewFilter,
        QuietFilter,
        "opened_on",
        "closed_on",
    )
    list_select_related = ("unit", "primary_person", "assigned_to")
    list_columns = (
        *("number", "status", "risk_level", "opened_on", "closed_on", "next_review_on", "consent_due_on"),
        *("unit__code", "primary_person__family_name", "primary_person__given_name", "primary_person__patronymic"),
        *("assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"),
    )
    object_select_related = list_select_related
    search_fields = ("number",)  # see search_q: number, names of all members
    autocomplete_fields = ("primary_person",)
    date_hierarchy = None
    readonly_fields = ("number", "version", "created_at", "status", "closed_on", "closure_reason", "assigned_to")
    inlines = (CaseMemberInline, GoalInline, TaskInline, NoteInline)
    actions = ("reassign_selected",)
    fieldsets = (
        (None, {"fields": ("number", "unit", "primary_person", "status", "assigned_to", "risk_level")}),
        (
            gettext_lazy("Dates"),
            {"fields": ("opened_on", "next_review_on", "consent_due_on", "closed_on", "closure_reason")},
        ),
        (gettext_lazy("Details"), {"fields": ("referral_source", "problem_areas", "version", "created_at")}),
    )
    form = CaseAdminForm

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), *EXTRA_CASE_INLINES)

    def get_search_results(self, request, queryset, search_term):
        # The site's case search: an exact number first, a number's letters never searched as a
        # name, members found by name variants or phone on their own indexes (no scan of cases).
        return queryset.search(search_term, user=request.user), False

    def get_readonly_fields(self, request, obj=None):
        # Every detail of a case is changed on the site, through the services and their rules (a new
        # risk level needs a reason, the worker goes through the reassignment, the timeline says so):
        # the admin shows the case, lets problem areas be ticked and offers the bulk reassignment, both
        # through the same services.
        return [*super().get_readonly_fields(request, obj), *CASE_DETAIL_FIELDS]

    def get_fieldsets(self, request, obj=None):
        # Who may only read the case sees the problem areas as words, not as a list of codes.
        if self.has_change_permission(request, obj):
            return super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": self.readable(options["fields"])})
                for name, options in super().get_fieldsets(request, obj)]  # fmt: skip

    def save_model(self, request, obj, form, change):
        # Through the site's service: its rules, its timeline line, its version check.
        current = Case.objects.get(pk=obj.pk)
        case_update(
            case=current,
            by=request.user,
            risk_level=current.risk_level,
            referral_source=current.referral_source,
            problem_areas=form.cleaned_data["problem_areas"],
            next_review_on=current.next_review_on,
            expected_version=form.expected_version,
        )
        obj.refresh_from_db()

    def view_on_site(self, obj):
        return reverse("cases:case_detail", args=[obj.pk])

    def has_add_permission(self, request):
        # Cases are opened by the intake on the site (duplicate check, number, timeline): one path.
        return False


@admin.register(CaseMember)
class CaseMemberAdmin(FoldedNameSearchMixin, EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "case member")
    unit_path = "case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("case", "person", "role")
    list_filter = (CaseUnitFilter, "role")
    list_select_related = ("case__primary_person", "person")
    autocomplete_fields = ("case", "person")
    search_fields = ("case__number",)

    def search_q(self, term):
        return Q(case__number__icontains=term) | name_match("person__", term)


@admin.register(CaseActivity)
class CaseActivityAdmin(ReadOnlyModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("happened_at", "case", "kind", "from_status", "to_status", "actor", "summary")
    list_filter = (CaseUnitFilter, "kind", "happened_at")
    list_select_related = ("case__primary_person", "actor")
    search_fields = ("case__number",)
    readonly_fields = ("case", "kind", "from_status", "to_status", "summary", "actor", "happened_at")


@admin.register(Approval)
class ApprovalAdmin(EditedOnSiteAdmin):
    """Asked for and answered on the site (the case page and the coordinators' list)."""

    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("case", "kind", "status", "requested_by", "requested_at", "decided_by", "decided_at")
    list_filter = (CaseUnitFilter, "kind", "status")
    list_select_related = ("case__primary_person", "requested_by", "decided_by")
    search_fields = ("case__number",)
