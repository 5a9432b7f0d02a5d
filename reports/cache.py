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
    scope = scope_key(user)
    version = current_data_version()
    stored = (
        ComputedReport.objects.filter(start=start, end=end, scope=scope, data_version=version)
        .values_list("figures", "computed_at")
        .first()
    )
    if stored is not None:
        figures, computed_at = stored
        return ReportData.from_json(figures, computed_at=computed_at)
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
    previous = report_for(*previous_period(start, end), user)
    return with_previous(report_for(start, end, user), previous)
