"""Coordinators' admin for people and cases, scoped by maksora.admin.ScopedModelAdmin.

Also the caseload review (per worker: active cases, cases without a recent note, overdue
tasks and reviews) and the bulk "reassign" action, which goes through
cases.services.case_reassign like the site does.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases import choices
from cases.models import (
    Attachment,
    Case,
    CaseActivity,
    CaseMember,
    CaseNumberCounter,
    Consent,
    Goal,
    GoalUpdate,
    Note,
    Person,
    Relationship,
    Task,
    Unit,
)
from cases.names import fold_name
from cases.services import case_reassign
from maksora import roles
from maksora.access import access_for
from maksora.admin import ReadOnlyInline, ScopedInline, ScopedModelAdmin
from shelters.models import Stay

User = get_user_model()

DEFAULT_QUIET_DAYS = 30


def _name_match(prefix: str, term: str) -> Q:
    """Cyrillic or Latin spelling of a name: compare the folded forms (trigram-indexed)."""
    folded = fold_name(term)
    return Q(**{f"{prefix}name_key__icontains": folded}) if folded else Q(pk__in=[])


class FoldedNameSearchMixin:
    """Search by the folded name key plus exact-ish codes; one ILIKE per column, no joins."""

    def search_q(self, term: str) -> Q:
        raise NotImplementedError

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(self.search_q(term)), False


class UnitFilter(admin.SimpleListFilter):
    """Units the user reaches (never another unit's name as an option)."""

    title = gettext_lazy("unit")
    parameter_name = "unit"
    unit_path = "unit__code"

    def lookups(self, request, model_admin):
        codes = access_for(request.user).case_unit_codes
        return [(code, label) for code, label in choices.UnitCode.choices if code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.unit_path: self.value()})
        return queryset


class CaseUnitFilter(UnitFilter):
    unit_path = "case__unit__code"


class ProblemAreaFilter(admin.SimpleListFilter):
    title = gettext_lazy("problem areas")
    parameter_name = "problem_area"

    def lookups(self, request, model_admin):
        return choices.ProblemArea.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(problem_areas__contains=[self.value()])
        return queryset


class OpenCaseFilter(admin.SimpleListFilter):
    """Open cases first (the useful view), closed ones on request."""

    title = gettext_lazy("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "open") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.exclude(status=choices.CaseStatus.CLOSED)
        if value == "closed":
            return queryset.filter(status=choices.CaseStatus.CLOSED)
        return queryset


class OverdueReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.exclude(status=choices.CaseStatus.CLOSED).filter(next_review_on__lt=timezone.localdate())
        return queryset


class QuietFilter(admin.SimpleListFilter):
    """Open cases without a note in the last N days (N=`quiet`, from the caseload review)."""

    title = gettext_lazy("without a recent note")
    parameter_name = "quiet"

    def lookups(self, request, model_admin):
        return [(str(DEFAULT_QUIET_DAYS), _("No note for %(days)s days") % {"days": DEFAULT_QUIET_DAYS})]

    def queryset(self, request, queryset):
        try:
            days = int(self.value()) if self.value() else None
        except ValueError:
            days = None
        if days is None or days < 0:
            return queryset
        since = timezone.localdate() - timedelta(days=days)
        recent = Note.objects.filter(case=OuterRef("pk"), date__gte=since)
        return queryset.exclude(status=choices.CaseStatus.CLOSED).filter(~Exists(recent))


# --- reference -----------------------------------------------------------------------------


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    reference_data = True
    list_display = ("code", "__str__", "staff_count")
    search_fields = ("code",)
    filter_horizontal = ("members",)
    unit_path = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff=Count("members"))

    @admin.display(description=gettext_lazy("staff"))
    def staff_count(self, obj):
        return obj.staff


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ScopedModelAdmin):
    unit_path = "unit__code"
    list_display = ("unit", "year", "last")
    list_filter = (UnitFilter, "year")
    list_select_related = ("unit",)
    readonly_fields = ("unit", "year", "last")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_coordinator or access_for(request.user).is_manager


# --- people --------------------------------------------------------------------------------


class RelationshipInline(ScopedInline, admin.TabularInline):
    model = Relationship
    fk_name = "from_person"
    autocomplete_fields = ("to_person",)
    unit_path = None


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    model = CaseMember
    unit_path = "case__unit__code"
    fields = ("case", "role")
    readonly_fields = ("case", "role")


class ConsentInline(ScopedInline, admin.TabularInline):
    model = Consent
    fields = ("purpose", "given_on", "withdrawn_on", "evidence")
    raw_id_fields = ("evidence",)


@admin.register(Person)
class PersonAdmin(FoldedNameSearchMixin, ScopedModelAdmin):
    list_display = ("full_name", "sex", "birth_date_display", "district", "phone")
    list_filter = ("sex", "district", "birth_date_precision")
    search_fields = ("name_key",)  # see search_q: folded name, document number, phone
    readonly_fields = ("merged_into", "created_at", "updated_at")
    inlines = (MembershipInline, RelationshipInline, ConsentInline)
    fieldsets = (
        (None, {"fields": ("family_name", "given_name", "patronymic", "sex", ("birth_date", "birth_date_precision"))}),
        (
            gettext_lazy("Documents and contact"),
            {"fields": ("citizenship", ("document_type", "document_number"), "phone", "address", "district")},
        ),
        (gettext_lazy("Record"), {"fields": ("merged_into", "created_at", "updated_at")}),
    )

    def search_q(self, term):
        return _name_match("", term) | Q(document_number__iexact=term) | Q(phone__endswith=term)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        # A person is edited by someone who writes in one of the units of her cases.
        access = access_for(request.user)
        units = set(obj.memberships.values_list("case__unit__code", flat=True))
        return any(access.can_edit_unit(code) for code in units)


@admin.register(Relationship)
class RelationshipAdmin(ScopedModelAdmin):
    list_display = ("from_person", "kind", "to_person")
    list_filter = ("kind",)
    list_select_related = ("from_person", "to_person")
    autocomplete_fields = ("from_person", "to_person")
    search_fields = ("from_person__name_key",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(
            _name_match("from_person__", search_term) | _name_match("to_person__", search_term)
        ), False


# --- cases ---------------------------------------------------------------------------------


class CaseMemberInline(ScopedInline, admin.TabularInline):
    model = CaseMember
    unit_path = "case__unit__code"
    autocomplete_fields = ("person",)
    fields = ("person", "role")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class NoteInline(ReadOnlyInline, admin.TabularInline):
    model = Note
    fields = ("date", "kind", "author", "confidential", "duration_minutes")
    readonly_fields = fields
    ordering = ("-date",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class TaskInline(ScopedInline, admin.TabularInline):
    model = Task
    fields = ("title", "due_on", "assigned_to", "done_on")


class GoalInline(ReadOnlyInline, admin.TabularInline):
    model = Goal
    fields = ("domain", "text", "status", "target_date", "achieved_on")
    readonly_fields = fields


class StayInline(ReadOnlyInline, admin.TabularInline):
    model = Stay
    fields = ("person", "house", "bed", "period", "exit_destination")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "house__unit", "bed__room")


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=gettext_lazy("New worker"), queryset=User.objects.none())

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = workers
        self.fields["to_user"].label_from_instance = lambda u: u.get_full_name() or u.username


def workers_for(user, unit_codes=None):
    """Staff who can carry cases (social workers, coordinators) in units the user manages."""
    access = access_for(user)
    codes = access.own_unit_codes if unit_codes is None else set(unit_codes) & access.own_unit_codes
    return (
        User.objects.filter(
            is_active=True,
            units__code__in=codes,
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@admin.register(Case)
class CaseAdmin(FoldedNameSearchMixin, ScopedModelAdmin):
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
    )
    list_filter = (
        OpenCaseFilter,
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
    search_fields = ("number",)  # see search_q: number, names of all members
    autocomplete_fields = ("primary_person",)
    date_hierarchy = None
    readonly_fields = ("number", "version", "created_at", "status", "closed_on", "closure_reason", "assigned_to")
    inlines = (CaseMemberInline, GoalInline, TaskInline, NoteInline, StayInline)
    actions = ("reassign_selected",)
    fieldsets = (
        (None, {"fields": ("number", "unit", "primary_person", "status", "assigned_to", "risk_level")}),
        (
            gettext_lazy("Dates"),
            {"fields": ("opened_on", "next_review_on", "closed_on", "closure_reason")},
        ),
        (gettext_lazy("Details"), {"fields": ("referral_source", "problem_areas", "version", "created_at")}),
    )

    def search_q(self, term):
        # Persons first (trigram index on name_key), then their cases (member index): no scan of cases.
        people = Person.objects.filter(_name_match("", term)).values("pk")
        cases = CaseMember.objects.filter(person__in=people).values("case_id")
        return Q(number__icontains=term) | Q(pk__in=cases)

    def get_readonly_fields(self, request, obj=None):
        # Moving a case between units is not an admin edit; status and worker change through services.
        return [*super().get_readonly_fields(request, obj), "unit"]

    def has_add_permission(self, request):
        # Cases are opened by the intake on the site (duplicate check, number, timeline): one path.
        return False

    # --- bulk reassign ---------------------------------------------------------------
    @admin.action(description=gettext_lazy("Reassign selected cases"), permissions=["manage"])
    def reassign_selected(self, request, queryset):
        cases = list(queryset.select_related("unit", "assigned_to"))
        unit_codes = {case.unit.code for case in cases}
        form = ReassignForm(
            request.POST if "apply" in request.POST else None, workers=workers_for(request.user, unit_codes)
        )
        if "apply" in request.POST and form.is_valid():
            to_user = form.cleaned_data["to_user"]
            done, failed = 0, []
            for case in cases:
                try:
                    case_reassign(case=case, to_user=to_user, by=request.user)
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    reason = "; ".join(error.messages) if isinstance(error, ValidationError) else _("not allowed")
                    failed.append(f"{case.number}: {reason}")
            if done:
                self.message_user(
                    request,
                    ngettext("%(count)d case reassigned.", "%(count)d cases reassigned.", done) % {"count": done},
                    messages.SUCCESS,
                )
            for line in failed:
                self.message_user(request, line, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reassign selected cases"),
            "opts": self.model._meta,
            "cases": cases,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "reassign_selected",
        }
        return TemplateResponse(request, "admin/cases/case/reassign.html", context)

    def has_manage_permission(self, request):
        return access_for(request.user).is_coordinator

    # --- caseload review -------------------------------------------------------------
    def get_urls(self):
        return [
            path("caseload/", self.admin_site.admin_view(self.caseload_view), name="cases_case_caseload"),
            *super().get_urls(),
        ]

    def caseload_view(self, request):
        if not self.has_view_permission(request) or not access_for(request.user).case_unit_codes:
            raise PermissionDenied
        try:
            days = max(0, min(int(request.GET.get("days", DEFAULT_QUIET_DAYS)), 3650))
        except ValueError:
            days = DEFAULT_QUIET_DAYS
        rows = caseload_review(request.user, days=days)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Caseload review"),
            "opts": self.model._meta,
            "rows": rows,
            "days": days,
            "changelist_url": reverse("admin:cases_case_changelist"),
        }
        return TemplateResponse(request, "admin/cases/case/caseload.html", context)


def caseload_review(user, *, days: int = DEFAULT_QUIET_DAYS, today=None):
    """Per worker of the units the user reaches, in ONE query:

    - active_cases: open (not closed) cases assigned to her in those units;
    - quiet_cases: of those, cases with no note dated within the last `days` days;
    - overdue_tasks: tasks assigned to her, not done, due before today, in those units;
    - overdue_reviews: open cases of hers whose next_review_on is before today.
    """
    today = today or timezone.localdate()
    units = access_for(user).case_unit_codes
    open_cases = Case.objects.filter(assigned_to=OuterRef("pk"), unit__code__in=units).exclude(
        status=choices.CaseStatus.CLOSED
    )
    since = today - timedelta(days=days)

    def count_of(queryset):
        counted = queryset.order_by().values("assigned_to").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    recent_note = Note.objects.filter(case=OuterRef("pk"), date__gte=since)
    tasks = Task.objects.filter(
        assigned_to=OuterRef("pk"), done_on__isnull=True, due_on__lt=today, case__unit__code__in=units
    )
    workers = (
        User.objects.filter(
            Exists(User.units.through.objects.filter(user_id=OuterRef("pk"), unit__code__in=units)),
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR),
            is_active=True,
        )
        .distinct()
        .annotate(
            active_cases=count_of(open_cases),
            quiet_cases=count_of(open_cases.filter(~Exists(recent_note))),
            overdue_tasks=count_of(tasks),
            overdue_reviews=count_of(open_cases.filter(next_review_on__lt=today)),
        )
        .order_by("last_name", "first_name", "username")
    )
    return workers


@admin.register(CaseMember)
class CaseMemberAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("case", "person", "role")
    list_filter = (CaseUnitFilter, "role")
    list_select_related = ("case__primary_person", "person")
    autocomplete_fields = ("case", "person")
    search_fields = ("case__number",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(Q(case__number__icontains=search_term) | _name_match("person__", search_term)), False


@admin.register(CaseActivity)
class CaseActivityAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("happened_at", "case", "kind", "from_status", "to_status", "actor", "summary")
    list_filter = (CaseUnitFilter, "kind", "happened_at")
    list_select_related = ("case__primary_person", "actor")
    search_fields = ("case__number",)
    readonly_fields = ("case", "kind", "from_status", "to_status", "summary", "actor", "happened_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("date", "case", "kind", "author", "confidential", "duration_minutes")
    list_filter = (CaseUnitFilter, "kind", "confidential", "author", ProblemAreaFilter, "date")
    list_select_related = ("case__primary_person", "author")
    autocomplete_fields = ("case",)
    search_fields = ("case__number",)
    readonly_fields = ("author", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


class GoalUpdateInline(ReadOnlyInline, admin.TabularInline):
    model = GoalUpdate
    unit_path = "goal__case__unit__code"
    fields = ("date", "status", "text", "author")
    readonly_fields = fields


@admin.register(Goal)
class GoalAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("case", "domain", "status", "target_date", "achieved_on")
    list_filter = (CaseUnitFilter, "domain", "status", "target_date")
    list_select_related = ("case__primary_person",)
    autocomplete_fields = ("case",)
    search_fields = ("case__number",)
    inlines = (GoalUpdateInline,)


@admin.register(GoalUpdate)
class GoalUpdateAdmin(ScopedModelAdmin):
    unit_path = "goal__case__unit__code"
    list_display = ("date", "goal", "status", "author")
    list_filter = ("status", "date")
    list_select_related = ("goal", "author")
    autocomplete_fields = ("goal",)
    readonly_fields = ("author",)
    search_fields = ("goal__case__number",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Task)
class TaskAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("title", "case", "assigned_to", "due_on", "done_on")
    list_filter = (CaseUnitFilter, "assigned_to", "due_on", "done_on")
    list_select_related = ("case__primary_person", "assigned_to")
    autocomplete_fields = ("case",)
    search_fields = ("title", "case__number")


@admin.register(Attachment)
class AttachmentAdmin(ScopedModelAdmin):
    list_display = ("original_name", "kind", "person", "case", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "uploaded_at")
    list_select_related = ("person", "case__primary_person", "uploaded_by")
    autocomplete_fields = ("person", "case")
    search_fields = ("original_name",)
    readonly_fields = ("file", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request):
        return False  # uploads go through the site (EXIF stripping, private storage)


@admin.register(Consent)
class ConsentAdmin(ScopedModelAdmin):
    list_display = ("person", "purpose", "given_on", "withdrawn_on")
    list_filter = ("purpose", "given_on", "withdrawn_on")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)
    raw_id_fields = ("evidence",)
    search_fields = ("person__name_key",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(_name_match("person__", search_term)), False
