"""Case-number counters: configuration rows, not case content."""

from django.contrib import admin

from cases.admin.filters import UnitFilter
from cases.models import CaseNumberCounter
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ReadOnlyModelAdmin):
    unit_path = "unit__code"
    list_display = ("unit", "year_shown", "last")
    list_filter = (UnitFilter, "year")
    list_select_related = ("unit",)
    readonly_fields = ("unit", "year_shown", "last")

    @admin.display(description=CaseNumberCounter._meta.get_field("year").verbose_name, ordering="year")
    def year_shown(self, obj):
        return str(obj.year)  # a year, not "2 026"

    def has_view_permission(self, request, obj=None):
        access = access_for(request.user)
        return access.is_coordinator or access.is_manager
