"""Second-factor pages: overview, set up an authenticator app, enter a code, backup codes."""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken

from maksora.access import access_for
from maksora.security.forms import CodeForm, EnrolForm
from maksora.security.log import account_label, security_log
from maksora.security.middleware import SECOND_FACTOR_ENABLED_KEY
from maksora.security.qr import qr_svg
from maksora.security.services import (
    app_secret,
    backup_codes_renew,
    enrolment_device,
    has_second_factor,
    second_factor_enrol,
)

BACKUP_CODES_KEY = "security_backup_codes"


def _next_url(request, default="home"):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _mark_verified(request, device):
    # A new session key for the raised privilege, as at login.
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[SECOND_FACTOR_ENABLED_KEY] = True


@never_cache
@login_required
def overview(request):
    user = request.user
    enabled = has_second_factor(user)
    context = {
        "enabled": enabled,
        "required": access_for(user).needs_second_factor,
        "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
    return render(request, "account/two_factor.html", context)


@never_cache
@login_required
def enrol(request):
    user = request.user
    # Replacing a device needs the current one first: otherwise a stolen password would do.
    if has_second_factor(user) and not user.is_verified():
        return redirect("two_factor:verify")
    device = enrolment_device(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            device.refresh_from_db()
            _mark_verified(request, device)
            request.session[BACKUP_CODES_KEY] = codes
            messages.success(request, _("Two-step login is on. Keep your backup codes somewhere safe."))
            return redirect("two_factor:backup_codes")
    context = {
        "form": form,
        "qr_svg": qr_svg(device.config_url),
        "secret": app_secret(device),
        "next": _next_url(request, default=""),
        "required": access_for(user).needs_second_factor,
    }
    return render(request, "account/two_factor_enrol.html", context, status=400 if form.is_bound else 200)


@never_cache
@login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        if access_for(user).needs_second_factor:
            return redirect("two_factor:enrol")
        request.session[SECOND_FACTOR_ENABLED_KEY] = False
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _device_accepting(user, devices, form.cleaned_data["code"])
        if device is not None:
            _mark_verified(request, device)
            return redirect(_next_url(request))
        security_log.info("second factor code refused: %s", account_label(user=user))
        form.add_error("code", _("The code is not correct or has expired."))
    context = {"form": form, "next": _next_url(request, default="")}
    return render(request, "account/two_factor_verify.html", context, status=400 if form.is_bound else 200)


def _device_accepting(user, devices, code):
    # Each device is checked through django-otp, which locks the row and applies its throttling.
    for device in devices:
        accepted = django_otp.verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return accepted
    return None


@never_cache
@login_required
def backup_codes(request):
    codes = request.session.pop(BACKUP_CODES_KEY, None)
    return render(request, "account/two_factor_backup_codes.html", {"codes": codes})


@never_cache
@login_required
@require_POST
def backup_codes_new(request):
    user = request.user
    if not has_second_factor(user) or not user.is_verified():
        return redirect("two_factor:overview")
    request.session[BACKUP_CODES_KEY] = backup_codes_renew(user=user)
    security_log.info("backup codes renewed: %s", account_label(user=user))
    return redirect("two_factor:backup_codes")
