"""The case page's timeline, a page at a time: every entry once, newest first, whatever the case's age."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.case_page import TIMELINE_PAGE_SIZE
from cases.models import CaseActivity, GoalUpdate
from tests.cases.factories import GoalFactory, NoteFactory, UserFactory

FIRST_DAY = date(2024, 1, 1)


def timeline_texts(client, case, page=None) -> list[str]:
    query = {} if page is None else {"page": page}
    response = client.get(reverse("cases:case_detail", args=[case.pk]), query)
    assert response.status_code == 200
    content = response.content.decode()
    timeline = content[content.index('id="timeline"') :]
    return re.findall(r"entry-(\d{3})", timeline)


def notes(case, author, days: range, *, confidential=False, prefix="entry"):
    for n in days:
        NoteFactory(
            case=case,
            author=author,
            date=FIRST_DAY + timedelta(days=n),
            text=f"{prefix}-{n:03d}",
            confidential=confidential,
        )


@pytest.fixture
def long_case(golubka_case, golubka_worker):
    """Sixty entries, one a day: notes, status activities and goal progress interleaved."""
    goal = GoalFactory(case=golubka_case)
    for n in range(60):
        day = FIRST_DAY + timedelta(days=n)
        if n % 3 == 0:
            NoteFactory(case=golubka_case, author=golubka_worker, date=day, text=f"entry-{n:03d}")
        elif n % 3 == 1:
            activity = CaseActivity.objects.create(case=golubka_case, kind="note", summary=f"entry-{n:03d}")
            noon = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))
            CaseActivity.objects.filter(pk=activity.pk).update(happened_at=noon)
        else:
            GoalUpdate.objects.create(
                goal=goal, date=day, text=f"entry-{n:03d}", status="in_progress", author=golubka_worker
            )
    return golubka_case


def test_the_first_page_shows_the_newest_entries_and_a_link_to_older_ones(as_user, golubka_worker, long_case):
    client = as_user(golubka_worker)
    response = client.get(reverse("cases:case_detail", args=[long_case.pk]))
    texts = timeline_texts(client, long_case)
    assert texts == [f"{n:03d}" for n in range(59, 59 - TIMELINE_PAGE_SIZE, -1)]
    assert "?page=2" in response.content.decode()


def test_the_pages_together_hold_every_entry_once_in_order(as_user, golubka_worker, long_case):
    client = as_user(golubka_worker)
    pages = [timeline_texts(client, long_case, page) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [25, 25, 10]
    assert sum(pages, []) == [f"{n:03d}" for n in range(59, -1, -1)]


def test_a_page_past_the_end_shows_the_last_one(as_user, golubka_worker, long_case):
    client = as_user(golubka_worker)
    assert timeline_texts(client, long_case, 99) == timeline_texts(client, long_case, 3)


@pytest.mark.parametrize("page", ["abc", "0", "-2", "1.5", "٣", "9" * 40])
def test_a_bad_page_number_is_no_error(as_user, golubka_worker, long_case, page):
    client = as_user(golubka_worker)
    texts = timeline_texts(client, long_case, page)
    assert texts in (timeline_texts(client, long_case, 1), timeline_texts(client, long_case, 3))


def test_someone_else_s_confidential_notes_are_on_no_page(as_user, golubka_worker, golubka_case):
    notes(golubka_case, golubka_worker, range(0, 40))
    notes(golubka_case, UserFactory(), range(40, 50), confidential=True, prefix="secret")
    client = as_user(golubka_worker)
    pages = [timeline_texts(client, golubka_case, page) for page in (1, 2)]
    assert sum(pages, []) == [f"{n:03d}" for n in range(39, -1, -1)]
    content = client.get(reverse("cases:case_detail", args=[golubka_case.pk]), {"page": 1}).content.decode()
    assert "secret-" not in content


def test_the_page_reads_as_many_rows_after_years_of_notes(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)

    def case_page():
        with CaptureQueriesContext(connection) as captured:
            texts = timeline_texts(client, golubka_case)
        return len(captured), len(texts)

    notes(golubka_case, golubka_worker, range(0, 10))
    queries, shown = case_page()
    assert shown == 10
    notes(golubka_case, golubka_worker, range(10, 300))
    assert case_page() == (queries, TIMELINE_PAGE_SIZE)
    with connection.cursor() as cursor:
        # The notes column of the case's query holds one page and the row that tells another follows.
        cursor.execute(captured_case_query(client, golubka_case))
        assert len(cursor.fetchone()[0]) == TIMELINE_PAGE_SIZE + 1


def captured_case_query(client, case) -> str:
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("cases:case_detail", args=[case.pk]))
    query = next(q["sql"] for q in captured.captured_queries if '"page_notes"' in q["sql"])
    return f'SELECT "page_notes" FROM ({query}) AS case_page'
