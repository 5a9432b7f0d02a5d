"""The raw pghistory event admin: every field of every record, so administrators only."""

from pghistory.admin import EventsAdmin

from maksora.access import access_for


class AdministratorEventsAdmin(EventsAdmin):
    def has_module_permission(self, request):
        return access_for(request.user).sees_raw_history

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).sees_raw_history
