"""A manager saves a report over several years: she watches its progress, then opens and downloads it."""

import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from reports.report import sections_without
from tests.cases.factories import CaseFactory, UserFactory, unit


@pytest.fixture
def manager(reference_data):
    for year, code in ((2019, "golubka"), (2022, "margarita"), (2025, "local")):
        CaseFactory(unit=unit(code), opened_on=date(year, 3, 1))
    return UserFactory(username="manager", role="manager")


def test_manager_saves_a_multi_year_report_and_watches_it_to_the_download(new_page, manager, job_worker, monkeypatch):
    monkeypatch.setattr("reports.report.SECTIONS", sections_without("shelters"))
    page = new_page(manager)
    page.goto("/reports/?since=2019")
    expect(page.locator("#report-in-background")).to_contain_text("several years")
    page.get_by_label("Save as").fill("Since 2019")
    page.get_by_role("button", name="Save this report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Saving a report snapshot")
    expect(page.locator("#job-status")).to_have_text("waiting to start")
    expect(page.locator("#job-progress")).to_be_visible()
    expect(page.locator("#job-refresh")).to_be_visible()

    job_worker.start()  # the page polls its status and shows the result once the worker is done
    expect(page.locator("#job-status")).to_have_text("done", timeout=30_000)
    expect(page.locator("#job-progress")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as download:
        page.locator("#job-download").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "People served" in workbook.sheetnames

    page.locator("#job-open-result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Since 2019")
    expect(page.locator('tr[data-figure="people_served"] .figure-value')).to_have_text("3")
