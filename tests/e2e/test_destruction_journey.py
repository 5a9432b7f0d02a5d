"""A coordinator destroys the data of a person whose consent was withdrawn 31 days ago, and prints the act."""

import pytest
from playwright.sync_api import expect

from cases.models import Person
from tests.cases.factories import UserFactory
from tests.pdf_text import pdf_text
from tests.privacy.factories import SENTINEL, retention_policies, sentinel_family


@pytest.fixture
def destruction_data(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    retention_policies()
    coordinator = UserFactory(username="coordinator", role="coordinator", units=["golubka", "local", "distance"])
    family = sentinel_family(author=coordinator, withdrawn_days_ago=31)
    return coordinator, family


def test_coordinator_sees_the_list_checks_the_dry_run_destroys_and_prints_the_act(new_page, destruction_data):
    coordinator, family = destruction_data
    page = new_page(coordinator)
    page.goto("/")
    page.get_by_role("button", name="To check").click()  # the menu of lists to check
    page.get_by_role("link", name="To be destroyed").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personal data to be destroyed")
    row = page.locator("#due-withdrawals tbody tr", has_text=SENTINEL)
    expect(row).to_contain_text("due")

    row.get_by_role("link", name="Destroy…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SENTINEL)
    plan = page.locator("#destroy-plan")
    expect(plan.locator("tr", has_text="Consents")).to_contain_text("1")
    expect(plan.locator("tr", has_text="Files removed from storage")).to_contain_text("3")

    page.get_by_role("button", name="Destroy her data").click()
    expect(page.locator("#destroy-form")).to_contain_text("This field is required")
    assert Person.objects.get(pk=family.person.pk).family_name == SENTINEL

    page.get_by_label("I have checked the list above").check()
    page.get_by_role("button", name="Destroy her data").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("on the destruction of personal data")
    expect(page.locator("#act-categories")).to_contain_text("Consents")
    expect(page.locator("#act-events tbody tr").first).to_be_visible()
    assert SENTINEL not in page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    text = pdf_text(open(download.value.path(), "rb").read())
    assert f"#{family.person.pk}" in text
    assert SENTINEL not in text
    assert Person.objects.get(pk=family.person.pk).family_name != SENTINEL

    page.goto("/privacy/")
    expect(page.locator("#due-withdrawals")).to_have_count(0)
