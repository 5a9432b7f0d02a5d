"""An AVSI file of more than 2,000 rows is applied by a background job; its page shows the outcome."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from jobs.models import BackgroundJob, JobStatus
from jobs.thresholds import import_in_background
from sponsorship.models import Contribution, SponsoredChild
from tests.data.avsi_rows import sample
from tests.security.helpers import SignedInClient

UPLOAD = reverse("sponsorship:import_upload")
APPLY = reverse("sponsorship:import_apply")


def test_the_limit_is_two_thousand_rows():
    assert not import_in_background(2_000)
    assert import_in_background(2_001)


@pytest.fixture
def officer(run_jobs, settings, sponsorship_officer):
    # The sample file has a few rows: the limit is lowered so that it counts as a big one.
    settings.IMPORT_SYNC_ROW_LIMIT = 3
    client = SignedInClient(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(sponsorship_officer)
    return client


def _check_and_apply(client):
    preview = client.post(UPLOAD, {"file": SimpleUploadedFile("avsi_sample.csv", sample("avsi_sample.csv"))})
    assert preview.status_code == 200 and preview.context["result"].rows > 3
    return client.post(APPLY, {"token": preview.context["token"]})


def test_a_big_file_is_applied_by_a_job_whose_page_shows_what_was_imported(officer, run_jobs):
    response = _check_and_apply(officer)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert job.kind == "sponsorship.avsi_import" and not SponsoredChild.objects.exists()

    run_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["applied"]
    assert SponsoredChild.objects.count() == 4 and Contribution.objects.count() == 6
    assert default_storage.listdir("imports")[1] == []  # the job removed the checked file
    page = officer.get(reverse("jobs:job_detail", args=[job.pk]))
    assert 'id="import-applied"' in page.content.decode() and 'id="import-summary"' in page.content.decode()


def test_a_job_retried_after_its_commit_imports_nothing_twice(officer, run_jobs, monkeypatch):
    _check_and_apply(officer)
    crashes = []

    def crash_once(path):
        if not crashes:
            crashes.append(path)
            raise ConnectionError("worker lost after the import was committed")
        default_storage.delete(path)

    monkeypatch.setattr("sponsorship.tasks.pending_job_done", crash_once)
    run_jobs()

    job = BackgroundJob.objects.get()
    assert crashes and job.status == JobStatus.DONE and job.attempts == 1
    assert ProcrastinateJob.objects.get().attempts == 2
    assert SponsoredChild.objects.count() == 4 and Contribution.objects.count() == 6


def test_a_file_gone_before_the_job_ran_fails_with_a_message_in_her_language(officer, run_jobs):
    _check_and_apply(officer)
    job = BackgroundJob.objects.get()
    default_storage.delete(job.parameters["path"])

    run_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not SponsoredChild.objects.exists()
    page = officer.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert 'id="job-error"' in page and "Эта проверка больше недоступна" in page
