"""The stewards' queue in the admin: listed read-only; decisions are taken on the site page."""

from django.contrib import admin

from cases.models import DuplicateCandidate, Person
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(ReadOnlyModelAdmin):
    list_display = ("person_a", "person_b", "score", "status", "found_at", "found_by", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("person_a", "person_b", "found_by", "decided_by")
    readonly_fields = list_display + ("reasons", "note")

    def get_queryset(self, request):
        if not access_for(request.user).is_registry_steward:
            return DuplicateCandidate.objects.none()
        # Stewards see both sides of a pair whatever the units; restricted records stay hidden.
        shown = Person.objects.not_hidden_from(request.user).values("pk")
        return DuplicateCandidate.objects.filter(person_a__in=shown, person_b__in=shown)

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_registry_steward and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return access_for(request.user).is_registry_steward and super().has_module_permission(request)
