"""Background jobs: a request enqueues, procrastinate's worker runs the job against PostgreSQL,
the owner watches its progress and gets the result; others get 404; a retry writes nothing twice."""

import json
from datetime import date

import pytest
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from jobs import services
from jobs.models import BackgroundJob, JobStatus
from reports.models import SavedReport
from tests.cases.factories import CaseFactory, UserFactory, unit


def _save(client, query="?since=2019", title="Since 2019", key="form-1"):
    return client.post(reverse("reports:save") + query, {"title": title, "request_key": key})


@pytest.fixture
def cases(run_jobs):
    CaseFactory(unit=unit("golubka"), opened_on=date(2019, 2, 1))
    CaseFactory(unit=unit("margarita"), opened_on=date(2024, 3, 1))


def test_snapshot_saved_by_a_request_runs_in_the_worker_then_the_owner_downloads_it(client, manager, cases, run_jobs):
    client.force_login(manager)
    response = _save(client)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert (job.status, job.owner, job.kind) == (JobStatus.QUEUED, manager, "reports.saved_report")
    queued = ProcrastinateJob.objects.get()
    assert (queued.task_name, queued.args, queued.status) == ("reports.save_snapshot", {"job_id": job.pk}, "todo")
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert page.status_code == 200 and b'id="job-progress"' in page.content and b"job_progress.js" in page.content
    assert SavedReport.objects.count() == 0

    run_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert job.progress_total and job.progress_done == job.progress_total and job.percent == 100
    saved = SavedReport.objects.get()
    assert job.result == {"saved_report": saved.pk}
    assert (saved.start, saved.title, saved.created_by) == (date(2019, 1, 1), "Since 2019", manager)
    assert ProcrastinateJob.objects.get().status == "succeeded"
    status = json.loads(client.get(reverse("jobs:job_status", args=[job.pk])).content)
    assert status == {
        "status": "done",
        "status_label": "done",
        "done": job.progress_total,
        "total": job.progress_total,
        "percent": 100,
        "finished": True,
    }
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert reverse("reports:saved_detail", args=[saved.pk]).encode() in page.content
    assert b"job_progress.js" not in page.content
    download = client.get(reverse("reports:saved_export", args=[saved.pk, "xlsx"]), {"lang": "en"})
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_the_same_form_sent_twice_saves_one_snapshot(client, manager, cases, run_jobs):
    client.force_login(manager)
    first, second = _save(client), _save(client)
    assert first.url == second.url
    assert BackgroundJob.objects.count() == 1 and ProcrastinateJob.objects.count() == 1
    run_jobs()
    assert SavedReport.objects.count() == 1


def test_a_job_retried_after_a_crash_past_its_write_saves_nothing_twice(client, manager, cases, run_jobs, monkeypatch):
    client.force_login(manager)
    _save(client)
    real_finish = services.JobRun.finish
    crashes = []

    def crash_once(run, **kwargs):
        if not crashes:
            crashes.append(run.job.pk)
            raise ConnectionError("worker lost after the snapshot was committed")
        return real_finish(run, **kwargs)

    monkeypatch.setattr(services.JobRun, "finish", crash_once)
    run_jobs()

    job = BackgroundJob.objects.get()
    assert crashes == [job.pk]
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert SavedReport.objects.count() == 1
    assert job.result == {"saved_report": SavedReport.objects.get().pk}
    assert ProcrastinateJob.objects.get().attempts == 2


def test_another_user_gets_404_for_the_job_page_its_status_and_its_file(client, manager, cases, run_jobs):
    client.force_login(manager)
    _save(client)
    job = BackgroundJob.objects.get()
    other = UserFactory(username="other_manager", role="manager")
    client.force_login(other)
    for name in ("job_detail", "job_status", "job_download"):
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
    client.force_login(UserFactory(username="admin_user", role="admin"))
    assert client.get(reverse("jobs:job_detail", args=[job.pk])).status_code == 404


def test_a_refused_job_fails_with_its_message_in_the_readers_language(client, coordinator, cases, run_jobs):
    client.force_login(coordinator)
    _save(client)
    job = BackgroundJob.objects.get()
    # Between the request and the job her role changed: the job asks again and refuses.
    coordinator.groups.clear()
    coordinator.groups.add(*UserFactory(username="worker_role", role="social_worker").groups.all())
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert job.error_msgid == "You may no longer see reports: nothing was saved."
    assert SavedReport.objects.count() == 0
    client.force_login(coordinator)
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert b'id="job-error"' in page.content and b"You may no longer see reports" in page.content


def test_an_unexpected_error_on_every_attempt_fails_the_job_with_a_general_message(
    client, manager, cases, run_jobs, monkeypatch
):
    client.force_login(manager)
    _save(client)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.snapshots.compute_report", broken)
    run_jobs()
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED and job.attempts == services.MAX_ATTEMPTS
    assert job.error_msgid == services.UNEXPECTED_FAILURE
    assert ProcrastinateJob.objects.get().status == "failed"


def test_bad_input_saves_nothing_and_enqueues_nothing(client, manager, db):
    client.force_login(manager)
    response = client.post(reverse("reports:save") + "?since=2019", {"title": ""})
    assert response.status_code == 302 and "reports" in response.url
    assert not BackgroundJob.objects.exists()


def test_a_social_worker_cannot_save_a_report(client, golubka_worker, db):
    client.force_login(golubka_worker)
    assert _save(client).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_an_export_over_several_years_is_a_job_whose_file_the_owner_downloads(client, manager, cases, run_jobs):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["csv"]), {"since": 2019, "lang": "en"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert job.kind == "reports.yearly_export" and job.parameters["format"] == "csv"
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result_name.endswith(".csv")
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode()
    assert download.status_code == 200 and "People served" in text and "01.01.2019" in text


def test_a_one_year_export_is_still_streamed_at_once(client, manager, cases):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["csv"]), {"year": 2024, "lang": "en"})
    assert response.status_code == 200 and response.streaming
    assert "People served" in b"".join(response.streaming_content).decode()  # read to the end: the request ends
    assert not BackgroundJob.objects.exists()
