from django.contrib import admin

from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin
from reports.models import SavedReport


@admin.register(SavedReport)
class SavedReportAdmin(ReadOnlyModelAdmin):
    """Saved report snapshots: listed read-only (they are made and reopened on the report page)."""

    list_display = ("title", "start", "end", "created_by", "created_at")
    list_filter = ("created_at",)
    search_fields = ("title",)
    list_select_related = ("created_by",)
    fields = ("title", "start", "end", "unit_codes", "created_by", "created_at")
    readonly_fields = fields

    def has_module_permission(self, request):
        return access_for(request.user).sees_reports

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).sees_reports
