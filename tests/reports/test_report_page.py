"""The yearly report page: who sees it, period input, drill-down, exports and saved snapshots."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maksora.exports import safe_cell
from reports.exports import csv_rows
from reports.models import SavedReport
from reports.report import ReportData, Row, Section
from tests.cases.factories import CaseFactory, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_shelters")]
URL = reverse("reports:yearly")


@pytest.fixture
def cases_2025(db):
    golubka = CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    margarita = CaseFactory(unit=unit("margarita"), opened_on=date(2025, 3, 1))
    return golubka, margarita


def _row(response, key):
    report = response.context["report"]
    return next(row for _section, row in report.rows() if row.key == key)


def test_manager_sees_every_section(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    keys = [section.key for section in response.context["report"].sections]
    assert keys[0] == "served" and "local" in keys and "distance" in keys
    assert _row(response, "people_served").value == 2


def test_coordinator_sees_only_her_units(client, coordinator, cases_2025):
    client.force_login(coordinator)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert _row(response, "people_served").value == 1
    assert "distance" not in [section.key for section in response.context["report"].sections]


@pytest.mark.parametrize("actor", ["golubka_worker", "sponsorship_officer", "site_admin"])
def test_others_get_404(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(URL).status_code == 404


def test_account_without_a_role_gets_403(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"year": "2999"},
        {"start": "2025-05-01"},
        {"start": "2025-05-01", "end": "2025-04-01"},
        {"start": "not-a-date", "end": "2025-04-01"},
        {"year": "2025", "since": "2018"},
    ],
)
def test_bad_period_shows_form_errors_not_500(client, manager, params):
    client.force_login(manager)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert response.context["report"] is None


def test_date_range_includes_both_days(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(URL, {"start": "2025-01-01", "end": "2025-02-01"})
    assert response.context["report"].start == date(2025, 1, 1)
    assert response.context["report"].end == date(2025, 2, 2)
    assert _row(response, "people_served").value == 1


def test_date_range_accepts_days_typed_as_dd_mm_yyyy_in_english(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(URL, {"start": "01.01.2025", "end": "01.02.2025"})
    assert response.status_code == 200
    assert response.context["report"].start == date(2025, 1, 1)
    assert response.context["report"].end == date(2025, 2, 2)


def test_period_form_keeps_a_typed_day_after_an_error(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"start": "01.05.2025", "end": "01.04.2025"})
    assert response.status_code == 400
    assert 'value="2025-05-01"' in response.content.decode()


def test_since_a_year_runs_until_today(client, manager, cases_2025):
    client.force_login(manager)
    today = timezone.localdate()
    response = client.get(URL, {"since": today.year})
    assert response.status_code == 200
    assert response.context["report"].last_day == today


def test_a_report_over_several_years_is_offered_as_a_background_snapshot(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(URL, {"since": 2018})
    assert response.status_code == 200
    assert response.context["report"] is None and response.context["in_background"]
    content = response.content.decode()
    assert 'id="report-in-background"' in content and 'id="save-report"' in content
    assert 'name="request_key"' in content


def test_since_inception_link_starts_at_the_first_case(client, manager, cases_2025):
    CaseFactory(unit=unit("local"), opened_on=date(2019, 4, 1))
    client.force_login(manager)
    response = client.get(URL, {"year": 2025})
    assert response.context["inception_year"] == 2019
    assert "?since=2019" in response.content.decode()


def _drill_url(source, key, **params):
    return reverse("reports:drilldown", args=[source, key]) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_drilldown_lists_the_people_counted(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(_drill_url("people_served", "people_served", year=2025))
    assert response.status_code == 200
    names = [row[0] for row in response.context["rows"]]
    assert sorted(names) == sorted(case.primary_person.full_name for case in cases_2025)


def test_drilldown_is_scoped_for_the_coordinator(client, coordinator, cases_2025):
    client.force_login(coordinator)
    response = client.get(_drill_url("people_served", "people_served.new", year=2025))
    assert [row[0] for row in response.context["rows"]] == [cases_2025[0].primary_person.full_name]
    hidden = client.get(_drill_url("children_sponsored", "children_sponsored", year=2025))
    assert hidden.status_code == 404


def test_drilldown_unknown_figure_or_bad_period_is_404(client, manager):
    client.force_login(manager)
    assert client.get(_drill_url("people_served", "nope", year=2025)).status_code == 404
    assert client.get(_drill_url("no_function", "x", year=2025)).status_code == 404
    assert client.get(_drill_url("people_served", "people_served", year="x")).status_code == 404


def test_drilldown_query_count_is_constant_at_1_and_20_rows(client, manager):
    client.force_login(manager)
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 1, 2))
    one = _count_drill(client)
    for _ in range(19):
        CaseFactory(unit=unit("golubka"), opened_on=date(2025, 1, 2))
    twenty = _count_drill(client)
    assert one == twenty


def _count_drill(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_drill_url("people_served", "people_served", year=2025))
        assert response.status_code == 200
    return len(queries)


# --- exports -----------------------------------------------------------------------------


def test_csv_export_streams_the_figures(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["csv"]), {"year": 2025, "lang": "en"})
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Section",
        "Figure",
        "Label",
        "Value",
        "A year earlier",
        "Change",
        "Relative change",
        "Definition",
    ]
    served = next(row for row in rows if row[1] == "people_served")
    assert served[3] == "2"


def test_xlsx_export_has_a_sheet_per_section(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["xlsx"]), {"year": 2025, "lang": "en"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "People served"
    sheet = workbook["People served"]
    values = {row[0].strip(): row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert values["People served"] == 2
    assert "Local services" in workbook.sheetnames
    charts = [n for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist() if n.startswith("xl/charts/")]
    assert charts  # a bar chart per figure with a breakdown


def test_pdf_export_is_a_pdf(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["pdf"]), {"year": 2025})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000


def test_export_in_italian_on_request(client, manager, cases_2025):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["csv"]), {"year": 2025, "lang": "it"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')


def test_unknown_export_format_is_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("reports:export", args=["doc"]), {"year": 2025}).status_code == 404


def test_export_denied_to_worker(client, golubka_worker):
    client.force_login(golubka_worker)
    assert client.get(reverse("reports:export", args=["csv"]), {"year": 2025}).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+7 913", "'+7 913"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Иванова", "Иванова"),
        (5, 5),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formula_starts(value, expected):
    assert safe_cell(value) == expected


def test_csv_writer_uses_safe_cell():
    report = ReportData(date(2025, 1, 1), date(2026, 1, 1), [Section("s", "=cmd", [Row("k", "=HYPERLINK(x)", 1)])])
    text = "".join(csv_rows(report))
    assert "'=HYPERLINK(x)" in text and "'=cmd" in text


# --- saved reports -----------------------------------------------------------------------


def test_saved_report_keeps_its_figures_after_back_dated_edits(client, manager, cases_2025, run_jobs):
    client.force_login(manager)
    before_csv = b"".join(
        client.get(reverse("reports:export", args=["csv"]), {"year": 2025, "lang": "en"}).streaming_content
    )
    response = client.post(reverse("reports:save") + "?year=2025", {"title": "Report 2025"})
    run_jobs()  # saving runs in a background job; its page links to the snapshot
    saved = SavedReport.objects.get()
    assert saved.pk == client.get(response.url).context["job"].result["saved_report"]
    assert saved.record_ids["people_served:people_served"]
    # A back-dated case is added afterwards: the live report changes, the saved one does not.
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 6, 1))
    assert _row(client.get(URL, {"year": 2025}), "people_served").value == 3
    reopened = client.get(reverse("reports:saved_detail", args=[saved.pk]))
    assert _row(reopened, "people_served").value == 2
    saved_csv = b"".join(
        client.get(reverse("reports:saved_export", args=[saved.pk, "csv"]), {"lang": "en"}).streaming_content
    )
    assert saved_csv == before_csv
    drill = client.get(reverse("reports:saved_drilldown", args=[saved.pk, "people_served:people_served"]))
    assert len(drill.context["rows"]) == 2


def test_saved_report_of_a_coordinator_is_hidden_from_another_coordinator(client, coordinator, cases_2025, run_jobs):
    from tests.cases.factories import UserFactory

    client.force_login(coordinator)
    client.post(reverse("reports:save") + "?year=2025", {"title": "Mine"})
    run_jobs()
    saved = SavedReport.objects.get()
    other = UserFactory(username="other_coordinator", role="coordinator", units=["margarita"])
    client.force_login(other)
    assert client.get(reverse("reports:saved_detail", args=[saved.pk])).status_code == 404
    assert client.get(reverse("reports:saved_list")).status_code == 200
