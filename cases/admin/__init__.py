"""Coordinators' admin for people and cases, scoped by maksora.admin.ScopedModelAdmin.

One module per area; importing them here registers every model with the admin site.
"""

from cases.admin import cases, duplicates, notes, people, reference
from cases.admin.caseload import caseload_review, workers_for
from cases.admin.filters import CaseUnitFilter, FoldedNameSearchMixin, UnitFilter, name_match

__all__ = [
    "CaseUnitFilter",
    "FoldedNameSearchMixin",
    "UnitFilter",
    "caseload_review",
    "cases",
    "duplicates",
    "name_match",
    "notes",
    "people",
    "reference",
    "workers_for",
]
