"""Each role's home page: what it shows first, what it never shows, and its query count."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.caseload import caseload_review
from cases.models import Consent, Restriction
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, TaskFactory, UserFactory, unit
from tests.shelters.factories import StayFactory, house
from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorshipFactory,
)

MAX_HOME_QUERIES = 15


def queries_of(client, url="/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# --- worker ----------------------------------------------------------------------------


def worker_data(worker, n):
    today = timezone.localdate()
    for i in range(n):
        case = CaseFactory(unit=unit("golubka"), assigned_to=worker, next_review_on=today)
        TaskFactory(case=case, assigned_to=worker, title=f"Task {i}", due_on=today - timedelta(days=1))
        NoteFactory(case=case, author=worker, text=f"Note {i}")


def test_worker_home_shows_her_work_and_her_role_by_name(as_user, golubka_worker):
    worker_data(golubka_worker, 1)
    _, content = queries_of(as_user(golubka_worker))
    assert "Social worker" in content and "social_worker" not in content
    assert 'id="my-tasks"' in content and "Task 0" in content and "overdue" in content
    assert 'id="reviews-due"' in content and "Note 0" in content


def test_worker_home_role_is_in_russian(ru_client, golubka_worker):
    ru_client.force_login(golubka_worker)
    content = ru_client.get("/").content.decode()
    assert "Социальный работник" in content and "social_worker" not in content


def test_worker_home_lists_notes_she_wrote_on_a_colleague_s_case(as_user, golubka_worker):
    colleague = UserFactory(role="social_worker", units=["golubka"])
    case = CaseFactory(unit=unit("golubka"), assigned_to=colleague)
    NoteFactory(case=case, author=golubka_worker, text="Covered the visit")
    NoteFactory(case=case, author=colleague, text="Not mine at all")
    _, content = queries_of(as_user(golubka_worker))
    assert "Covered the visit" in content and "Not mine at all" not in content


def test_worker_home_query_count_does_not_grow(as_user, golubka_worker):
    client = as_user(golubka_worker)
    worker_data(golubka_worker, 1)
    small, _ = queries_of(client)
    worker_data(golubka_worker, 12)
    large, _ = queries_of(client)
    assert small == large <= MAX_HOME_QUERIES


# --- coordinator -----------------------------------------------------------------------


def coordinator_data(n, *, sentinel=False):
    today = timezone.localdate()
    worker = UserFactory(role="social_worker", units=["golubka"], first_name="Ольга", last_name="Ветрова")
    for i in range(n):
        stay = StayFactory(house=house("golubka"), period=DateRange(today - timedelta(days=5), None, "[)"))
        stay.case.assigned_to = worker
        stay.case.next_review_on = today - timedelta(days=2)
        stay.case.save()
        TaskFactory(case=stay.case, assigned_to=worker, title=f"Overdue {i}", due_on=today - timedelta(days=3))
        if i % 2:
            Consent.objects.create(person=stay.person, purpose="data_processing", given_on=today - timedelta(days=1))
    if sentinel:
        CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Сентинелова", given_name="Ада"))
    return worker


def test_coordinator_home_shows_her_units_at_a_glance(as_user, coordinator):
    coordinator_data(2, sentinel=True)
    _, content = queries_of(as_user(coordinator))
    assert "Coordinator" in content and "coordinator</span>" not in content
    assert "data-worker=" in content and "Ветрова Ольга" in content or "Ольга Ветрова" in content
    assert "Overdue 0" in content and 'id="occupancy"' in content and "2 of 2 beds" in content
    assert 'id="consents-pending-count">1<' in content
    assert "/cases/caseload/" in content
    assert "Сентинелова" not in content


def test_coordinator_home_counts_a_case_nobody_carries(as_user, coordinator):
    CaseFactory(unit=unit("local"), assigned_to=None, next_review_on=timezone.localdate() - timedelta(days=1))
    _, content = queries_of(as_user(coordinator))
    assert 'id="total-active"><div class="card-body"><div class="fs-3 fw-semibold">1<' in content
    assert 'id="total-reviews"><div class="card-body"><div class="fs-3 fw-semibold">1<' in content


def test_coordinator_home_counts_a_restricted_case_in_its_worker_s_row_but_not_in_her_totals(as_user, coordinator):
    today = timezone.localdate()
    worker = UserFactory(role="social_worker", units=["golubka"], last_name="Ветрова")
    seen, restricted = (
        CaseFactory(unit=unit("golubka"), assigned_to=worker, next_review_on=today - timedelta(days=1))
        for _ in range(2)
    )
    for case in (seen, restricted):
        TaskFactory(case=case, assigned_to=worker, title=f"Task of {case.number}", due_on=today - timedelta(days=1))
    Restriction.objects.create(person=restricted.primary_person, reason="safety")
    client = as_user(coordinator)
    content = client.get("/").content.decode()
    assert 'id="total-active"><div class="card-body"><div class="fs-3 fw-semibold">1<' in content
    assert 'id="total-reviews"><div class="card-body"><div class="fs-3 fw-semibold">1<' in content
    assert 'id="total-tasks"><div class="card-body"><div class="fs-3 fw-semibold">1<' in content
    assert f"Task of {seen.number}" in content and f"Task of {restricted.number}" not in content
    (row,) = [row for row in client.get("/").context["rows"] if row.pk == worker.pk]
    assert (row.active_cases, row.overdue_reviews, row.overdue_tasks) == (2, 2, 2)


def test_coordinator_home_rows_are_the_caseload_review_s(as_user, coordinator):
    today = timezone.localdate()
    worker, colleague = (UserFactory(role="social_worker", units=["golubka", "local"]) for _ in range(2))
    gone = UserFactory(role="social_worker", units=["golubka"], is_active=False)
    for assignee, case_unit, status in [
        (worker, "golubka", "active"),
        (worker, "local", "on_hold"),
        (worker, "margarita", "active"),
        (colleague, "golubka", "intake"),
        (gone, "golubka", "active"),
        (None, "local", "active"),
    ]:
        case = CaseFactory(unit=unit(case_unit), assigned_to=assignee, status=status, next_review_on=today)
        TaskFactory(case=case, assigned_to=assignee or worker, due_on=today - timedelta(days=2))
    noted = CaseFactory(unit=unit("golubka"), assigned_to=colleague, consent_due_on=today - timedelta(days=1))
    NoteFactory(case=noted, date=today)
    closed = CaseFactory(unit=unit("golubka"), assigned_to=worker, status="closed", closed_on=today)
    TaskFactory(case=closed, assigned_to=worker, due_on=today - timedelta(days=1))
    Restriction.objects.create(person=noted.primary_person, reason="safety")

    rows = as_user(coordinator).get("/").context["rows"]
    names = ("active_cases", "quiet_cases", "overdue_tasks", "overdue_reviews", "overdue_consents")
    review = caseload_review(coordinator, today=today, unit_codes={"golubka", "local"})
    assert [(row.pk, *(getattr(row, n) for n in names)) for row in rows] == [
        (row.pk, *(getattr(row, n) for n in names)) for row in review
    ]
    assert {row.pk: row.active_cases for row in rows}[worker.pk] == 2


def test_coordinator_home_has_no_house_she_does_not_coordinate(as_user, coordinator):
    StayFactory(house=house("margarita"), period=DateRange(timezone.localdate(), None, "[)"))
    _, content = queries_of(as_user(coordinator))
    assert str(house("margarita")) not in content


def test_coordinator_home_query_count_does_not_grow(as_user, coordinator):
    client = as_user(coordinator)
    coordinator_data(1)
    small, _ = queries_of(client)
    coordinator_data(10)
    large, _ = queries_of(client)
    assert small == large <= MAX_HOME_QUERIES


# --- sponsorship officer ---------------------------------------------------------------


def sponsorship_data(n):
    today = timezone.localdate()
    for _ in range(n):
        sponsorship = SponsorshipFactory(start=today - timedelta(days=400))
        CorrespondenceFactory(sponsorship=sponsorship, due_on=today + timedelta(days=10))
        ContributionFactory(sponsorship=sponsorship, amount=Decimal("100.00"), received_on=today.replace(day=1))
        SponsoredChildFactory(enrolled_on=today - timedelta(days=30))


def test_sponsorship_home_shows_updates_awaiting_children_and_contributions(as_user, sponsorship_officer):
    sponsorship_data(2)
    shelter_only = StayFactory(person=PersonFactory(family_name="Приютова", given_name="Нина"))
    _, content = queries_of(as_user(sponsorship_officer))
    assert "Sponsorship officer" in content
    assert 'id="figure-updates"' in content and ">2<" in content
    assert 'id="awaiting"' in content and "200.00 €" in content
    assert shelter_only.person.family_name not in content


def test_sponsorship_home_leaves_a_restricted_child_out_of_those_awaiting_a_sponsor(as_user, sponsorship_officer):
    today = timezone.localdate()
    SponsoredChildFactory(enrolled_on=today - timedelta(days=30), person__family_name="Ждущая")
    hidden = SponsoredChildFactory(enrolled_on=today - timedelta(days=20), person__family_name="Скрытая")
    Restriction.objects.create(person=hidden.person, reason="безопасность")
    sponsored = SponsoredChildFactory(enrolled_on=today - timedelta(days=10), person__family_name="Спонсируемая")
    SponsorshipFactory(child=sponsored, start=today - timedelta(days=5))
    response = as_user(sponsorship_officer).get("/")
    content = response.content.decode()
    assert "Ждущая" in content
    assert "Скрытая" not in content and "Спонсируемая" not in content
    assert response.context["awaiting_count"] == 1


def test_sponsorship_home_query_count_does_not_grow(as_user, sponsorship_officer):
    client = as_user(sponsorship_officer)
    sponsorship_data(1)
    small, _ = queries_of(client)
    sponsorship_data(8)
    large, _ = queries_of(client)
    assert small == large <= MAX_HOME_QUERIES


# --- manager ---------------------------------------------------------------------------


def manager_data(n):
    today = timezone.localdate()
    for _ in range(n):
        CaseFactory(unit=unit("local"), opened_on=date(today.year, 1, 1))
        CaseFactory(
            unit=unit("local"),
            opened_on=date(today.year - 1, 1, 1),
            closed_on=date(today.year - 1, 1, 2),
            status="closed",
        )


def test_manager_home_compares_this_year_with_last_and_draws_charts(as_user, manager):
    manager_data(3)
    _, content = queries_of(as_user(manager))
    assert "Manager" in content and 'id="headlines"' in content
    assert 'data-figure="people_served"' in content
    assert 'id="headline-chart-data"' in content and "chart.umd.min.js" in content and "home_charts.js" in content
    assert "<script>" not in content


def test_manager_home_query_count_does_not_grow(as_user, manager):
    client = as_user(manager)
    manager_data(1)
    small, _ = queries_of(client)
    manager_data(10)
    cache.clear()  # the headlines computed again, over more data
    large, _ = queries_of(client)
    assert small == large <= MAX_HOME_QUERIES


def test_manager_home_keeps_its_headlines_a_quarter_of_an_hour(as_user, manager):
    client = as_user(manager)
    manager_data(1)
    first, content = queries_of(client)
    assert 'id="headlines-as-of"' in content
    manager_data(3)
    kept, content = queries_of(client)
    assert kept < first  # read, not computed again
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        renewed, _ = queries_of(client)
    assert renewed > kept  # computed again


# --- others ----------------------------------------------------------------------------


def test_administrator_home_lists_her_sections_without_case_content(as_user, site_admin):
    golubka_case = CaseFactory(unit=unit("golubka"))
    _, content = queries_of(as_user(site_admin))
    assert "Administrator" in content and golubka_case.number not in content
    assert 'id="top-search"' not in content


def test_account_without_a_role_is_refused(as_user, outsider):
    assert as_user(outsider).get("/").status_code == 403


@pytest.mark.parametrize("role", ["golubka_worker", "coordinator", "manager", "sponsorship_officer"])
def test_every_role_has_the_search_box(as_user, request, role):
    _, content = queries_of(as_user(request.getfixturevalue(role)))
    assert 'id="top-search"' in content and 'for="top-search-q"' in content
