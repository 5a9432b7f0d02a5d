from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Daily reminders: sits on top beside reports, reading cases, shelters and sponsorship."""

    name = "notifications"
    verbose_name = _("Reminders")
