from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reporting sits on top: it reads every app, and no app imports it."""

    name = "reports"
    verbose_name = _("Reports")
