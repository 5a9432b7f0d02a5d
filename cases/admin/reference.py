"""Configuration rows, not case content: case-number counters and the kinds of paper staff file."""

from django.contrib import admin

from cases.admin.filters import UnitFilter
from cases.models import CaseNumberCounter, DocumentType
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin, ScopedModelAdmin


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


@admin.register(DocumentType)
class DocumentTypeAdmin(ScopedModelAdmin):
    """Kinds of paper, their usual validity and the units that ask for them: the administrators' list."""

    reference_data = True
    list_display = ("name_ru", "name_it", "validity_months", "holder", "active", "position")
    list_filter = ("active", "holder", "required_in")
    search_fields = ("name_ru", "name_it", "name_en", "code")
    filter_horizontal = ("required_in",)

    def has_change_permission(self, request, obj=None):
        # Configuration: decided by the role permissions (administrators), not by unit writing.
        return admin.ModelAdmin.has_change_permission(self, request, obj)
