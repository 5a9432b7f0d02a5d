"""The report computed once per period, reach and data version, kept in the database.

Every committed write to a table the report reads moves `DataVersion` on (a trigger, see
migration 0003). A report is read from `ComputedReport` when it was computed at the current
version for the same period and reach; otherwise it is computed and stored. The table is
shared by every web process (and by a replica reader, see maksora.routers), so the
page, its exports and the next manager reuse one computation.
"""

import hashlib
import json
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connection, connections

from maksora.access import access_for
from maksora.routers import read_alias
from reports.comparison import previous_period, with_previous
from reports.models import ComputedReport, DataVersion
from reports.report import JIT_OFF, Period, ReportData, compute_reports, sections_for, without_jit


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


def _version_and_stored(periods: list[Period], scope: str, alias: str) -> tuple[int, dict[Period, ReportData]]:
    """The data version and the reports of `periods` stored at it, in one statement (JIT off from here on).

    The statement also does what `current_data_version` does first, and turns JIT off for
    the transaction the figures are computed in (see `without_jit`).
    """
    clear_flag = "set_config('reports.data_changed', 'off', true)"
    if alias != DEFAULT_DB_ALIAS:  # the flag belongs to the primary's transaction, the read to the replica
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {clear_flag}")
        clear_flag = "''"
    matches = " OR ".join(['(c."start" = %s AND c."end" = %s)'] * len(periods))
    sql = f"""
        WITH present AS (
            SELECT {clear_flag} AS cleared, {JIT_OFF} AS jit,
                   coalesce((SELECT version FROM {DataVersion._meta.db_table} WHERE id = 1), 0) AS version
        )
        SELECT present.cleared, present.jit, present.version, c."start", c."end", c.figures, c.computed_at
        FROM present LEFT JOIN {ComputedReport._meta.db_table} c
          ON c.scope = %s AND c.data_version = present.version AND ({matches})
    """
    params = [scope, *(day for period in periods for day in period)]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stored = {}
    for _cleared, _jit, _version, start, end, figures, computed_at in rows:
        if start is not None:
            figures = json.loads(figures) if isinstance(figures, str | bytes) else figures
            stored[(start, end)] = ReportData.from_json(figures, computed_at=computed_at)
    return rows[0][2], stored


def reports_for(periods: list[Period], user) -> list[ReportData]:
    """The reports of `periods` for `user`: those computed since the last write as stored, the others computed now.

    The missing periods are computed together (their figures read in one statement), so a
    page showing a year next to the year before costs about one computation.
    """
    scope = scope_key(user)
    wanted = list(dict.fromkeys(periods))
    with without_jit(switched_off=True):
        version, stored = _version_and_stored(wanted, scope, read_alias())
        missing = [period for period in wanted if period not in stored]
        computed = dict(zip(missing, compute_reports(missing, user), strict=True)) if missing else {}
        if computed:
            # One INSERT, in the figures' transaction when they are read from the primary (no BEGIN/COMMIT of its own).
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
                    for (start, end), report in computed.items()
                ],
                update_conflicts=True,
                unique_fields=["start", "end", "scope"],
                update_fields=["data_version", "figures", "computed_at"],
            )
    return [stored.get(period) or computed[period] for period in periods]


def report_for(start: date, end: date, user) -> ReportData:
    """The report of [start, end) for `user`: stored if computed since the last write, else computed now."""
    return reports_for([(start, end)], user)[0]


def report_with_previous_year(start: date, end: date, user) -> ReportData:
    """The report of [start, end) with each figure's value of the same period a year earlier (both cached)."""
    report, previous = reports_for([(start, end), previous_period(start, end)], user)
    return with_previous(report, previous)
