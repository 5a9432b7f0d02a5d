"""Admin side of sign-in security: the "lost my phone" action on users."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maksora.security.services import second_factor_reset


@admin.action(description=gettext_lazy("Reset two-step login (lost phone)"), permissions=["change"])
def reset_second_factor(modeladmin, request, queryset):
    """Remove the selected users' devices and end their sessions; each reset is in the user's history."""
    for user in queryset:
        removed = second_factor_reset(user=user, by=request.user)
        modeladmin.log_change(
            request, user, _("Two-step login reset (%(count)d devices removed).") % {"count": removed}
        )
    messages.success(
        request,
        _("Two-step login reset for %(count)d users. They set it up again at their next login.")
        % {"count": len(queryset)},
    )
