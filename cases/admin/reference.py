"""Case-number counters: configuration rows, not case content."""

from django.contrib import admin

from cases.admin.filters import UnitFilter
from cases.models import CaseNumberCounter
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ReadOnlyModelAdmin):
    unit_path = "unit__code"
    list_display = ("unit", "year", "last")
    list_filter = (UnitFilter, "year")
    list_select_related = ("unit",)
    readonly_fields = ("unit", "year", "last")

    def has_view_permission(self, request, obj=None):
        access = access_for(request.user)
        return access.is_coordinator or access.is_manager
