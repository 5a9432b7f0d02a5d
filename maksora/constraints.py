"""The database rules every dated record shares: a real period, and no two at once."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import IntegrityError, models
from django.db.models import Q


def no_overlapping_periods(name: str, *, per: str, condition: Q | None = None) -> ExclusionConstraint:
    """No two rows with the same `per` whose `period` ranges overlap (needs btree_gist)."""
    return ExclusionConstraint(
        name=name,
        expressions=[(per, RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
        condition=condition,
    )


def period_has_start(name: str) -> models.CheckConstraint:
    """A start day is required and the end, when known, comes after it (no empty range)."""
    return models.CheckConstraint(condition=~Q(period__isempty=True) & Q(period__startswith__isnull=False), name=name)


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint (or trigger-raised constraint) PostgreSQL refused a write with."""
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
