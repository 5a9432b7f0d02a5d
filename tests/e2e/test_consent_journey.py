"""Intake with the consent signed, the form printed (view and PDF), the consent withdrawn, the record gone."""

import re

from playwright.sync_api import expect

from cases.models import Consent, Person
from tests.cases.factories import UserFactory
from tests.e2e.test_cases_journeys import fill_person
from tests.pdf_text import pdf_text


def test_intake_with_consent_print_the_form_withdraw_and_the_record_disappears(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])

    # A night intake: the mother signs the processing consent for herself and for her son.
    page = new_page(worker)
    page.goto("/cases/intake/")
    fill_person(page, "mother", "Согласова", "Вера", "1991-06-01", "F")
    page.locator("#id_mother-consent_signed").check()
    fill_person(page, "children-0", "Согласов", "Кирилл", "2018-02-10", "M")
    page.locator("#id_children-0-consent_signed").check()
    page.locator("#id_referral_source").select_option("self")
    page.get_by_role("button", name="Register and open the case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.locator("#consent-pending")).to_have_count(0)
    mother = Person.objects.get(given_name="Вера")
    son = Person.objects.get(given_name="Кирилл")
    assert Consent.objects.get(person=son).signed_by == mother

    # His processing consent form, signed by his mother, in the browser's print view and as a PDF.
    page.goto(f"/cases/people/{son.pk}/")
    expect(page.locator("#consents")).to_contain_text("signed by Согласова Вера")
    page.locator("#consent-print-links a").first.click()
    expect(page.locator("main")).to_contain_text("Согласов Кирилл")
    page.locator("#id_signed_by").select_option(str(mother.pk))
    page.get_by_role("button", name="Fill in").click()
    expect(page.locator("main")).to_contain_text("Я, Согласова Вера")
    with page.expect_download() as download:
        page.locator("#consent-pdf").click()
    content = open(download.value.path(), "rb").read()
    assert content.startswith(b"%PDF") and "Согласов Кирилл" in pdf_text(content)

    # She withdraws her consent to processing: her record leaves the worker's list at once.
    page.goto(f"/cases/people/{mother.pk}/")
    page.locator("#consents li", has_text="Personal data processing").get_by_role("link", name="Withdraw").click()
    page.get_by_role("button", name="Withdraw").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/cases/")
    expect(page.locator(".case-list")).not_to_contain_text("Согласова Вера")
    page.goto(f"/cases/people/{mother.pk}/")
    expect(page.get_by_text("Согласова Вера")).to_have_count(0)
