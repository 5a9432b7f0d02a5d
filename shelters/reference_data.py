"""The houses every installation has (a data migration creates them; tests restore them after a flush)."""

from maksora.models import Unit
from maksora.units import UnitCode
from shelters.models import House

HOUSE_NAMES = {UnitCode.GOLUBKA: "Дом «Голубка»", UnitCode.MARGARITA: "Дом «Маргарита»"}


def ensure_houses() -> None:
    if House.objects.count() >= len(HOUSE_NAMES):
        return
    for code, name in HOUSE_NAMES.items():
        House.objects.get_or_create(unit=Unit.objects.get(code=code), defaults={"name": name})
