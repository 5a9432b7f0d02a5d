"""Small SQL expressions Django does not ship."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Expression,
    F,
    Func,
    IntegerField,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce


class AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`, or `field = ANY(%s)` with one array of ids.

    For searches: an `IN (subquery)` lets PostgreSQL walk a whole unit's rows in the list's
    order and test each one against the search (its estimate of the visibility filters is
    far too low), while the search itself finds a handful of rows through its own index.
    With the ids computed first the list and its count read only those rows.

    Given ids (a list), they travel as one array parameter, not one parameter each as
    `__in` sends them: a thousand ids cost nothing to build and the planner still sees them.
    With `counted=False` it does not: it takes them for a handful, as it takes a subquery's,
    so a few hundred ids found on another index are still looked up one by one through the
    field's index, not by reading its whole (middle-sized) table.
    """

    output_field = BooleanField()

    def __init__(self, field: str, values, *, counted: bool = True):
        if isinstance(values, list | tuple):
            array = Value(list(values), output_field=ArrayField(BigIntegerField()))
            if not counted:
                array = Func(Func(array, function="unnest"), template="ARRAY(SELECT %(expressions)s)")
        else:
            # An ordering (a model's default one) would only make PostgreSQL sort the ids.
            array = ArraySubquery(values.order_by())
        super().__init__(F(field), array)

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        array_sql, array_params = compiler.compile(self.source_expressions[1])
        return f"{field_sql} = ANY({array_sql})", (*field_params, *array_params)


class AllIn(Expression):
    """`a IN (subquery) AND b IN (subquery) …`: several columns tested against one subquery.

    Filtering `a__in=qs, b__in=qs` builds and compiles the subquery once per column; a
    visibility subquery is the costly part of many queries, so it is compiled once here and
    its SQL repeated (the same SQL Django writes for each `__in`).
    """

    output_field = BooleanField()

    def __init__(self, fields, queryset):
        super().__init__()
        self.columns = [F(field) for field in fields]
        self.subquery = Subquery(queryset.order_by())  # an ordering would only make PostgreSQL sort

    def get_source_expressions(self):
        return [*self.columns, self.subquery]

    def set_source_expressions(self, exprs):
        *self.columns, self.subquery = exprs

    def as_sql(self, compiler, connection):
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        parts, params = [], []
        for column in self.columns:
            column_sql, column_params = compiler.compile(column)
            parts.append(f"{column_sql} IN {subquery_sql}")
            params.extend((*column_params, *subquery_params))
        return "(" + " AND ".join(parts) + ")", tuple(params)


def subquery_count(queryset, per: str):
    """How many rows of `queryset` (filtered on an OuterRef, e.g. per=`assigned_to`): 0 when none."""
    counted = queryset.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def first_rows_and_count(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many rows it has in all, in one query.

    A short list with its count beside it read every row twice: once to count them, once to
    sort them for the first few. Counted as a window over the whole result (before the LIMIT),
    the same read gives both, and the count stays exact.
    """
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, rows[0].rows_in_all if rows else 0


# COUNT statements compiled by `count_compiled_once`, by key; emptied when full (a few per user).
_COUNT_STATEMENTS: dict[tuple, tuple[str, tuple, str] | None] = {}
COUNT_STATEMENTS_KEPT = 4096


def count_compiled_once(key: tuple, build) -> int:
    """COUNT(*) of the queryset `build()` returns, its SQL built and compiled once per process for `key`.

    For a count every page shows (the top bar's unread reminders), where building and
    compiling the scoped queryset costs more than running it. `key` must hold everything
    the SQL is written from (the reader's id, roles and units): what the SQL reads when it
    runs (restrictions, consents, the rows themselves) is read afresh every time, so the
    count is never stale. The queryset's rule stays where it is (its `visible_to`).
    """
    try:
        statement = _COUNT_STATEMENTS[key]
    except KeyError:
        queryset = build()
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
            statement = (f"SELECT COUNT(*) FROM ({sql}) counted", params, queryset.db)
        except EmptyResultSet:  # a scope that reaches nothing (no units): no statement to run
            statement = None
        if len(_COUNT_STATEMENTS) >= COUNT_STATEMENTS_KEPT:
            _COUNT_STATEMENTS.clear()
        _COUNT_STATEMENTS[key] = statement
    if statement is None:
        return 0
    sql, params, alias = statement
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
