"""The reminders page, the count in the top bar, opening and marking reminders read."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Restriction
from notifications.digest import send_daily_digests
from notifications.models import Notification
from tests.cases.factories import CaseFactory, TaskFactory, unit
from tests.notifications.conftest import MONDAY, TUESDAY, at_morning


@pytest.fixture
def sent(monday, week):
    send_daily_digests(today=MONDAY)
    return week


def _notification(user, key):
    return Notification.objects.get(user=user, key=key)


def test_page_lists_todays_reminders_with_links_to_the_records(sent, client, golubka_worker):
    client.force_login(golubka_worker)

    page = client.get(reverse("notifications:list")).content.decode()

    assert "Overdue task “Позвонить в школу” in case" in page
    assert f"No note in case {sent['quiet'].number} since 06.02.2026" in page
    assert "Today" in page
    overdue = _notification(golubka_worker, f"task_overdue:{sent['overdue'].pk}:2026-03-05")
    assert reverse("notifications:open", args=[overdue.pk]) in page


def test_todays_digest_comes_before_yesterdays(sent, client, golubka_worker):
    TaskFactory(case=sent["recent"], assigned_to=golubka_worker, title="Новая задача", due_on=date(2026, 3, 11))
    with at_morning(TUESDAY):
        send_daily_digests(today=TUESDAY)
        client.force_login(golubka_worker)
        page = client.get(reverse("notifications:list")).content.decode()

    assert page.index("Новая задача") < page.index("09.03.2026")


def test_top_bar_shows_the_unread_count_with_one_query(sent, client, golubka_worker):
    client.force_login(golubka_worker)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()

    assert '<span class="badge rounded-pill text-bg-warning" id="unread-count">3' in page
    assert len([q for q in queries.captured_queries if "notifications_notification" in q["sql"]]) == 1


def test_top_bar_count_follows_her_units_and_restrictions_from_one_page_to_the_next(sent, client, golubka_worker):
    """The count's statement is kept between pages for who she is; what it reads is read afresh."""
    from maksora.models import Unit

    client.force_login(golubka_worker)
    badge = '<span class="badge rounded-pill text-bg-warning" id="unread-count">'
    assert badge + "3" in client.get(reverse("home")).content.decode()

    Restriction.objects.create(person=sent["quiet"].primary_person, reason="безопасность")
    assert badge + "2" in client.get(reverse("home")).content.decode()

    golubka_worker.units.set([Unit.objects.get(code="margarita")])
    page = client.get(reverse("home")).content.decode()
    assert 'id="reminders-link"' in page and badge not in page


def test_top_bar_has_no_count_when_all_is_read(monday, cast_emails, client, local_worker):
    client.force_login(local_worker)

    page = client.get(reverse("home")).content.decode()

    assert 'id="reminders-link"' in page and 'id="unread-count"' not in page


def test_list_reads_the_database_the_same_number_of_times_for_1_and_20_reminders(
    monday, client, golubka_worker, django_assert_max_num_queries
):
    def remind(n):
        for _ in range(n):
            task = TaskFactory(case=CaseFactory(unit=unit("golubka")), assigned_to=golubka_worker, due_on=MONDAY)
            Notification.objects.create(
                user=golubka_worker,
                day=MONDAY,
                key=f"task_due:{task.pk}:2026-03-09",
                kind="task_due",
                params={"title": "t", "case": task.case.number, "due_on": "2026-03-09"},
                case=task.case,
            )
        Notification.objects.create(
            user=golubka_worker,
            day=MONDAY,
            key=f"consent_missing:{task.case.primary_person.pk}:{n}",
            kind="consent_missing",
            params={"case": task.case.number},
            case=task.case,
            person=task.case.primary_person,
        )

    client.force_login(golubka_worker)
    remind(1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse("notifications:list")).status_code == 200
    remind(19)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_consent_reminder_names_the_person_on_the_site_only_while_she_may_be_read(monday, client, golubka_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    case.notes.create(date=date(2026, 3, 1), kind="meeting", text="…", author=golubka_worker)
    send_daily_digests(today=MONDAY)
    client.force_login(golubka_worker)
    name = case.primary_person.full_name

    assert name in client.get(reverse("notifications:list")).content.decode()

    Restriction.objects.create(person=case.primary_person, reason="безопасность")
    page = client.get(reverse("notifications:list")).content.decode()
    assert name not in page and case.number not in page


def test_opening_a_reminder_marks_it_read_and_goes_to_the_record(sent, client, golubka_worker):
    overdue = _notification(golubka_worker, f"task_overdue:{sent['overdue'].pk}:2026-03-05")
    client.force_login(golubka_worker)

    response = client.get(reverse("notifications:open", args=[overdue.pk]))

    assert response.status_code == 302 and response.url == reverse("cases:case_detail", args=[sent["recent"].pk])
    overdue.refresh_from_db()
    assert overdue.read_at is not None


def test_mark_read_and_mark_all_read(sent, client, golubka_worker):
    client.force_login(golubka_worker)
    first = Notification.objects.filter(user=golubka_worker).first()

    assert client.post(reverse("notifications:mark_read", args=[first.pk])).status_code == 302
    assert Notification.objects.filter(user=golubka_worker).unread().count() == 2
    assert client.get(reverse("notifications:mark_read", args=[first.pk])).status_code == 405

    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=golubka_worker).unread().exists()
    assert Notification.objects.filter(user__username="margarita_worker").unread().count() == 2


@pytest.mark.parametrize("view", ["notifications:open", "notifications:mark_read"])
def test_another_users_reminder_answers_404(sent, client, golubka_worker, margarita_worker, view):
    hers = Notification.objects.filter(user=margarita_worker).first()
    client.force_login(golubka_worker)

    assert client.post(reverse(view, args=[hers.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[hers.pk])).status_code == 404
    hers.refresh_from_db()
    assert hers.read_at is None


def test_a_reminder_of_a_case_no_longer_in_her_scope_answers_404(sent, client, golubka_worker):
    overdue = _notification(golubka_worker, f"task_overdue:{sent['overdue'].pk}:2026-03-05")
    golubka_worker.units.set([unit("local")])
    client.force_login(golubka_worker)

    assert client.get(reverse("notifications:open", args=[overdue.pk])).status_code == 404
    assert sent["recent"].number not in client.get(reverse("notifications:list")).content.decode()


def test_account_without_a_role_is_refused_the_reminders(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("notifications:list")).status_code == 403
