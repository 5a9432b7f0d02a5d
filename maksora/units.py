"""The organisation's units: their codes, names and case-number prefixes.

Code refers to a unit by these constants (`UnitCode.GOLUBKA`), never by a string literal,
so a unit is named in one place. The `Unit` model itself is in maksora.models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitCode(models.TextChoices):
    GOLUBKA = "golubka", _("Golubka House")
    MARGARITA = "margarita", _("Margarita House")
    LOCAL = "local", _("Local services")
    DISTANCE = "distance", _("Distance Support Program")


ALL_UNITS = tuple(UnitCode.values)
# The units that are houses (shelters with rooms and beds).
HOUSE_UNITS = frozenset({UnitCode.GOLUBKA, UnitCode.MARGARITA})
UNIT_PREFIX = {UnitCode.GOLUBKA: "G", UnitCode.MARGARITA: "M", UnitCode.LOCAL: "L", UnitCode.DISTANCE: "D"}
