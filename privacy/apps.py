from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Destruction, retention and subject access: it reads every app, and no app imports it."""

    name = "privacy"
    verbose_name = _("Personal data protection")
