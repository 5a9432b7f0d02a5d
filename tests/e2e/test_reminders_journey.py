"""Reminders in the browser: the bell's count, the list, following one, marking the rest read."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from notifications.digest import send_daily_digests
from tests.cases.factories import CaseFactory, NoteFactory, TaskFactory, UserFactory, unit


def test_worker_follows_a_reminder_from_the_bell_and_marks_the_rest_read(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    today = timezone.localdate()
    case = CaseFactory(unit=unit("golubka"), assigned_to=worker, opened_on=today - timedelta(days=60))
    NoteFactory(case=case, author=worker, date=today - timedelta(days=31))
    TaskFactory(case=case, assigned_to=worker, title="Call the school", due_on=today - timedelta(days=2))
    send_daily_digests(today=today)

    page = new_page(worker, phone=True)
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#unread-count")).to_contain_text("3")
    page.get_by_role("link", name=re.compile("^Reminders")).click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Overdue task “Call the school”")).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".alert")).to_contain_text("All reminders marked as read.")
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#reminders-link")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_count(0)
