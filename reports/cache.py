"""The report computed once per period, reach and data version, kept in the database.

Every committed write to a table the report reads moves `DataVersion` on (a trigger, see
migration 0003). A report is read from `ComputedReport` when it was computed at the current
version for the same period and reach; otherwise it is computed and stored. The table is
shared by every web process (and by a replica reader, see maksora.routers), so the
page, its exports and the next manager reuse one computation.
"""

import hashlib
from datetime import date

from django.db import connection, transaction
from django.db.models import Q

from maksora.access import access_for
from reports.comparison import previous_period, with_previous
from reports.models import ComputedReport, DataVersion
from reports.report import ReportData, compute_report, sections_for


def scope_key(user) -> str:
    """What the figures depend on besides the period: the reach of her access and the sections."""
    access = access_for(user)
    functions = [f"{key}:{f.__module__}.{f.__name__}" for key, _title, fs in sections_for(user) for f in fs]
    parts = [
        ",".join(sorted(access.case_unit_codes)),
        str(access.sees_sponsors),
        str(access.reads_sponsorship_programme),
        hashlib.sha256("|".join(functions).encode()).hexdigest()[:16],
    ]
    return "|".join(parts)


def current_data_version() -> int:
    """The committed data version, read before the figures so a write meanwhile only makes it stale sooner.

    The transaction-local flag of the trigger is cleared: a transaction that writes after
    reading a report moves the version on again (tests run in one transaction).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('reports.data_changed', 'off', true)")
    row = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row if row is not None else 0


def report_for(start: date, end: date, user) -> ReportData:
    """The report of [start, end) for `user`: stored if computed since the last write, else computed now."""
    return reports_for([(start, end)], user)[0]


def reports_for(periods: list[tuple[date, date]], user) -> list[ReportData]:
    """The reports of several periods for `user` (as `report_for`), the stored ones read in one query."""
    scope = scope_key(user)
    version = current_data_version()
    wanted = Q()
    for start, end in periods:
        wanted |= Q(start=start, end=end)
    stored = {
        (start, end): (figures, computed_at)
        for start, end, figures, computed_at in ComputedReport.objects.filter(
            wanted, scope=scope, data_version=version
        ).values_list("start", "end", "figures", "computed_at")
    }
    reports = []
    for start, end in periods:
        if (start, end) in stored:
            figures, computed_at = stored[(start, end)]
            reports.append(ReportData.from_json(figures, computed_at=computed_at))
        else:
            reports.append(_computed_and_stored(start, end, user, scope=scope, version=version))
    return reports


def _computed_and_stored(start: date, end: date, user, *, scope: str, version: int) -> ReportData:
    report = compute_report(start, end, user)
    with transaction.atomic():
        ComputedReport.objects.bulk_create(
            [
                ComputedReport(
                    start=start,
                    end=end,
                    scope=scope,
                    data_version=version,
                    figures=report.to_json(),
                    computed_at=report.computed_at,
                )
            ],
            update_conflicts=True,
            unique_fields=["start", "end", "scope"],
            update_fields=["data_version", "figures", "computed_at"],
        )
    return report


def report_with_previous_year(start: date, end: date, user) -> ReportData:
    """The report of [start, end) with each figure's value of the same period a year earlier (both cached)."""
    report, previous = reports_for([(start, end), previous_period(start, end)], user)
    return with_previous(report, previous)
