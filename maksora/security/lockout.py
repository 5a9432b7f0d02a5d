"""What a locked-out login sees, and the security log line each lockout writes.

The message is the same whether or not the username exists: axes locks the pair
(typed username, address) either way, so the page reveals nothing about accounts.
"""

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maksora.security.log import account_label, security_log

LOCKOUT_STATUS = 429


def locked_until(request, credentials=None):
    """When the lock on this (username, address) pair ends: the last failure plus the cool-off."""
    username = get_client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + get_cool_off(request)


def lockout_message(until) -> str:
    when = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    return _("Too many failed attempts to log in. You can try again after %(time)s.") % {"time": when}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout message and status 429 (AXES_LOCKOUT_CALLABLE)."""
    message = lockout_message(locked_until(request, credentials))
    next_url = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    if request.path == reverse("admin:login"):
        messages.error(request, message)
        context = {
            **admin.site.each_context(request),
            "title": _("Log in"),
            "app_path": request.get_full_path(),
            "form": AdminAuthenticationForm(request),
            REDIRECT_FIELD_NAME: next_url or reverse("admin:index"),
        }
        return render(request, "admin/login.html", context, status=LOCKOUT_STATUS)
    context = {"form": AuthenticationForm(request), "lockout_message": message, "next": next_url}
    return render(request, "registration/login.html", context, status=LOCKOUT_STATUS)


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    user = get_user_model()._default_manager.filter(username=username).only("pk").first() if username else None
    security_log.warning(
        "login locked out: %s ip=%s path=%s",
        account_label(user=user, username=username),
        ip_address,
        request.path if request is not None else "",
    )
