"""Year over year: each figure of a report beside its value for the same period a year earlier.

The earlier period has the same days one year back ([start − 1 year, end − 1 year); a
29 February becomes the 28th). Its figures come from the same computation as any report
(reports.cache, so they are computed once per data version), and are matched to this
period's rows by `Row.ref`; a row the earlier report lacks (a unit added since) has none.
"""

from dataclasses import replace
from datetime import date

from reports.report import ReportData


def year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """[start, end) one year earlier."""
    return year_earlier(start), year_earlier(end)


def with_previous(report: ReportData, previous: ReportData) -> ReportData:
    """`report` whose rows carry `previous`'s values, matched by ref (a new ReportData; both left as they were)."""
    earlier = {row.ref: row.value for _section, row in previous.rows()}
    sections = [
        replace(section, rows=[replace(row, previous=earlier.get(row.ref)) for row in section.rows])
        for section in report.sections
    ]
    return replace(report, sections=sections, previous_start=previous.start, previous_end=previous.end)
