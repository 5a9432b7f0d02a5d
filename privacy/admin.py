"""Destruction acts (read only), legal holds, retention periods; and the destruction action on people."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from cases.admin.people import PersonAdmin
from maksora import roles
from maksora.access import access_for
from maksora.admin import ReadOnlyModelAdmin, ScopedModelAdmin
from privacy.forms import LegalHoldForm
from privacy.models import DestructionAct, LegalHold, RetentionPolicy


@admin.register(DestructionAct)
class DestructionActAdmin(ReadOnlyModelAdmin):
    list_display = ("__str__", "person", "destroyed_at", "destroyed_by", "legal_ground", "keep_until")
    list_filter = ("legal_ground",)
    list_select_related = ("person", "destroyed_by")
    exclude = ("files_pending",)


@admin.register(LegalHold)
class LegalHoldAdmin(ScopedModelAdmin):
    form = LegalHoldForm
    list_display = ("person", "reason", "until", "set_by", "set_at")
    list_select_related = ("person", "set_by")
    autocomplete_fields = ("person",)
    readonly_fields = ("set_by", "set_at")
    fields = ("person", "reason", "until", "set_by", "set_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ScopedModelAdmin):
    reference_data = True
    list_display = ("unit", "years", "counted_from")
    list_select_related = ("unit",)
    fields = ("unit", "years", "counted_from")

    def has_change_permission(self, request, obj=None):
        # Configuration: the administrator role sets it (see docs/retention.md).
        return access_for(request.user).has_role(roles.ADMIN) and super().has_change_permission(request, obj)


@admin.action(description=gettext_lazy("Destroy the selected person's data…"), permissions=["destroy"])
def destroy_selected(modeladmin, request, queryset):
    """Leads to the site's confirmation page, which shows what will be destroyed (the dry run) first."""
    people = list(queryset.order_by("pk")[:2])
    if len(people) != 1:
        modeladmin.message_user(request, gettext_lazy("Select exactly one person to destroy."), messages.ERROR)
        return None
    return redirect("privacy:destroy", people[0].pk)


def _has_destroy_permission(self, request) -> bool:
    return access_for(request.user).is_coordinator


# Registered from here: privacy sits above cases, which must not import it.
PersonAdmin.has_destroy_permission = _has_destroy_permission
PersonAdmin.actions = (*PersonAdmin.actions, destroy_selected)
