"""A manager opens the yearly report, drills into a figure and downloads XLSX and PDF."""

import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from reports.report import sections_without
from tests.cases.factories import CaseFactory, PersonFactory, UserFactory, unit


@pytest.fixture
def report_data(reference_data):
    manager = UserFactory(username="manager", role="manager")
    for family_name, code in (("Орлова", "golubka"), ("Lebedeva", "margarita"), ("Зайцева", "local")):
        CaseFactory(unit=unit(code), opened_on=date(2025, 3, 1), primary_person=PersonFactory(family_name=family_name))
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
