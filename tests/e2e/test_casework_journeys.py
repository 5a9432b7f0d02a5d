"""Casework in the browser: ticking tasks off (and back on) from the case page and the caseload."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Task
from tests.cases.factories import CaseFactory, TaskFactory, UserFactory, unit


def test_tasks_done_and_reopened_from_the_case_page_and_the_caseload(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    case = CaseFactory(unit=unit("golubka"), assigned_to=worker)
    today = timezone.localdate()
    later = TaskFactory(
        case=case, assigned_to=worker, title="Renew the residence permit", due_on=today + timedelta(days=20)
    )
    soon = TaskFactory(case=case, assigned_to=worker, title="Call the school", due_on=today + timedelta(days=1))

    page = new_page(worker, phone=True)
    page.goto(f"/cases/{case.pk}/")
    later_row = page.locator("#tasks li", has_text="Renew the residence permit")
    later_row.get_by_role("button", name="Done").click()
    expect(page.locator("#tasks li", has_text="Renew the residence permit")).to_contain_text("done")
    later.refresh_from_db()
    assert later.done_on == today

    page.locator("#tasks li", has_text="Renew the residence permit").get_by_role("button", name="Reopen").click()
    expect(
        page.locator("#tasks li", has_text="Renew the residence permit").get_by_role("button", name="Done")
    ).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Reopened: Renew the residence permit")
    assert Task.objects.get(pk=later.pk).done_on is None

    page.goto("/")
    page.locator("#my-tasks li", has_text="Call the school").get_by_role("button", name="Done").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # back on the caseload, not the case
    expect(
        page.locator("#my-tasks li", has_text="Call the school").get_by_role("button", name="Reopen")
    ).to_be_visible()
    soon.refresh_from_db()
    assert soon.done_on == today
