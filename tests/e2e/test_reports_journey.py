"""A manager opens the yearly report, drills into a figure and downloads XLSX and PDF; she exports a
drill-down list, and a saved report's list still shows a record as it was when the report was saved."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from cases.models import Person
from reports.report import sections_without
from tests.cases.factories import CaseFactory, PersonFactory, UserFactory, unit


@pytest.fixture
def report_data(reference_data):
    manager = UserFactory(username="manager", role="manager")
    for family_name, code in (("Орлова", "golubka"), ("Lebedeva", "margarita"), ("Зайцева", "local")):
        person = PersonFactory(family_name=family_name, district="lenin")
        CaseFactory(unit=unit(code), opened_on=date(2025, 3, 1), primary_person=person)
    return manager


@pytest.fixture
def report_page(new_page, report_data, monkeypatch):
    # The journey is about the report mechanics; shelter figures have their own tests.
    monkeypatch.setattr("reports.report.SECTIONS", sections_without("shelters"))
    page = new_page(report_data)
    page.goto("/reports/")
    return page


def test_manager_reads_drills_down_and_downloads(report_page):
    page = report_page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Yearly report")
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report-period")).to_contain_text("01.01.2025")
    served = page.locator('tr[data-figure="people_served"] .figure-value')
    expect(served).to_have_text("3")

    served.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("People served")
    expect(page.locator("#records tbody tr")).to_have_count(3)
    expect(page.locator("#records")).to_contain_text("Орлова")
    page.get_by_role("link", name="Back to the report").click()

    with page.expect_download() as xlsx_download:
        page.locator('#exports a[data-format="xlsx"][data-lang="en"]').click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
    sheet = workbook["People served"]
    values = {str(row[0]).strip(): row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert values["People served"] == 3

    with page.expect_download() as pdf_download:
        page.locator('#exports a[data-format="pdf"][data-lang="ru"]').click()
    content = open(pdf_download.value.path(), "rb").read()
    assert content.startswith(b"%PDF")
    assert len(content) > 2000


def test_bad_year_shows_an_error_on_the_page(report_page):
    page = report_page
    page.get_by_label("Year", exact=True).fill("1800")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()


def test_manager_reads_the_charts_and_each_figures_definition(report_page, assert_accessible):
    page = report_page
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report-comparison")).to_contain_text("01.01.2024")
    served = page.locator('tr[data-figure="people_served"]')
    expect(served.locator(".figure-value")).to_have_text("3")
    expect(served.locator(".figure-previous")).to_have_text("0")
    expect(served.locator(".figure-change")).to_have_text("+3")

    # The charts are drawn (Chart.js took the canvas), and the table above stays their alternative.
    chart = page.locator("canvas#chart-served-1")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assert page.evaluate("() => Chart.getChart(document.getElementById('chart-served-1')) !== undefined")
    assert page.locator("canvas[role=img]").count() >= 3

    # A click (a tap on a phone) opens the definition and keeps it open; Escape closes it.
    button = served.get_by_role("button", name="Definition")
    definition = page.locator("#definition-served-1")
    expect(definition).to_be_hidden()
    button.click()
    expect(definition).to_be_visible()
    expect(definition).to_contain_text("People who belong to at least one case open on any day of the period")
    expect(button).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(definition).to_be_hidden()

    # Tabbing on from the figure's number reaches the next line's button: its definition shows.
    served.locator(".figure-value a").focus()
    page.keyboard.press("Tab")
    new = page.locator('tr[data-figure="people_served.new"]')
    expect(new.get_by_role("button", name="Definition")).to_be_focused()
    expect(new.locator(".figure-definition")).to_be_visible()
    expect(new.locator(".figure-definition")).to_contain_text("very first case in the organisation")
    page.keyboard.press("Tab")
    expect(new.locator(".figure-definition")).to_be_hidden()
    assert errors == []


def _served_drilldown(page):
    page.locator('tr[data-figure="people_served"] .figure-value').get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("People served")


def test_manager_exports_a_drilldown_and_reads_a_saved_one_as_it_was(report_page, job_worker):
    page = report_page
    page.goto("/reports/?year=2025")
    _served_drilldown(page)
    orlova = page.locator("#records tbody tr", has_text="Орлова")
    expect(orlova.get_by_role("link")).to_have_attribute("href", f"/cases/people/{_orlova().pk}/")
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0] == ["Name", "Sex", "Date of birth", "District"]
    assert len(rows) == 4 and any(row[0].startswith("Орлова") for row in rows)

    page.get_by_role("link", name="Back to the report").click()
    page.get_by_label("Save as").fill("Report 2025")
    page.get_by_role("button", name="Save this report").click()
    job_worker.start()
    expect(page.locator("#job-status")).to_have_text("done", timeout=30_000)
    saved_url = page.locator("#job-open-result").get_attribute("href")

    # A back-dated correction after the save: she lived in another district.
    Person.objects.filter(pk=_orlova().pk).update(district="other")

    page.goto(saved_url)
    _served_drilldown(page)
    expect(page.locator("#drilldown-as-of")).to_be_visible()
    expect(page.locator("#records tbody tr", has_text="Орлова")).to_contain_text("Lenin district (Novosibirsk)")
    page.goto("/reports/?year=2025")
    _served_drilldown(page)
    expect(page.locator("#records tbody tr", has_text="Орлова")).to_contain_text("Other")


def _orlova():
    return Person.objects.get(family_name="Орлова")
