"""A sponsor statement over 10,000 rows is exported by a background job; up to that it streams at once."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from jobs.models import BackgroundJob, JobStatus
from jobs.thresholds import export_in_background
from sponsorship.models import Contribution
from tests.sponsorship.factories import SponsorshipFactory


def _add_contributions(sponsorship, count, start=0):
    Contribution.objects.bulk_create(
        Contribution(
            sponsorship=sponsorship,
            period_year=2025,
            amount=Decimal("1.50"),
            received_on=date(2025, 1 + n % 12, 1 + n % 28),
            reference=f"BIG-{n:06d}",
        )
        for n in range(start, start + count)
    )


def _data_rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return rows[3:-1]  # sponsor, year and header lines first, the total last


def test_the_limit_is_ten_thousand_rows():
    assert not export_in_background(9_999)
    assert not export_in_background(10_000)
    assert export_in_background(10_001)


@pytest.fixture
def big_sponsorship(run_jobs):
    sponsorship = SponsorshipFactory()
    _add_contributions(sponsorship, 9_999)
    return sponsorship


def test_9999_rows_stream_at_once_and_10001_go_to_a_job_whose_file_has_them_all(
    as_user, sponsorship_officer, big_sponsorship, run_jobs
):
    client = as_user(sponsorship_officer)
    url = reverse("sponsorship:sponsor_statement_csv", args=[big_sponsorship.sponsor.pk])
    streamed = client.get(url, {"year": 2025})
    assert streamed.status_code == 200 and streamed.streaming
    assert len(_data_rows(b"".join(streamed.streaming_content).decode())) == 9_999
    assert not BackgroundJob.objects.exists()

    _add_contributions(big_sponsorship, 2, start=9_999)
    response = client.get(url, {"year": 2025})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert client.get(url, {"year": 2025}).url == response.url  # a second click: the same job
    run_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"rows": 10_001}
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert reverse("jobs:job_download", args=[job.pk]).encode() in page.content
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert (
        download["Content-Disposition"].startswith("attachment") and job.result_name in download["Content-Disposition"]
    )
    rows = _data_rows(b"".join(download.streaming_content).decode())
    assert len(rows) == 10_001 and rows[0][1].startswith("BIG-")
