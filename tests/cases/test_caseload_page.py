"""The caseload review on the site: coordinators see cases per worker and reassign them."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseActivity
from tests.cases.factories import CaseFactory, NoteFactory, UserFactory, unit

CASELOAD = reverse("cases:caseload")


def test_coordinator_sees_cases_per_worker_of_her_units(as_user, coordinator, golubka_worker, margarita_worker):
    CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    hidden = CaseFactory(unit=unit("margarita"), assigned_to=margarita_worker)
    response = as_user(coordinator).get(CASELOAD)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-worker="golubka_worker"' in content and 'data-worker="margarita_worker"' not in content
    assert hidden.number not in content


def test_filters_narrow_the_cases(as_user, coordinator, golubka_worker):
    today = timezone.localdate()
    quiet = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, next_review_on=today - timedelta(days=1))
    busy = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    NoteFactory(case=busy, author=golubka_worker, date=today)
    local = CaseFactory(unit=unit("local"), assigned_to=coordinator)
    client = as_user(coordinator)
    content = client.get(CASELOAD, {"quiet": "on", "days": "10"}).content.decode()
    assert quiet.number in content and busy.number not in content
    content = client.get(CASELOAD, {"review_overdue": "on"}).content.decode()
    assert quiet.number in content and busy.number not in content
    content = client.get(CASELOAD, {"unit": "local"}).content.decode()
    assert local.number in content and quiet.number not in content
    content = client.get(CASELOAD, {"worker": golubka_worker.pk}).content.decode()
    assert local.number not in content and busy.number in content


def test_bad_filter_values_do_not_break_the_page(as_user, coordinator):
    response = as_user(coordinator).get(CASELOAD, {"days": "x", "unit": "margarita", "worker": "nobody"})
    assert response.status_code == 200


def test_coordinator_reassigns_selected_cases_through_the_service(as_user, coordinator, golubka_worker):
    other = UserFactory(role="social_worker", units=["golubka"], first_name="Ирина", last_name="Лесная")
    first = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    second = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    response = as_user(coordinator).post(CASELOAD, {"case": [first.pk, second.pk], "to_user": other.pk}, follow=True)
    assert response.status_code == 200 and "2 cases reassigned." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.assigned_to == second.assigned_to == other
    assert CaseActivity.objects.filter(case=first, kind="reassigned").exists()


def test_reassigning_without_cases_or_to_an_outsider_is_refused(as_user, coordinator, golubka_worker, margarita_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    client = as_user(coordinator)
    response = client.post(CASELOAD, {"to_user": golubka_worker.pk})
    assert response.status_code == 400 and "Select at least one case." in response.content.decode()
    response = client.post(CASELOAD, {"case": [case.pk], "to_user": margarita_worker.pk})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assigned_to == golubka_worker


def test_another_unit_s_case_cannot_be_reassigned_from_the_page(as_user, coordinator, golubka_worker, margarita_case):
    as_user(coordinator).post(CASELOAD, {"case": [margarita_case.pk], "to_user": golubka_worker.pk})
    margarita_case.refresh_from_db()
    assert margarita_case.assigned_to != golubka_worker


def test_workers_managers_and_sponsorship_staff_are_refused(as_user, golubka_worker, manager, sponsorship_officer):
    for user in (golubka_worker, manager, sponsorship_officer):
        assert as_user(user).get(CASELOAD).status_code == 403


def test_caseload_query_count_does_not_grow(as_user, coordinator, golubka_worker):
    client = as_user(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CASELOAD).status_code == 200
        return len(captured)

    CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    small = count()
    for _ in range(15):
        CaseFactory(unit=unit("golubka"), assigned_to=UserFactory(role="social_worker", units=["golubka"]))
    assert count() == small
