"""Small SQL expressions Django does not ship."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, BooleanField, F, Func, Value


class AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`, or `field = ANY(%s)` with one array of ids.

    For searches: an `IN (subquery)` lets PostgreSQL walk a whole unit's rows in the list's
    order and test each one against the search (its estimate of the visibility filters is
    far too low), while the search itself finds a handful of rows through its own index.
    With the ids computed first the list and its count read only those rows.

    Given ids (a list), they travel as one array parameter, not one parameter each as
    `__in` sends them: a thousand ids cost nothing to build and the planner still sees them.
    """

    output_field = BooleanField()

    def __init__(self, field: str, values):
        if isinstance(values, list | tuple):
            array = Value(list(values), output_field=ArrayField(BigIntegerField()))
        else:
            # An ordering (a model's default one) would only make PostgreSQL sort the ids.
            array = ArraySubquery(values.order_by())
        super().__init__(F(field), array)

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        array_sql, array_params = compiler.compile(self.source_expressions[1])
        return f"{field_sql} = ANY({array_sql})", (*field_params, *array_params)
