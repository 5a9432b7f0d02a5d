"""Passing the second step in tests the way a user does: with a real device of hers."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from maksora.access import Access

TEST_DEVICE_NAME = "tests"


def second_factor_device(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True}
    )
    return device


def pass_second_factor(client, user, *, only_if_needed: bool = True) -> None:
    """Record in the client's session that `user` entered a code of her own device."""
    if only_if_needed and not Access(user).needs_second_factor:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


class SignedInClient(Client):
    """Test client whose `force_login` also passes the second step where the user needs one.

    The step is passed the way the site records it: a real confirmed device of the user,
    named in the session, which django-otp's middleware checks on every request. Nothing
    in the settings is switched off.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)
