"""The job queue in the admin: procrastinate's job rows and every user's background jobs, administrators only."""

from datetime import date

import pytest
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from jobs.models import BackgroundJob
from tests.cases.factories import CaseFactory, UserFactory, unit

QUEUE = reverse("admin:procrastinate_procrastinatejob_changelist")
JOBS = reverse("admin:jobs_backgroundjob_changelist")


@pytest.fixture
def queued(client, manager):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    client.force_login(manager)
    client.post(reverse("reports:save") + "?year=2025", {"title": "Queued"})
    client.logout()
    return BackgroundJob.objects.get()


def test_an_administrator_sees_the_queued_job_and_the_background_job(client, site_admin, queued):
    client.force_login(site_admin)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    row = ProcrastinateJob.objects.get(args__job_id=queued.pk)
    assert b"reports.save_snapshot" in queue.content
    assert b"style=" not in queue.content.split(b'id="result_list"')[1].split(b"</table>")[0]
    detail = client.get(reverse("admin:procrastinate_procrastinatejob_change", args=[row.pk]))
    assert detail.status_code == 200
    jobs = client.get(JOBS)
    assert jobs.status_code == 200 and b"reports.saved_report" in jobs.content
    assert client.get(reverse("admin:jobs_backgroundjob_change", args=[queued.pk])).status_code == 200
    assert client.get(reverse("admin:jobs_backgroundjob_add")).status_code == 403


@pytest.mark.parametrize("actor", ["coordinator", "manager", "sponsorship_officer"])
def test_other_staff_do_not_see_the_queue(client, request, actor, queued):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(QUEUE).status_code == 403
    assert client.get(JOBS).status_code == 403
    index = client.get(reverse("admin:index"))
    assert b"procrastinate" not in index.content.lower() and b"background jobs" not in index.content.lower()


def test_a_social_worker_is_refused_the_admin(client, golubka_worker, queued):
    client.force_login(golubka_worker)
    assert client.get(QUEUE).status_code in (302, 403)


def test_a_superuser_sees_the_queue(client, db, queued):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(QUEUE).status_code == 200
