"""The work that happens on its own: each periodic task is scheduled, and runs in a worker."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from procrastinate.contrib.django import app

from assessments.tasks import assessment_tasks_task
from datachecks.models import DataProblem
from datachecks.tasks import data_checks_task
from notifications.models import Notification
from notifications.tasks import send_daily_digests_task
from privacy.tasks import retention_run_task
from sponsorship.models import Correspondence
from sponsorship.tasks import schedule_yearly_updates_task
from tests.cases.factories import CaseFactory, PersonFactory, TaskFactory, UserFactory
from tests.sponsorship.factories import SponsorshipFactory

# 00:00 UTC on 9 March 2026 is 07:00 in Novosibirsk: the morning of Monday 9 March.
MONDAY_MORNING = int(datetime(2026, 3, 9, 0, 0, tzinfo=UTC).timestamp())


def test_the_digest_retention_checks_and_assessment_tasks_are_scheduled():
    schedules = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert schedules["notifications.send_daily_digests"] == "0 0 * * *"
    assert schedules["privacy.retention_run"] == "0 19 * * *"
    assert schedules["datachecks.data_checks_run"] == "0 20 * * *"
    assert schedules["assessments.schedule_tasks"] == "30 20 * * *"
    assert schedules["sponsorship.schedule_yearly_updates"] == "0 2 1 9 *"


@pytest.mark.django_db(transaction=True)
def test_the_morning_digest_and_the_night_s_checks_run_in_a_worker(run_jobs):
    worker = UserFactory(username="worker_periodic", role="social_worker", units=["golubka"], email="w@maksora.test")
    case = CaseFactory(assigned_to=worker, primary_person=PersonFactory(birth_date=None))
    TaskFactory(case=case, assigned_to=worker, due_on=date(2026, 3, 2))

    for task in (send_daily_digests_task, data_checks_task, assessment_tasks_task, retention_run_task):
        task.defer(timestamp=MONDAY_MORNING)
    run_jobs()

    assert Notification.objects.filter(user=worker, day=date(2026, 3, 9), kind="task_overdue").exists()
    assert [message.to for message in mail.outbox] == [["w@maksora.test"]]
    assert DataProblem.objects.filter(case=case, kind="birth_date", found_on=date(2026, 3, 9)).exists()


@pytest.mark.django_db(transaction=True)
def test_each_september_the_yearly_updates_are_scheduled_once(run_jobs):
    in_force, ended = SponsorshipFactory(), SponsorshipFactory(end=date(2026, 6, 1))
    first_september = int(datetime(2026, 9, 1, 2, 0, tzinfo=UTC).timestamp())

    schedule_yearly_updates_task.defer(timestamp=first_september)
    run_jobs()
    schedule_yearly_updates_task.defer(timestamp=first_september + 60)
    run_jobs()

    updates = Correspondence.objects.filter(kind="yearly_update")
    assert list(updates.values_list("sponsorship", "due_on")) == [(in_force.pk, date(2026, 11, 30))]
    assert ended.pk not in updates.values_list("sponsorship", flat=True)
