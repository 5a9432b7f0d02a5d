from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatachecksConfig(AppConfig):
    """Data checks sit on the top floor: they read cases, shelters and sponsorship."""

    name = "datachecks"
    verbose_name = _("Data checks")
