"""The report names the problem area "home" as a dwelling («Жильё»), on the page and once saved."""

from datetime import date

from django.utils import translation

from reports.report import ReportData, compute_report
from tests.cases.factories import CaseFactory, unit


def _home_row(report):
    return next(row for _section, row in report.rows() if row.key == "local_problem_areas.home")


def test_problem_area_home_reads_as_housing_in_russian(coordinator):
    CaseFactory(unit=unit("local"), opened_on=date(2026, 2, 1), problem_areas=["home"])
    report = compute_report(date(2026, 1, 1), date(2026, 12, 31), coordinator)
    saved = ReportData.from_json(report.to_json())
    with translation.override("ru"):
        assert _home_row(report).label_display == "Жильё"
        assert _home_row(saved).label_display == "Жильё"
    with translation.override("it"):
        assert _home_row(saved).label_display != "Home"
    assert _home_row(report).value == 1
