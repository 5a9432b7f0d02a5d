"""What is written in a case file: notes, goals with their progress, tasks."""

from django.contrib import admin

from cases.admin.filters import CaseUnitFilter, ProblemAreaFilter
from cases.models import Goal, GoalUpdate, Note, Task
from maksora.admin import ReadOnlyInline, ScopedModelAdmin


class AuthorOnCreateMixin:
    """The person who adds the row is its author; an edit never changes who wrote it."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Note)
class NoteAdmin(AuthorOnCreateMixin, ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("date", "case", "kind", "author", "confidential", "duration_minutes")
    list_filter = (CaseUnitFilter, "kind", "confidential", "author", ProblemAreaFilter, "date")
    list_select_related = ("case__primary_person", "author")
    autocomplete_fields = ("case",)
    search_fields = ("case__number",)
    readonly_fields = ("author", "created_at")


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
class GoalUpdateAdmin(AuthorOnCreateMixin, ScopedModelAdmin):
    unit_path = "goal__case__unit__code"
    list_display = ("date", "goal", "status", "author")
    list_filter = ("status", "date")
    list_select_related = ("goal", "author")
    autocomplete_fields = ("goal",)
    readonly_fields = ("author",)
    search_fields = ("goal__case__number",)


@admin.register(Task)
class TaskAdmin(ScopedModelAdmin):
    unit_path = "case__unit__code"
    list_display = ("title", "case", "assigned_to", "due_on", "done_on")
    list_filter = (CaseUnitFilter, "assigned_to", "due_on", "done_on")
    list_select_related = ("case__primary_person", "assigned_to")
    autocomplete_fields = ("case",)
    search_fields = ("title", "case__number")
