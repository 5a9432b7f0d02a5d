from django.contrib import admin

from datachecks.models import DataProblem
from maksora.admin import ReadOnlyModelAdmin


@admin.register(DataProblem)
class DataProblemAdmin(ReadOnlyModelAdmin):
    """Found by the checks and set aside on the site; listed here for the coordinators' review."""

    list_display = ("kind", "person", "case", "unit", "assigned_to", "found_on", "resolved_on", "dismissed_on")
    list_filter = ("kind", "unit", "found_on", "resolved_on", "dismissed_on")
    list_select_related = ("person", "case", "unit", "assigned_to")
    readonly_fields = list_display + ("dismissed_by", "dismissal_reason")
