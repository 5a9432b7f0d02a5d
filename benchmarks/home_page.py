#!/usr/bin/env python
"""The home page ("My caseload") beside the case list, per worker, on the large dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python benchmarks/home_page.py [--repeat 15]

Reuses the data of benchmarks/admin_changelists.py / yearly_report.py (generated there if
missing). For each worker: median time and query count of `/` and of the case list, and
their ratio (the home page should stay within 2× of the case list whatever the number of
notes in the organisation).
"""

import argparse
import statistics
import time

from admin_changelists import generate_people_cases_notes, users  # sets up Django
from django.conf import settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.security.helpers import SignedInClient

WORKERS = ("bench_worker_golubka", "bench_worker_golubka2", "bench_worker_local", "bench_coordinator")


def timed(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection

    client.get(url)  # warm
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(timings), len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    from cases.models import Note, Person

    if Person.objects.count() < args.people:
        generate_people_cases_notes(people=args.people, notes=args.notes)
    staff = users()
    print(f"data: {Person.objects.count():,} people, {Note.objects.count():,} notes")
    print(f"{'worker':26} {'home ms':>9} {'q':>3} {'case list ms':>13} {'q':>3} {'ratio':>6}")
    for username in WORKERS:
        client = SignedInClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(staff[username])
        home_ms, home_q = timed(client, "/", args.repeat)
        list_ms, list_q = timed(client, reverse("cases:case_list"), args.repeat)
        print(f"{username:26} {home_ms:9.1f} {home_q:3} {list_ms:13.1f} {list_q:3} {home_ms / list_ms:6.2f}")


if __name__ == "__main__":
    main()
