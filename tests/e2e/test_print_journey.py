"""A social worker prints a case summary: the print view opens from the case page, the PDF downloads."""

import re

from playwright.sync_api import expect

from tests.cases.factories import CaseFactory, PersonFactory, TaskFactory, UserFactory, unit
from tests.pdf_text import pdf_text


def test_worker_opens_the_print_view_and_downloads_the_pdf(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    mother = PersonFactory(family_name="Соколова", given_name="Надежда")
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, assigned_to=worker)
    TaskFactory(case=case, title="Записаться к педиатру", assigned_to=worker)

    page = new_page(worker)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#print-link").click()
    expect(page).to_have_url(re.compile(rf"/documents/cases/{case.pk}/summary/$"))
    expect(page.locator("#summary-tasks")).to_contain_text("Записаться к педиатру")
    expect(page.locator("#print-button")).to_be_visible()

    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    assert download.value.suggested_filename == f"{case.number}.pdf"
    with open(download.value.path(), "rb") as stream:
        text = pdf_text(stream.read())
    assert "Соколова Надежда" in text and "Записаться к педиатру" in text
