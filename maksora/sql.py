"""Small SQL expressions Django does not ship."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, F, Func


class AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`: the subquery runs once, its ids are read off the field's index.

    For searches: an `IN (subquery)` lets PostgreSQL walk a whole unit's rows in the list's
    order and test each one against the search (its estimate of the visibility filters is
    far too low), while the search itself finds a handful of rows through its own index.
    With the ids computed first the list and its count read only those rows.
    """

    output_field = BooleanField()

    def __init__(self, field: str, values):
        # An ordering (a model's default one) would only make PostgreSQL sort the ids.
        super().__init__(F(field), ArraySubquery(values.order_by()))

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        array_sql, array_params = compiler.compile(self.source_expressions[1])
        return f"{field_sql} = ANY({array_sql})", (*field_params, *array_params)
