"""Several small lists read in the query of the record they hang from, as JSON arrays.

A page such as the case page shows a dozen short lists of one record (its tasks, notes,
approvals…). One query each would cost a dozen round trips whatever their length; read
as `ARRAY(SELECT jsonb_build_array(to_jsonb(row), …))` columns of the record's own query they
cost none, and stay as many whatever the data size. `rows_column` writes such a column from
any queryset (scoped by `visible_to` as usual) and `instances_of` turns it back into model
instances, with the related records named in `related` (as `select_related` would) and any
annotations named in `extra` set as attributes.

Each row travels as whole table rows (`to_jsonb` of the table's alias) rather than as an
object built field by field: the query then holds a handful of expressions instead of one per
column, which Django would otherwise copy and relabel over and over while nesting it.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Expression, F, Func, JSONField


class TableRow(Expression):
    """`to_jsonb(alias)`: the whole row of the query's table, or of the one joined at `path`."""

    output_field = JSONField()

    def __init__(self, path: str = "", *, alias: str | None = None):
        super().__init__()
        self.path = path
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        # A subquery's annotations are resolved again against the outer query: keep the alias.
        if self.alias is not None:
            return self
        alias = query.get_initial_alias()
        if self.path:
            # Joined as select_related would: LEFT OUTER when the relation may be empty.
            alias = query.setup_joins(self.path.split("__"), query.get_meta(), alias, can_reuse=reuse).joins[-1]
        return TableRow(self.path, alias=alias)

    def relabeled_clone(self, change_map):
        return TableRow(self.path, alias=change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"to_jsonb({compiler.quote_name_unless_alias(self.alias)})", []


def rows_column(queryset, *, related: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> ArraySubquery:
    """The queryset's rows, in its order, as one array column (use with OuterRef in its filter)."""
    parts = [TableRow(), *(TableRow(name) for name in related), *(F(name) for name in extra)]
    return ArraySubquery(queryset.values(row=Func(*parts, function="jsonb_build_array", output_field=JSONField())))


def _instance(model, row: dict):
    fields = model._meta.concrete_fields
    return model.from_db("default", [f.attname for f in fields], [f.to_python(row[f.column]) for f in fields])


def instances_of(model, rows, *, related: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list:
    """Model instances back from a `rows_column` column."""
    relations = [model._meta.get_field(name) for name in related]
    instances = []
    for own, *others in rows or ():
        instance = _instance(model, own)
        for field, data in zip(relations, others[: len(relations)], strict=True):
            field.set_cached_value(instance, _instance(field.related_model, data) if data is not None else None)
        for name, value in zip(extra, others[len(relations) :], strict=True):
            setattr(instance, name, value)
        instances.append(instance)
    return instances
