"""Admin side of sign-in security: the "lost my phone" action on users."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from maksora.security.services import second_factor_reset


@admin.action(description=gettext_lazy("Reset two-step login (lost phone)"), permissions=["change"])
def reset_second_factor(modeladmin, request, queryset):
    """Remove the selected users' devices and end their sessions; each reset is in the user's history."""
    for user in queryset:
        removed = second_factor_reset(user=user, by=request.user)
        message = ngettext(
            "Two-step login reset (%(count)d device removed).",
            "Two-step login reset (%(count)d devices removed).",
            removed,
        )
        modeladmin.log_change(request, user, message % {"count": removed})
    count = len(queryset)
    message = ngettext(
        "Two-step login reset for %(count)d user. It is set up again at the next login.",
        "Two-step login reset for %(count)d users. It is set up again at their next login.",
        count,
    )
    messages.success(request, message % {"count": count})


# django-otp's own device pages show the devices' secrets and answer a missing device with
# a server error: devices are managed on the site (set-up) and by the reset action above.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
