"""The Django admin works under the strict Content-Security-Policy (the listener in conftest fails on violations)."""

import re

from playwright.sync_api import expect

from tests.cases.factories import CaseFactory, NoteFactory, UserFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, house


def test_coordinator_uses_changelist_change_form_and_autocomplete_without_violations(new_page):
    coordinator = UserFactory(username="coordinator", role="coordinator", units=["golubka", "local"])
    case = CaseFactory(unit=unit("golubka"))
    BedFactory(room=RoomFactory(house=house("golubka"), name="A"), label="A1")
    NoteFactory(case=case, author=coordinator)
    page = new_page(coordinator)

    page.goto("/admin/cases/note/")  # read-only here, but listed with its filters
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#changelist-filter").get_by_role("link").first.click()  # filters.js runs

    page.goto("/admin/shelters/bedoutofservice/add/")  # configuration is still edited in the admin
    expect(page.locator("#bedoutofservice_form")).to_be_visible()
    page.locator(".select2-selection").first.click()  # the bed autocomplete (select2)
    page.locator(".select2-search__field").fill("A1")
    expect(page.locator(".select2-results__option").first).to_contain_text("A1")
    page.keyboard.press("Escape")

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_inline_script_is_refused_and_reported(new_page, csp_violations):
    golubka_worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    page = new_page(golubka_worker)
    page.goto("/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
                  "document.body.appendChild(s); }")  # fmt: skip
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.x") is None
    assert any("Content Security Policy" in message for message in csp_violations)
    csp_violations.clear()  # seen and expected: the listener itself is what this test checks
