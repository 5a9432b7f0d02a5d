from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests.cases.factories import CaseFactory, unit


def status_url(case):
    return reverse("cases:case_status", args=[case.pk])


def close_url(case):
    return reverse("cases:case_close", args=[case.pk])


def test_case_page_shows_only_allowed_transitions(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert golubka_case.number in content
    assert "Move to “On hold”" in content
    assert "Close the case" in content
    assert "Move to “Intake”" not in content


def test_worker_puts_a_case_on_hold_and_back(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    response = client.post(status_url(golubka_case), {"to_status": "on_hold"})
    assert response.status_code == 302
    golubka_case.refresh_from_db()
    assert golubka_case.status == "on_hold"
    assert golubka_case.activities.filter(kind="status", from_status="active", to_status="on_hold").exists()
    client.post(status_url(golubka_case), {"to_status": "active"})
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"


def test_invalid_transition_is_refused_with_a_message(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(status_url(golubka_case), {"to_status": "intake"}, follow=True)
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"
    assert "A case cannot go from “Active” to “Intake”." in response.content.decode()


@pytest.mark.parametrize("value", ["closed", "nonsense", ""])
def test_closing_or_garbage_through_the_status_button_is_refused(as_user, golubka_worker, golubka_case, value):
    response = as_user(golubka_worker).post(status_url(golubka_case), {"to_status": value}, follow=True)
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"
    assert "This status change is not possible." in response.content.decode()


def test_coordinator_closes_with_reason_and_date_then_reopens(as_user, coordinator, golubka_case):
    # A worker's closure waits for the coordinator's approval (tests/cases/test_approvals.py).
    client = as_user(coordinator)
    assert client.get(close_url(golubka_case)).status_code == 200
    day = timezone.localdate()
    response = client.post(close_url(golubka_case), {"closure_reason": "moved_away", "closed_on": day.isoformat()})
    assert response.status_code == 302
    golubka_case.refresh_from_db()
    assert (golubka_case.status, golubka_case.closed_on, golubka_case.closure_reason) == ("closed", day, "moved_away")
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert "Reopen" in page
    client.post(status_url(golubka_case), {"to_status": "active"})
    golubka_case.refresh_from_db()
    assert (golubka_case.status, golubka_case.closed_on, golubka_case.closure_reason) == ("active", None, "")


def test_close_needs_a_reason_and_keeps_the_date(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(close_url(golubka_case), {"closure_reason": "", "closed_on": "2026-02-01"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert 'value="2026-02-01"' in response.content.decode()


def test_close_before_opening_or_in_future_is_refused(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    before = golubka_case.opened_on - timedelta(days=1)
    response = client.post(close_url(golubka_case), {"closure_reason": "other", "closed_on": before.isoformat()})
    assert "A case cannot be closed before the day it was opened." in response.content.decode()
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(close_url(golubka_case), {"closure_reason": "other", "closed_on": future.isoformat()})
    assert "A case cannot be closed in the future." in response.content.decode()
    assert Case.objects.get(pk=golubka_case.pk).status == "active"


def test_manager_reads_but_cannot_change_status(as_user, manager, golubka_case):
    client = as_user(manager)
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert "Close the case" not in page and "Add a note" not in page
    assert client.post(status_url(golubka_case), {"to_status": "on_hold"}).status_code == 403
    assert client.post(close_url(golubka_case), {"closure_reason": "other"}).status_code == 403
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"


def test_other_units_worker_gets_404(as_user, margarita_worker, golubka_case):
    client = as_user(margarita_worker)
    assert client.get(reverse("cases:case_detail", args=[golubka_case.pk])).status_code == 404
    assert client.post(status_url(golubka_case), {"to_status": "on_hold"}).status_code == 404
    assert client.get(close_url(golubka_case)).status_code == 404


def test_unknown_case_is_404(as_user, golubka_worker):
    assert as_user(golubka_worker).get(reverse("cases:case_detail", args=[987654])).status_code == 404


def test_review_date_is_set_and_refused_before_opening(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:case_review", args=[golubka_case.pk])
    day = timezone.localdate() + timedelta(days=10)
    assert client.post(url, {"next_review_on": day.isoformat()}).status_code == 302
    golubka_case.refresh_from_db()
    assert golubka_case.next_review_on == day
    response = client.post(url, {"next_review_on": "2000-01-01"})
    assert response.status_code == 400
    assert "The review cannot be before the case was opened." in response.content.decode()


def test_case_page_query_count_does_not_grow_with_members(as_user, golubka_worker, django_assert_max_num_queries):
    from tests.cases.factories import CaseMemberFactory, NoteFactory

    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    client = as_user(golubka_worker)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(15) as one:
        client.get(url)
    for _ in range(19):
        CaseMemberFactory(case=case)
        NoteFactory(case=case, author=golubka_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
