"""The retention periods a new installation starts with (editable in the admin; see docs/retention.md)."""

# unit code -> (years, counted from)
DEFAULT_RETENTION = {
    "golubka": (5, "case_closed"),
    "margarita": (5, "case_closed"),
    "local": (5, "case_closed"),
    "distance": (3, "sponsorship_ended"),
}


def ensure_retention_periods() -> None:
    from maksora.models import Unit
    from privacy.models import RetentionPolicy

    if RetentionPolicy.objects.count() >= len(DEFAULT_RETENTION):
        return
    for unit in Unit.objects.filter(code__in=DEFAULT_RETENTION):
        years, counted_from = DEFAULT_RETENTION[unit.code]
        RetentionPolicy.objects.get_or_create(unit=unit, defaults={"years": years, "counted_from": counted_from})
