from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "maksora.security"
    label = "security"
    verbose_name = _("Sign-in security")

    def ready(self):
        from maksora.security import signals  # noqa: F401  (connects the receivers)

    def seed_demo(self, *, rng, users):
        """Demo users who must use a second factor get fixed one-time codes (see README)."""
        from maksora.security.services import demo_codes_give

        for user in users.values():
            demo_codes_give(user=user)

    def demo_login_notes(self):
        from django_otp.plugins.otp_static.models import StaticDevice

        from maksora.security.services import DEMO_CODES, DEMO_DEVICE_NAME

        names = StaticDevice.objects.filter(name=DEMO_DEVICE_NAME).order_by("user__username")
        names = list(names.values_list("user__username", flat=True))
        if not names:
            return []
        return [
            f"Two-step login for {', '.join(names)}: after the password enter one of",
            f"  {' '.join(DEMO_CODES)} (each works once per user; seed_demo restores them).",
        ]
