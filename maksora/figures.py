"""The shape of every report figure: the number and the records behind it."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Figure:
    """One report number with the queryset it counts (for drill-down and 'as of' snapshots).

    `value` is what is shown (int, Decimal, float ratio); `records` is the queryset whose
    rows explain it (persons, stays, contributions…). `breakdown` holds labelled sub-figures.
    `definition` (lazy text) tells a reader what the number counts; a breakdown line without
    one is read under its parent's.
    """

    key: str
    label: Any
    value: int | float | Decimal | None
    records: QuerySet | None = None
    breakdown: dict[str, "Figure"] = field(default_factory=dict)
    # The pgettext context of `label`, when the word has two meanings ("Home": a dwelling).
    label_context: str = ""
    # One plain sentence saying what is counted and how the period applies (shown beside the figure).
    definition: Any = ""
