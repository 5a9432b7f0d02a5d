"""Several small lists read in the query of the record they hang from, as JSON arrays.

A page such as the case page shows a dozen short lists of one record (its tasks, notes,
approvals…). One query each would cost a dozen round trips whatever their length; read
as `ARRAY(SELECT jsonb_build_object(…))` columns of the record's own query they cost none,
and stay as many whatever the data size. `rows_column` writes such a column from any queryset
(scoped by `visible_to` as usual) and `instances_of` turns it back into model instances,
with the related records named in `related` (as `select_related` would) and any
annotations named in `extra` set as attributes.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F
from django.db.models.functions import JSONObject


def _fields(model):
    return [field for field in model._meta.concrete_fields]


def _object(model, prefix: str = ""):
    return JSONObject(**{field.attname: F(f"{prefix}{field.attname}") for field in _fields(model)})


def rows_column(queryset, *, related: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> ArraySubquery:
    """The queryset's rows, in its order, as one array column (use with OuterRef in its filter)."""
    model = queryset.model
    parts = {field.attname: F(field.attname) for field in _fields(model)}
    for name in related:
        parts[f"_{name}"] = _object(model._meta.get_field(name).related_model, prefix=f"{name}__")
    for name in extra:
        parts[name] = F(name)
    return ArraySubquery(queryset.values(row=JSONObject(**parts)))


def _instance(model, row: dict):
    fields = _fields(model)
    return model.from_db("default", [f.attname for f in fields], [f.to_python(row[f.attname]) for f in fields])


def instances_of(model, rows, *, related: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list:
    """Model instances back from a `rows_column` column."""
    instances = []
    for row in rows or ():
        instance = _instance(model, row)
        for name in related:
            field = model._meta.get_field(name)
            data = row[f"_{name}"]
            pk_name = field.related_model._meta.pk.attname
            related_instance = _instance(field.related_model, data) if data[pk_name] is not None else None
            field.set_cached_value(instance, related_instance)
        for name in extra:
            setattr(instance, name, row[name])
        instances.append(instance)
    return instances
