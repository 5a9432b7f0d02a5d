from django.db import models
from django.utils.translation import gettext_lazy as _


class ExitDestination(models.TextChoices):
    OWN_RENTED = "own_rented", _("Own rented housing")
    OWN_HOME = "own_home", _("Own home")
    SOCIAL_HOUSING = "social_housing", _("Social housing")
    RELATIVES = "relatives", _("Relatives")
    PARTNER = "partner", _("Partner")
    ANOTHER_SHELTER = "another_shelter", _("Another shelter")
    HOSPITAL = "hospital", _("Hospital")
    STATE_CARE = "state_care", _("State care institution")
    UNKNOWN = "unknown", _("Unknown")


class ExitReason(models.TextChoices):
    AUTONOMY = "autonomy", _("Path to autonomy completed")
    PLANNED = "planned", _("Planned move")
    OWN_CHOICE = "own_choice", _("Left by own choice")
    RULES = "rules", _("Breach of house rules")
    TRANSFER = "transfer", _("Transfer")
    OTHER = "other", _("Other")
