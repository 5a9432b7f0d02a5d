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


class _Captured(Exception):  # noqa: N818 — not an error: carries the statement Django was about to run
    def __init__(self, sql: str, params):
        self.sql, self.params = sql, tuple(params or ())


def _statement_of(call: Callable, alias: str):
    """(sql, params) of the query `call()` runs on `alias`, stopped before it reaches the database.

    So a deferred count or aggregate is exactly the statement `queryset.count()` or
    `.aggregate()` runs (Django's own subqueries and all). (None, result) when the call
    answers without a query (a queryset over no records, `pk__in=[]`).
    """
    connection = connections[alias]

    def capture(execute, sql, params, many, context):
        raise _Captured(sql, params)

    # Outermost, so other wrappers (pghistory's context) do not touch what is captured.
    connection.execute_wrappers.insert(0, capture)
    logged = len(connection.queries_log) if connection.queries_logged else None
    try:
        result = call()
    except _Captured as captured:
        return (captured.sql, captured.params), None
    finally:
        connection.execute_wrappers.remove(capture)
        # The debug cursor (DEBUG, query-count tests) logs even a statement stopped before the database.
        while logged is not None and len(connection.queries_log) > logged:
            connection.queries_log.pop()
    return None, result


class _Select:
    """One single-row SELECT of the batch; its row is filled in by `resolve`."""

    __slots__ = ("alias", "statement", "width", "row", "done")

    def __init__(self, queryset: QuerySet, call: Callable, wrap: str, width: int, empty: Callable):
        self.alias = queryset.db  # the replica inside a report page (maksora.routers)
        self.width = width  # its number of columns
        statement, result = _statement_of(call, self.alias)
        if statement is None:  # answered without a query: known now
            self.statement, self.row, self.done = None, empty(result), True
        else:
            sql, params = statement
            self.statement = (wrap.format(sql), params)  # the wrap keeps the result one row
            self.row, self.done = (), False


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
    """`queryset.count()`, deferred (the same statement)."""
    select = _Select(queryset, queryset.count, "{}", 1, lambda count: (count,))
    return Deferred((select,), lambda row: row[0])


def aggregate_of(queryset: QuerySet, **aggregates) -> dict[str, Deferred]:
    """`queryset.aggregate(**aggregates)`, deferred (the same statement): one value per name."""
    names = list(aggregates)
    select = _Select(
        queryset,
        lambda: queryset.aggregate(**aggregates),
        "{}",
        len(names),
        lambda result: tuple(result[name] for name in names),
    )
    return {name: Deferred((select,), lambda row, n=n: row[n]) for n, name in enumerate(names)}


def rows_of(queryset: QuerySet, finish: Callable[[list[tuple]], Any] = list) -> Deferred:
    """`finish(list(queryset))` of a values_list queryset (a GROUP BY, a list of lengths), deferred.

    The rows travel as one JSON array, so values come back as JSON types (numbers, strings).
    """
    select = _Select(
        queryset,
        lambda: list(queryset._chain()),  # a fresh queryset: the figure's own keeps no result cache
        "SELECT coalesce(json_agg(row_to_json(listed)), '[]'::json) FROM ({}) AS listed",
        1,
        lambda rows: ([dict(enumerate(row)) for row in rows],),
    )
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


def resolve_values(values: Iterable[Deferred]) -> None:
    """Read the rows of every `_Select` behind `values` not read yet, in one statement."""
    pending = list(dict.fromkeys(s for value in values for s in value.selects if not s.done))
    if not pending:
        return
    # The same subquery asked for by several figures (every "people served" total) runs once.
    columns: dict[tuple, list[_Select]] = {}
    statements: dict[tuple, tuple[str, tuple]] = {}
    for select in pending:
        sql, params = select.statement
        key = (sql, repr(params))  # parameters may be lists (an array filter)
        statements[key] = (sql, params)
        columns.setdefault(key, []).append(select)
    parts, params = [], []
    for n, (sql, select_params) in enumerate(statements.values()):
        parts.append(f"({sql}) AS figure_{n}")
        params.extend(select_params)
    with connections[pending[0].alias].cursor() as cursor:
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
    only when it counts something. `definition` (lazy text) tells a reader what the number
    counts; a breakdown line without one is read under its parent's.
    """

    __slots__ = ("key", "label", "pending", "records", "_breakdown", "label_context", "shown_when_zero", "definition")

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
        definition: Any = "",
    ):
        self.key = key
        self.label = label
        self.pending = value  # the value as given: a number, or a Deferred to build others on
        self.records = records
        self._breakdown = breakdown or {}
        # The pgettext context of `label`, when the word has two meanings ("Home": a dwelling).
        self.label_context = label_context
        self.shown_when_zero = shown_when_zero
        # One plain sentence saying what is counted and how the period applies (shown beside the figure).
        self.definition = definition

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


def resolve(figures: Iterable[Figure]) -> None:
    """Read every deferred value of `figures` (and of their breakdowns) in one statement."""
    resolve_values([value for figure in figures for value in figure.deferred_values()])
