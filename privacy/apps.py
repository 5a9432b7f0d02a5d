from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Destruction, retention and subject access: it reads every app, and no app imports it."""

    name = "privacy"
    verbose_name = _("Personal data protection")

    def ensure_reference_data(self) -> None:
        """The default retention periods (also created by a data migration), where missing."""
        from privacy.retention_defaults import ensure_retention_periods

        ensure_retention_periods()
