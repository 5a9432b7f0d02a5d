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
from tests.cases.factories import CaseFactory, PersonFactory, TaskFactory, UserFactory

# 00:00 UTC on 9 March 2026 is 07:00 in Novosibirsk: the morning of Monday 9 March.
MONDAY_MORNING = int(datetime(2026, 3, 9, 0, 0, tzinfo=UTC).timestamp())


def test_the_digest_retention_checks_and_assessment_tasks_are_scheduled():
    schedules = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert schedules["notifications.send_daily_digests"] == "0 0 * * *"
    assert schedules["privacy.retention_run"] == "0 19 * * *"
    assert schedules["datachecks.data_checks_run"] == "0 20 * * *"
    assert schedules["assessments.schedule_tasks"] == "30 20 * * *"


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
