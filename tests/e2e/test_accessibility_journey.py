"""Keyboard and screen-reader basics on a phone: the skip link, and the error summary after a refused intake."""

from playwright.sync_api import expect

from tests.cases.factories import UserFactory


def test_skip_link_is_the_first_stop_and_leads_to_the_content(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    page = new_page(worker, phone=True, language="ru")
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Перейти к содержанию")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_refused_intake_on_a_phone_opens_on_an_announced_error_summary(new_page, assert_accessible):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    page = new_page(worker, phone=True, language="ru")
    page.goto("/cases/intake/")
    page.locator("#id_mother-given_name").fill("Мария")  # the family name is missing
    page.get_by_role("button", name="Зарегистрировать и открыть дело").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(page.locator("#id_mother-given_name")).to_have_value("Мария")  # nothing typed is lost
    link = summary.locator("a[href='#id_mother-family_name']")
    link.click()
    expect(page.locator("#id_mother-family_name")).to_be_focused()
    assert_accessible(page)
