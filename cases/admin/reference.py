"""Units and case-number counters: configuration rows, not case content."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy

from cases.admin.filters import UnitFilter
from cases.models import CaseNumberCounter, Unit
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin, ScopedModelAdmin


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
