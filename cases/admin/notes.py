"""What is written in a case file: notes, goals with their progress, tasks.

All of them are written on the case page through cases.services (dates not in the
future, workers of the case's unit, timeline lines): here they are listed and shown,
with a link to that page.
"""

from django.contrib import admin
from django.utils.translation import pgettext_lazy

from cases.admin.filters import CaseUnitFilter, ProblemAreaFilter
from cases.models import Goal, GoalUpdate, Note, Task
from maksora.admin import ReadOnlyInline
from maksora.admin_site_edited import EditedOnSiteAdmin


@admin.register(Note)
class NoteAdmin(EditedOnSiteAdmin):
    unit_path = "case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("date", "case", "kind", "author", "confidential", "duration_minutes")
    list_filter = (CaseUnitFilter, "kind", "confidential", "author", ProblemAreaFilter, "date")
    list_select_related = ("case__primary_person", "author")
    list_columns = (
        *("date", "kind", "confidential", "duration_minutes", "case__number"),
        *("case__primary_person__family_name", "case__primary_person__given_name", "case__primary_person__patronymic"),
        *("author__first_name", "author__last_name", "author__username"),
    )
    autocomplete_fields = ("case",)
    search_fields = ("case__number",)
    readonly_fields = ("author", "created_at")


class GoalUpdateInline(ReadOnlyInline, admin.TabularInline):
    model = GoalUpdate
    unit_path = "goal__case__unit__code"
    fields = ("date", "status", "text", "author")
    readonly_fields = fields


@admin.register(Goal)
class GoalAdmin(EditedOnSiteAdmin):
    unit_path = "case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("case", "domain", "status", "target_date", "achieved_on")
    list_filter = (CaseUnitFilter, "domain", "status", "target_date")
    list_select_related = ("case__primary_person",)
    autocomplete_fields = ("case",)
    search_fields = ("case__number",)
    inlines = (GoalUpdateInline,)


@admin.register(GoalUpdate)
class GoalUpdateAdmin(EditedOnSiteAdmin):
    unit_path = "goal__case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "goal__case_id"
    list_display = ("date", "goal", "status", "author")
    list_filter = ("status", "date")
    list_select_related = ("goal", "author")
    autocomplete_fields = ("goal",)
    readonly_fields = ("author",)
    search_fields = ("goal__case__number",)


@admin.register(Task)
class TaskAdmin(EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "task")
    unit_path = "case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("title", "case", "assigned_to", "due_on", "done_on")
    list_filter = (CaseUnitFilter, "assigned_to", "due_on", "done_on")
    list_select_related = ("case__primary_person", "assigned_to")
    autocomplete_fields = ("case",)
    search_fields = ("title", "case__number")
