"""The yearly report read by people: each figure's definition, the same period a year earlier, charts."""

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports import report as report_module
from reports.cache import report_for
from reports.comparison import previous_period, with_previous
from reports.exports import csv_rows, xlsx_bytes
from reports.models import SavedReport
from reports.report import ReportData, Row, Section, compute_report
from tests.cases.factories import CaseFactory, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_shelters")]
URL = reverse("reports:yearly")
EVERY_SECTION = report_module.SECTIONS  # before `without_shelters` takes the shelters out


@pytest.fixture
def two_years(db):
    """Two people served in 2024 (both in Golubka), three in 2025 (one in each unit)."""
    for _ in range(2):
        CaseFactory(unit=unit("golubka"), opened_on=date(2024, 3, 1), status="closed", closed_on=date(2024, 12, 1))
    for code in ("golubka", "margarita", "local"):
        CaseFactory(unit=unit(code), opened_on=date(2025, 2, 1))


def _row(report, ref):
    return next(row for _section, row in report.rows() if row.ref == ref)


# --- definitions ---------------------------------------------------------------------------


def test_every_top_level_figure_of_every_section_has_a_definition(manager, monkeypatch):
    monkeypatch.setattr("reports.report.SECTIONS", EVERY_SECTION)
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    top = [row for _section, row in report.rows() if row.level == 0]
    assert {section.key for section in report.sections} >= {"served", "shelters", "local", "distance"}
    missing = [row.ref for row in top if not row.definition]
    assert missing == []
    assert len({row.definition for row in top}) == len(top)  # one sentence of its own each
    with translation.override("en"):
        served = _row(report, "people_served:people_served")
        assert served.definition_display.startswith("People who belong to at least one case open on any day")


def test_the_page_shows_each_definition_behind_an_accessible_button(client, manager, two_years):
    client.force_login(manager)
    response = client.get(URL, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    served = _row(response.context["report"], "people_served:people_served")
    assert served.definition_display in content
    toggles = content.count('class="btn btn-link btn-sm p-0 ms-1 align-baseline figure-definition-toggle"')
    assert toggles == sum(1 for _section, row in response.context["report"].rows() if row.definition)
    assert 'aria-describedby="definition-served-1"' in content
    assert 'id="definition-served-1" role="tooltip" hidden' in content
    assert "js/report_page.js" in content and "<script>" not in content and "style=" not in content


# --- year over year ------------------------------------------------------------------------


def test_previous_period_is_the_same_days_a_year_earlier():
    assert previous_period(date(2025, 1, 1), date(2026, 1, 1)) == (date(2024, 1, 1), date(2025, 1, 1))
    assert previous_period(date(2024, 2, 29), date(2024, 3, 1)) == (date(2023, 2, 28), date(2023, 3, 1))


def test_three_served_against_two_a_year_earlier_is_plus_one_and_fifty_percent(client, manager, two_years):
    client.force_login(manager)
    response = client.get(URL, {"year": 2025})
    report = response.context["report"]
    assert (report.previous_start, report.previous_end) == (date(2024, 1, 1), date(2025, 1, 1))
    served = _row(report, "people_served:people_served")
    assert (served.value, served.previous, served.change) == (3, 2, 1)
    assert served.change_percent == pytest.approx(50.0)
    golubka = _row(report, "people_served_by_unit:people_served_by_unit.golubka")
    assert (golubka.value, golubka.previous, golubka.change, golubka.change_percent) == (1, 2, -1, -50.0)
    margarita = _row(report, "people_served_by_unit:people_served_by_unit.margarita")
    assert margarita.previous == 0 and margarita.change_percent is None  # no percentage of nothing
    with translation.override("en"):
        assert (served.previous_display, served.change_display, served.change_percent_display) == ("2", "+1", "+50.0 %")
        assert golubka.change_display == "−1" and golubka.change_percent_display == "−50.0 %"
    content = response.content.decode()
    assert 'class="text-end figure-change">+1</td>' in content


def test_ratios_change_by_percentage_points_and_money_as_money():
    row = Row("yearly_updates.share_on_time", "Share", 0.75, previous=0.5)
    money = Row("contributions_received", "Sum", Decimal("150.00"), previous=Decimal("100.00"))
    with translation.override("en"):
        assert row.previous_display == "50.0 %" and row.change_display == "+25.0 pp"
        assert row.change_percent is None
        assert money.change == Decimal("50.00") and money.change_percent == pytest.approx(50.0)
        assert money.change_display.startswith("+") and money.change_display[1:] == money.display_of(Decimal("50"))
    missing = Row("length_of_stay", "Days", None, previous=12.5)
    assert missing.change is None and missing.change_display == "—"


def test_a_row_the_earlier_report_lacks_has_no_previous_value():
    now = ReportData(date(2025, 1, 1), date(2026, 1, 1), [Section("s", "S", [Row("a", "A", 1), Row("b", "B", 2)])])
    before = ReportData(date(2024, 1, 1), date(2025, 1, 1), [Section("s", "S", [Row("a", "A", 5)])])
    merged = with_previous(now, before)
    assert [row.previous for _s, row in merged.rows()] == [5, None]
    assert not now.has_previous and merged.has_previous  # the inputs are left as they were


# --- plain data round trip -------------------------------------------------------------------


def test_json_round_trip_keeps_definitions_and_previous_values():
    rows = [
        Row("a", "A", 3, definition="Counted once.", previous=2),
        Row("b", "B", Decimal("1.50"), 1, previous=Decimal("2.00")),
        Row("c_share", "C", 0.25, 1, previous=None),
    ]
    report = ReportData(
        date(2025, 1, 1), date(2026, 1, 1), [Section("s", "S", rows)], previous_start=date(2024, 1, 1),
        previous_end=date(2025, 1, 1),
    )  # fmt: skip
    again = ReportData.from_json(json.loads(json.dumps(report.to_json())))
    assert again.previous_start == date(2024, 1, 1) and again.previous_end == date(2025, 1, 1)
    assert [(r.definition, r.previous) for _s, r in again.rows()] == [
        ("Counted once.", 2),
        ("", Decimal("2.00")),
        ("", None),
    ]


def test_json_saved_before_definitions_and_comparisons_still_loads():
    old = {
        "start": "2025-01-01",
        "end": "2026-01-01",
        "sections": [
            {"key": "s", "title": "S", "rows": [{"key": "a", "label": "A", "level": 0, "value": 3, "type": "int"}]}
        ],
    }
    report = ReportData.from_json(old)
    row = next(row for _s, row in report.rows())
    assert (row.value, row.definition, row.previous) == (3, "", None)
    assert not report.has_previous
    assert "previous" not in report.to_json()["sections"][0]["rows"][0]


def test_a_saved_report_keeps_a_year_earlier_as_it_was_saved(client, manager, two_years, run_jobs):
    client.force_login(manager)
    client.post(reverse("reports:save") + "?year=2025", {"title": "Report 2025"})
    run_jobs()
    saved = SavedReport.objects.get()
    CaseFactory(unit=unit("margarita"), opened_on=date(2024, 5, 1))  # back-dated: 2024 grows to 3
    live = client.get(URL, {"year": 2025}).context["report"]
    assert _row(live, "people_served:people_served").previous == 3
    reopened = client.get(reverse("reports:saved_detail", args=[saved.pk]))
    served = _row(reopened.context["report"], "people_served:people_served")
    assert (served.value, served.previous, served.change) == (3, 2, 1)
    assert 'class="text-end figure-previous"' in reopened.content.decode()


def test_a_snapshot_saved_before_comparisons_shows_no_year_earlier_column(client, manager, two_years):
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    figures = report.to_json()
    SavedReport.objects.create(title="Old", start=report.start, end=report.end, figures=figures, created_by=manager)
    client.force_login(manager)
    response = client.get(reverse("reports:saved_detail", args=[SavedReport.objects.get().pk]))
    assert response.status_code == 200
    assert not response.context["report"].has_previous
    assert "figure-previous" not in response.content.decode()


# --- charts ----------------------------------------------------------------------------------


def test_the_page_has_a_canvas_per_breakdown_and_its_data_as_json(client, manager, two_years):
    client.force_login(manager)
    response = client.get(URL, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert '<canvas id="chart-served-1" role="img" aria-label="Chart of' in content
    script = content.split('<script id="report-chart-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script)
    served = next(chart for chart in data["charts"] if chart["id"] == "chart-served-1")
    assert served["labels"][:2] == ["New (first case opened in the period)", "Continuing (first case opened earlier)"]
    assert served["series"] == [{"name": "2024", "values": [2.0, 0.0]}, {"name": "2025", "values": [3.0, 0.0]}]
    assert "vendor/chart.js/chart.umd.min.js" in content


def test_the_page_query_count_is_the_same_with_one_and_twenty_cases(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"year": 2025})
    for _ in range(19):
        CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    with django_assert_max_num_queries(len(one)):
        client.get(URL, {"year": 2025})


# --- exports ---------------------------------------------------------------------------------


def test_the_xlsx_has_a_year_earlier_the_change_the_definitions_and_charts_of_both(manager, two_years):
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    report = with_previous(report, compute_report(date(2024, 1, 1), date(2025, 1, 1), manager))
    with translation.override("en"):
        content = xlsx_bytes(report)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["People served"]
    header = [cell.value for cell in sheet[4]]
    assert header[:6] == ["Figure", "2025", "2024", "Change", "Relative change", "Definition"]
    served = next(row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == "People served")
    assert served[1:5] == (3, 2, 1, 0.5)
    assert served[5].startswith("People who belong to at least one case open")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert "xl/charts/chart1.xml" in archive.namelist()
    chart = archive.read("xl/charts/chart1.xml").decode()
    assert chart.count("<c:ser>") == 2 and "People served" in chart and "2024" in chart


def test_the_csv_carries_a_year_earlier_and_the_definition(manager, two_years):
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    report = with_previous(report, compute_report(date(2024, 1, 1), date(2025, 1, 1), manager))
    with translation.override("en"):
        text = "".join(csv_rows(report))
    line = next(line for line in text.splitlines() if ",people_served," in line)
    assert ',3,2,1,50.0,"People who belong' in line


def test_the_print_view_lists_the_definitions_and_a_year_earlier(client, manager, two_years):
    client.force_login(manager)
    response = client.get(reverse("reports:print"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<dl class="definitions">' in content and "People who belong to at least one case open" in content
    assert "with-comparison" in content and "+1" in content


def test_the_warm_page_reads_a_year_earlier_without_an_extra_query(client, manager, two_years, monkeypatch):
    client.force_login(manager)
    client.get(URL, {"year": 2025})  # computes and stores both years
    with CaptureQueriesContext(connection) as with_comparison:
        assert client.get(URL, {"year": 2025}).context["report"].has_previous
    monkeypatch.setattr("reports.views.report_with_previous_year", report_for)
    client.get(URL, {"year": 2025})
    with CaptureQueriesContext(connection) as alone:
        assert not client.get(URL, {"year": 2025}).context["report"].has_previous
    assert len(with_comparison) == len(alone)
