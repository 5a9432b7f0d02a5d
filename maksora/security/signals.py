"""Receivers: start the session clocks at login; end a deactivated user's sessions."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from maksora.security import lockout  # noqa: F401  (connects the lockout log receiver)
from maksora.security.middleware import SECOND_FACTOR_ENABLED_KEY, session_clock_start
from maksora.security.services import has_second_factor
from maksora.security.sessions import sessions_end_for


@receiver(user_logged_in, dispatch_uid="maksora_security_login")
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session_clock_start(request.session)
    # Remembered for the session, so the gate asks the database only about users who must
    # use a second factor anyway.
    request.session[SECOND_FACTOR_ENABLED_KEY] = has_second_factor(user)


@receiver(post_save, sender=get_user_model(), dispatch_uid="maksora_security_deactivation")
def on_user_saved(sender, instance, **kwargs):
    if not instance.is_active:
        sessions_end_for(instance)
