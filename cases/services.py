"""Actions on cases: each one a keyword-only function, atomic, raising ValidationError."""

from django.db import transaction

from cases.models import CaseNumberCounter, Unit


@transaction.atomic
def case_number_next(*, unit: Unit, year: int) -> str:
    """Next readable case number of a unit and year, e.g. G-2026-0007 (gap-free per unit/year)."""
    counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.prefix}-{year}-{counter.last:04d}"
