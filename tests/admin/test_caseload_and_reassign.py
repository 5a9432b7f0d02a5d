"""Caseload review numbers and the bulk reassign action (through cases.services.case_reassign)."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.admin import caseload_review
from cases.models import Case, CaseActivity
from tests.cases.factories import CaseFactory, NoteFactory, TaskFactory, UserFactory, unit

pytestmark = pytest.mark.django_db
CASELOAD = reverse("admin:cases_case_caseload")
CHANGELIST = reverse("admin:cases_case_changelist")


@pytest.fixture
def caseload(golubka_worker, margarita_worker, local_worker):
    today = timezone.localdate()
    golubka = unit("golubka")
    recent = CaseFactory(unit=golubka, assigned_to=golubka_worker, opened_on=today - timedelta(days=100))
    NoteFactory(case=recent, author=golubka_worker, date=today - timedelta(days=3))
    quiet = CaseFactory(
        unit=golubka, assigned_to=golubka_worker, opened_on=today - timedelta(days=100),
        next_review_on=today - timedelta(days=1),
    )  # fmt: skip
    NoteFactory(case=quiet, author=golubka_worker, date=today - timedelta(days=45))
    CaseFactory(
        unit=golubka, assigned_to=golubka_worker, status="closed", closure_reason="other",
        opened_on=today - timedelta(days=300), closed_on=today - timedelta(days=200),
    )  # fmt: skip
    TaskFactory(case=recent, assigned_to=golubka_worker, due_on=today - timedelta(days=2))
    TaskFactory(case=recent, assigned_to=golubka_worker, due_on=today + timedelta(days=2))
    TaskFactory(case=recent, assigned_to=golubka_worker, due_on=today - timedelta(days=9), done_on=today)
    CaseFactory(unit=unit("margarita"), assigned_to=margarita_worker)
    CaseFactory(unit=unit("local"), assigned_to=local_worker, opened_on=today - timedelta(days=5))
    return recent, quiet


def test_caseload_numbers_per_worker(coordinator, caseload, golubka_worker):
    rows = {user.username: user for user in caseload_review(coordinator)}
    assert set(rows) == {"golubka_worker", "local_worker", "coordinator"}
    worker = rows["golubka_worker"]
    assert (worker.active_cases, worker.quiet_cases, worker.overdue_tasks, worker.overdue_reviews) == (2, 1, 1, 1)
    local = rows["local_worker"]
    assert (local.active_cases, local.quiet_cases, local.overdue_tasks, local.overdue_reviews) == (1, 1, 0, 0)


def test_caseload_days_come_from_the_querystring(client, coordinator, caseload):
    client.force_login(coordinator)
    response = client.get(CASELOAD, {"days": 60})
    assert response.status_code == 200
    rows = {user.username: user for user in response.context["rows"]}
    assert rows["golubka_worker"].quiet_cases == 0
    assert "margarita_worker" not in response.content.decode()
    assert client.get(CASELOAD, {"days": "abc"}).context["days"] == 30


def test_caseload_is_one_query(coordinator, caseload):
    access_warmup = list(caseload_review(coordinator))
    assert access_warmup
    with CaptureQueriesContext(connection) as queries:
        list(caseload_review(coordinator))
    assert len(queries) == 1


def test_caseload_denied_to_site_admin(client, site_admin):
    client.force_login(site_admin)
    assert client.get(CASELOAD).status_code == 403


def _action(client, cases, **extra):
    data = {"action": "reassign_selected", ACTION_CHECKBOX_NAME: [c.pk for c in cases], **extra}
    return client.post(CHANGELIST, data)


def test_bulk_reassign_asks_for_the_worker_then_uses_the_service(client, coordinator, caseload, golubka_worker):
    other = UserFactory(username="second_golubka", role="social_worker", units=["golubka"])
    client.force_login(coordinator)
    page = _action(client, caseload)
    assert page.status_code == 200
    assert (
        list(page.context["form"].fields["to_user"].queryset.values_list("username", flat=True)).count(
            "margarita_worker"
        )
        == 0
    )
    done = _action(client, caseload, apply="1", to_user=other.pk)
    assert done.status_code == 302
    assert set(Case.objects.filter(pk__in=[c.pk for c in caseload]).values_list("assigned_to", flat=True)) == {other.pk}
    activities = CaseActivity.objects.filter(case__in=caseload, kind="reassigned")
    assert activities.count() == 2
    assert all(a.actor == coordinator for a in activities)
    assert all(c.version == 2 for c in Case.objects.filter(pk__in=[c.pk for c in caseload]))
    if _history_triggers_installed():
        from cases.models import CaseEvent

        assert CaseEvent.objects.filter(pgh_obj__in=caseload, assigned_to=other).count() == 2


def _history_triggers_installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'cases_case'::regclass AND NOT tgisinternal")
        return cursor.fetchone()[0] > 0


def test_bulk_reassign_refuses_a_worker_of_another_unit(client, coordinator, caseload, margarita_worker):
    client.force_login(coordinator)
    response = _action(client, caseload, apply="1", to_user=margarita_worker.pk)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Case.objects.filter(assigned_to=margarita_worker, unit__code="golubka").exists()


def test_manager_has_no_reassign_action(client, manager, caseload):
    client.force_login(manager)
    response = client.get(CHANGELIST)
    assert "reassign_selected" not in response.content.decode()


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "url_name",
    ["admin:cases_case_changelist", "admin:cases_person_changelist", "admin:cases_note_changelist",
     "admin:cases_task_changelist"],
)  # fmt: skip
def test_changelist_query_count_is_the_same_at_1_and_20_rows(client, coordinator, golubka_worker, url_name):
    def add_case():
        case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
        NoteFactory(case=case, author=golubka_worker)
        TaskFactory(case=case, assigned_to=golubka_worker)

    client.force_login(coordinator)
    add_case()
    url = reverse(url_name)
    client.get(url)  # warm-up: session, content types
    one, rows_one = _changelist_queries(client, url)
    for _ in range(19):
        add_case()
    twenty, rows_twenty = _changelist_queries(client, url)
    assert rows_one == 1 and rows_twenty == 20
    assert one == twenty
    assert one <= 12


def test_sponsorship_changelists_query_count_is_the_same_at_1_and_20_rows(client, sponsorship_officer):
    from datetime import date

    from tests.reports import factories as f

    def add_sponsorship():
        sponsorship = f.sponsorship(f.child(enrolled_on=date(2024, 1, 1)), f.sponsor(), date(2024, 1, 1))
        f.contribution(sponsorship, "30.00", date(2025, 1, 10))

    client.force_login(sponsorship_officer)
    add_sponsorship()
    counts = {}
    for url_name in ("admin:sponsorship_sponsorship_changelist", "admin:sponsorship_contribution_changelist"):
        client.get(reverse(url_name))
        counts[url_name] = [_changelist_queries(client, reverse(url_name))]
    for _ in range(19):
        add_sponsorship()
    for url_name, measured in counts.items():
        measured.append(_changelist_queries(client, reverse(url_name)))
        (one, rows_one), (twenty, rows_twenty) = measured
        assert (rows_one, rows_twenty) == (1, 20)
        assert one == twenty, url_name


def test_reassigning_to_the_current_worker_changes_nothing_and_says_so(client, coordinator, caseload, golubka_worker):
    client.force_login(coordinator)
    response = _action(client, caseload, apply="1", to_user=golubka_worker.pk)
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    numbers = ", ".join(case.number for case in caseload)
    assert shown == [f"2 cases are already assigned to {golubka_worker.get_full_name()}: {numbers}."]
    assert not CaseActivity.objects.filter(case__in=caseload, kind="reassigned").exists()
    assert all(c.version == 1 for c in Case.objects.filter(pk__in=[c.pk for c in caseload]))


def test_only_real_transfers_are_counted(client, coordinator, caseload, golubka_worker):
    recent, quiet = caseload
    other = UserFactory(username="second_golubka", role="social_worker", units=["golubka"])
    Case.objects.filter(pk=quiet.pk).update(assigned_to=other)
    client.force_login(coordinator)
    response = _action(client, caseload, apply="1", to_user=other.pk)
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        "1 case reassigned.",
        f"Case {quiet.number} is already assigned to {other.get_full_name()}.",
    ]
    assert CaseActivity.objects.filter(kind="reassigned").get().case_id == recent.pk
