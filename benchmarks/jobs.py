#!/usr/bin/env python
"""Saving a report snapshot as a background job: the request that enqueues against the job's run.

    createdb -h 127.0.0.1 -U postgres maksora_bench_reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python benchmarks/jobs.py [--people 50000] [--notes 1000000] [--stays 100000] \
        [--contributions 500000] [--year 2025] [--since 2010]

The data are those of benchmarks/yearly_report.py (generated the same way, reused when
present). For a snapshot of one year and one since `--since`, side by side:

- before: the snapshot page's request when it computed and saved the report itself
  (the same service, `reports.snapshots.saved_report_create`, called in the request);
- after: the request that only enqueues (POST /reports/save/, goal under 200 ms), then
  the job's run in procrastinate's worker in this process (until the queue is empty).
"""

import argparse
import random
import time
import uuid

from admin_changelists import settle, users  # sets up Django
from django.conf import settings
from django.utils import timezone
from yearly_report import generate_sponsorship, generate_stays


def _ms(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--stays", type=int, default=100_000)
    parser.add_argument("--contributions", type=int, default=500_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
    parser.add_argument("--since", type=int, default=timezone.localdate().year - 15)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    rng = random.Random(11)

    from admin_changelists import generate_people_cases_notes

    from cases.models import Person
    from jobs.models import BackgroundJob
    from jobs.worker import run_queued_jobs
    from reports.forms import PeriodForm
    from reports.snapshots import saved_report_create

    if Person.objects.count() < args.people:
        generate_people_cases_notes(people=args.people, notes=args.notes, years=args.years)
    staff = users()
    generate_stays(args.stays, rng)
    generate_sponsorship(args.contributions, rng, args.years)
    settle()
    manager = staff["bench_manager"]
    print(f"data: {Person.objects.count():,} people")

    from tests.security.helpers import SignedInClient  # a manager signs in with a second factor

    client = SignedInClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    client.get("/reports/")  # warm up: templates, translations, the first connection
    rows = []
    for label, query in (
        (f"snapshot of {args.year}", f"year={args.year}"),
        (f"snapshot since {args.since}", f"since={args.since}"),
    ):
        form = PeriodForm(dict(part.split("=") for part in query.split("&")))
        assert form.is_valid(), form.errors
        start, end = form.period()
        before, _saved = _ms(
            saved_report_create, title="bench", start=start, end=end, by=manager, idempotency_key=uuid.uuid4().hex
        )
        enqueue, response = _ms(
            client.post, f"/reports/save/?{query}", {"title": "bench", "request_key": uuid.uuid4().hex}
        )
        assert response.status_code == 302, response.status_code
        job = BackgroundJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
        run, _none = _ms(run_queued_jobs)
        job.refresh_from_db()
        assert job.status == "done", (job.status, job.error_msgid)
        page, _page = _ms(client.get, response.url)
        rows.append((label, before, enqueue, run, page))

    print(f"\n{'':28} {'before: request':>18} {'after: request':>16} {'job run':>12} {'job page':>10}")
    print(f"{'':28} {'(computes+saves)':>18} {'(enqueues)':>16} {'(worker)':>12} {'(done)':>10}")
    for label, before, enqueue, run, page in rows:
        flag = "" if enqueue < 200 else "  (over 200 ms)"
        print(f"{label:28} {before:15,.0f} ms {enqueue:13,.0f} ms {run:9,.0f} ms {page:7,.0f} ms{flag}")


if __name__ == "__main__":
    main()
