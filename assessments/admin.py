from django.contrib import admin

from assessments.models import Assessment, AssessmentDomain, AssessmentLevel, AssessmentScore, AssessmentTool
from maksora.admin import ReadOnlyInline, ScopedModelAdmin
from maksora.admin_site_edited import EditedOnSiteAdmin


class ConfigurationAdmin(ScopedModelAdmin):
    """Assessment forms are configuration: the administrators' (role permissions), not a unit's."""

    reference_data = True

    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj)


class DomainInline(admin.TabularInline):
    model = AssessmentDomain
    extra = 0
    fields = ("position", "code", "name_ru", "name_it", "name_en", "goal_domain")


@admin.register(AssessmentTool)
class AssessmentToolAdmin(ConfigurationAdmin):
    list_display = ("name_ru", "admission_within_days", "review_every_days", "lock_after_days", "active")
    filter_horizontal = ("units",)
    inlines = (DomainInline,)


class LevelInline(admin.TabularInline):
    model = AssessmentLevel
    extra = 0
    fields = ("score", "definition_ru", "definition_it", "definition_en")


@admin.register(AssessmentDomain)
class AssessmentDomainAdmin(ConfigurationAdmin):
    list_display = ("name_ru", "tool", "goal_domain", "position")
    list_filter = ("tool",)
    inlines = (LevelInline,)


class ScoreInline(ReadOnlyInline, admin.TabularInline):
    model = AssessmentScore
    fields = ("domain", "score")
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(EditedOnSiteAdmin):
    """Recorded and corrected on the case page (a week's correction window, coordinators' unlock)."""

    unit_path = "case__unit__code"
    site_url_name, site_url_arg = "cases:case_detail", "case_id"
    list_display = ("case", "occasion", "assessed_on", "assessed_by")
    list_filter = ("occasion", "assessed_on")
    list_select_related = ("case__primary_person", "assessed_by")
    inlines = (ScoreInline,)
