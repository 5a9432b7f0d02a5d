"""The shape of every report figure: the number and the records behind it.

A figure's value may be *deferred*: the figure function says which aggregate of which
queryset the number is (`count_of`, `aggregate_of`, `rows_of`, and `derived` for arithmetic
on them) instead of running a query itself. `resolve(figures)` then reads every deferred
value of every figure in ONE statement, a cross join of single-row subqueries — so the
yearly report costs one query however many figures it has, while each figure's definition
stays in one function of its app. A figure read on its own (`figure.value`) resolves its
own tree the same way, in one query.
"""

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models import Value as SqlValue

_GROUP = "_figure_group"  # a constant "grouping" that makes an aggregate a one-row SELECT


class _Select:
    """One single-row SELECT of the batch; its row is filled in by `resolve`."""

    __slots__ = ("queryset", "wrap", "width", "row", "done")

    def __init__(self, queryset: QuerySet, wrap: str = "{}", width: int = 1):
        self.queryset = queryset
        self.wrap = wrap  # a template around the queryset's SQL that keeps the result one row
        self.width = width  # its number of columns
        self.row: tuple = ()
        self.done = False

    def sql(self, alias: str) -> tuple[str, tuple]:
        # elide_empty=False: a queryset over no records (`pk__in=[]`) compiles to `WHERE 0 = 1`.
        sql, params = self.queryset.query.get_compiler(using=alias, elide_empty=False).as_sql()
        return self.wrap.format(sql), tuple(params)


class Deferred:
    """A value still to be read: a function of the rows of some `_Select`s, computed once they are read."""

    __slots__ = ("selects", "finish", "_value", "_done")

    def __init__(self, selects: tuple[_Select, ...], finish: Callable):
        self.selects = selects
        self.finish = finish
        self._done = False
        self._value = None

    @property
    def ready(self) -> bool:
        return all(select.done for select in self.selects)

    def get(self):
        if not self._done:
            if not self.ready:
                resolve_values([self])
            self._value = self.finish(*(select.row for select in self.selects))
            self._done = True
        return self._value

    def map(self, function: Callable) -> "Deferred":
        """A value computed from this one in Python (a dict lookup, a rounding)."""
        return Deferred(self.selects, lambda *rows: function(self.finish(*rows)))


def count_of(queryset: QuerySet) -> Deferred:
    """`queryset.count()`, deferred."""
    select = _Select(queryset.order_by().values("pk"), "SELECT count(*) FROM ({}) AS counted")
    return Deferred((select,), lambda row: row[0])


def aggregate_of(queryset: QuerySet, **aggregates) -> dict[str, Deferred]:
    """`queryset.aggregate(**aggregates)`, deferred: one value per name, all from one subquery.

    For plain filtered querysets (no distinct, no aggregate annotations), as the figures use.
    """
    if queryset.query.distinct or queryset.query.is_sliced:
        raise ValueError("aggregate_of reads plain querysets; count_of counts distinct or sliced ones")
    names = list(aggregates)
    one_row = (
        queryset.order_by().annotate(**{_GROUP: SqlValue(1)}).values(_GROUP).annotate(**aggregates).values_list(*names)
    )
    select = _Select(one_row, width=len(names))
    return {name: Deferred((select,), lambda row, n=n: row[n]) for n, name in enumerate(names)}


def rows_of(queryset: QuerySet, finish: Callable[[list[tuple]], Any] = list) -> Deferred:
    """`finish(list(queryset))` of a values_list queryset (a GROUP BY, a list of lengths), deferred.

    The rows travel as one JSON array, so values come back as JSON types (numbers, strings).
    """
    select = _Select(queryset, "SELECT coalesce(json_agg(row_to_json(listed)), '[]'::json) FROM ({}) AS listed")
    return Deferred((select,), lambda row: finish([tuple(item.values()) for item in _json(row[0])]))


def _json(value):
    # Django reads JSON columns as text (its JSONField decodes them); a plain cursor may not.
    return json.loads(value) if isinstance(value, str | bytes) else value


def derived(function: Callable, *values) -> Any:
    """`function(*values)` where some values may be Deferred: deferred too, or computed at once if none is."""
    pending = [value for value in values if isinstance(value, Deferred)]
    if not pending:
        return function(*values)
    selects = tuple(dict.fromkeys(select for value in pending for select in value.selects))

    def finish(*rows):
        return function(*(value.get() if isinstance(value, Deferred) else value for value in values))

    return Deferred(selects, finish)


def resolve_values(values: Iterable[Deferred], *, using: str | None = None) -> None:
    """Read the rows of every `_Select` behind `values` not read yet, in one statement."""
    from maksora.routers import read_alias  # the report pages read from the replica

    alias = using or read_alias()
    pending = list(dict.fromkeys(s for value in values for s in value.selects if not s.done))
    if not pending:
        return
    # The same subquery asked for by several figures (every "people served" total) runs once.
    columns: dict[tuple, list[_Select]] = {}
    compiled: dict[tuple, tuple[str, tuple]] = {}
    for select in pending:
        sql, select_params = select.sql(alias)
        key = (sql, repr(select_params))  # parameters may be lists (an array filter)
        compiled[key] = (sql, select_params)
        columns.setdefault(key, []).append(select)
    parts, params = [], []
    for n, (sql, select_params) in enumerate(compiled.values()):
        parts.append(f"({sql}) AS figure_{n}")
        params.extend(select_params)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT * FROM {', '.join(parts)}", params)
        row = cursor.fetchone()
    offset = 0
    for selects in columns.values():
        width = selects[0].width
        for select in selects:
            select.row = tuple(row[offset : offset + width])
            select.done = True
        offset += width


# --- figures --------------------------------------------------------------------------------


class Figure:
    """One report number with the queryset it counts (for drill-down and 'as of' snapshots).

    `value` is what is shown (int, Decimal, float ratio), given as a plain number or as a
    `Deferred` read when first asked for (see `resolve`); `records` is the queryset whose
    rows explain it (persons, stays, contributions…). `breakdown` holds labelled
    sub-figures; a sub-figure made with `shown_when_zero=False` ("Not recorded") is listed
    only when it counts something.
    """

    __slots__ = ("key", "label", "pending", "records", "_breakdown", "label_context", "shown_when_zero")

    def __init__(
        self,
        key: str,
        label: Any,
        value: "int | float | Decimal | Deferred | None",
        records: QuerySet | None = None,
        breakdown: "dict[str, Figure] | None" = None,
        label_context: str = "",
        *,
        shown_when_zero: bool = True,
    ):
        self.key = key
        self.label = label
        self.pending = value  # the value as given: a number, or a Deferred to build others on
        self.records = records
        self._breakdown = breakdown or {}
        # The pgettext context of `label`, when the word has two meanings ("Home": a dwelling).
        self.label_context = label_context
        self.shown_when_zero = shown_when_zero

    @property
    def value(self):
        if isinstance(self.pending, Deferred):
            if not self.pending.ready:
                resolve([self])
            return self.pending.get()
        return self.pending

    @property
    def breakdown(self) -> "dict[str, Figure]":
        return {key: child for key, child in self._breakdown.items() if child.shown_when_zero or child.value}

    def deferred_values(self):
        if isinstance(self.pending, Deferred):
            yield self.pending
        for child in self._breakdown.values():
            yield from child.deferred_values()

    def __repr__(self) -> str:
        return f"Figure({self.key!r}, {self.pending!r})"


def resolve(figures: Iterable[Figure], *, using: str | None = None) -> None:
    """Read every deferred value of `figures` (and of their breakdowns) in one statement."""
    resolve_values([value for figure in figures for value in figure.deferred_values()], using=using)
