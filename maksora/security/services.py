"""Second-factor actions: enrol an authenticator app, backup codes, reset, demo codes."""

from base64 import b32encode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maksora.access import access_for
from maksora.security.log import account_label, security_log
from maksora.security.sessions import sessions_end_for

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
DEMO_DEVICE_NAME = "demo"
# Printed by seed_demo and in the README; given only to demo users, only by seed_demo.
DEMO_CODES = tuple(f"demo{n:02d}" for n in range(1, 11))


def has_second_factor(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def app_secret(device: TOTPDevice) -> str:
    """The device's key as authenticator apps take it when typed in (base32, as in its QR code)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def enrolment_device(*, user) -> TOTPDevice:
    """The user's authenticator-app device waiting for its first code (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    """Replace the user's backup codes with new ones, each valid once; returns them in clear."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_enrol(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator app with its first code; it replaces any earlier one.

    Returns the new backup codes. Raises ValidationError when the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError(_("The code is not correct. Check the time on your phone and try again."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_log.info("second factor enrolled: %s", account_label(user=user))
    return backup_codes_renew(user=user)


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """ "Lost my phone": remove every device of `user` and end her sessions.

    At her next login she sets up a new authenticator (a user who must use a second
    factor is sent to the set-up page). Returns the number of devices removed.
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _by_model = model.objects.filter(user=user).delete()
        removed += count
    sessions_end_for(user)
    security_log.warning(
        "second factor reset: %s by=%s devices=%d", account_label(user=user), account_label(user=by), removed
    )
    return removed


@transaction.atomic
def demo_codes_give(*, user) -> bool:
    """Give a demo user who must use a second factor the fixed demo codes (idempotent).

    Never in production: known codes there would be a way around the second step.
    """
    if settings.PRODUCTION or not access_for(user).needs_second_factor:
        return False
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"confirmed": True}
    )
    present = set(device.token_set.values_list("token", flat=True))
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in DEMO_CODES if code not in present]
    )
    return True
