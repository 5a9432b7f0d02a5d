#!/usr/bin/env python
"""Fifty people at once: every main page under gunicorn, as shares of a minimal signed-in page.

    .venv/bin/python benchmarks/load.py                      # 50k people / 1M notes beside 5k / 10k
    .venv/bin/python benchmarks/load.py --quick              # the small dataset only, 5 s a page
    .venv/bin/python benchmarks/load.py --seconds 20 --clients 50 --workers 3 \
        --database postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        --small-database postgres://postgres@127.0.0.1:5432/maksora_bench_reports_small

Each dataset lives in its own database (created and migrated when missing); data come from
the generators of benchmarks/admin_changelists.py and yearly_report.py (people, cases,
notes, stays, sponsorships, contributions, consents) and are reused when present, so the large one
is shared with the other benchmarks. For each dataset this script:

1. signs the bench users in the way the site records it (a database session with the user
   and, for the roles that need it, her second-factor device verified: django-otp's
   `otp_device_id`), one session per simulated person;
2. starts gunicorn as in production (`MAKSORA_ENV=production`, DEBUG off, static files by
   WhiteNoise, `workers` = cores + 1) on a free port; requests carry
   `X-Forwarded-Proto: https` as the TLS proxy in front of it sets, so nothing in the
   production settings is switched off;
3. times each page alone (one client, sequential requests): the data-size comparison;
4. for the large dataset, drives `--clients` concurrent clients (threads, one session and
   one connection each, no think time) over each page for `--seconds`, and prints req/s,
   p50/p95/p99, errors and the page's throughput as a share of the baseline page's.

The baseline is /signed-in/ (maksora.views.signed_in): session, user, access check, one
template and no record read — what any page costs before its own work. Targets (docs/scaling.md):
every site page >= 40 % of the baseline's throughput and p95 <= 3x the baseline's p95,
admin changelists >= 25 %, no errors; single-client time at 1M notes <= 1.5x that at
10k notes; home <= 2x the case list of the same worker. The load generator runs on the
same machine as gunicorn and PostgreSQL, so all three share its cores: compare the shares,
not the absolute req/s, between machines.
"""

import argparse
import contextlib
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/maksora_bench_reports"

# (page label, role whose sessions request it, url key filled by the prepare step, kind)
# kind: "baseline", "site" (>= 40 % and p95 <= 3x) or "admin" (>= 25 %).
PAGES = (
    ("baseline /signed-in/", "worker", "baseline", "baseline"),
    ("home: social worker", "worker", "home", "site"),
    ("home: coordinator", "coordinator", "home", "site"),
    ("home: manager", "manager", "home", "site"),
    ("home: sponsorship officer", "sponsorship", "home", "site"),
    ("case list", "worker", "case_list", "site"),
    ("case list, search by name", "worker", "case_search", "site"),
    ("case page", "worker", "case", "site"),
    ("person page", "worker", "person", "site"),
    ("house board", "worker", "board", "site"),
    ("sponsored children list", "sponsorship", "children", "site"),
    ("correspondence tracker", "sponsorship", "tracker", "site"),
    ("yearly report (stored)", "manager", "report", "site"),
    ("admin: cases", "coordinator", "admin_cases", "admin"),
    ("admin: people", "coordinator", "admin_people", "admin"),
    ("admin: notes", "coordinator", "admin_notes", "admin"),
)
USERS = {
    "worker": "bench_worker_golubka",
    "coordinator": "bench_coordinator",
    "manager": "bench_manager",
    "sponsorship": "bench_sponsorship",
}
SITE_SHARE, ADMIN_SHARE, P95_RATIO, SIZE_RATIO, HOME_RATIO = 0.40, 0.25, 3.0, 1.5, 2.0


# --- prepare: runs in a child process with Django set up on one dataset's database -------------


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", file=sys.stderr)


def prepare(args) -> None:
    """Data present (generated if not), sessions signed in; prints the URLs and cookies as JSON."""
    ensure_database(os.environ["DATABASE_URL"])
    import random

    from admin_changelists import generate_people_cases_notes, settle, users  # sets up Django
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from yearly_report import generate_consents, generate_sponsorship, generate_stays

    from cases.models import Case, Note, Person
    from maksora.security.sessions import sessions_end_for
    from shelters.models import Stay
    from sponsorship.models import Contribution
    from tests.security.helpers import SignedInClient

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    existing = Person.objects.count()
    with contextlib.redirect_stdout(sys.stderr):  # the generators' progress; stdout carries the JSON
        if existing < args.people:
            generate_people_cases_notes(people=args.people - existing, notes=args.notes, years=args.years)
        staff = users()
        rng = random.Random(11)
        generate_stays(args.stays, rng)
        generate_sponsorship(args.contributions, rng, args.years)
        generate_consents(rng)
    for username in USERS.values():  # the sessions of earlier runs would only grow the table
        sessions_end_for(staff[username])
    settle()

    from django.db.models import Count

    worker = staff[USERS["worker"]]
    # Her case with the most notes: the heaviest case page she opens.
    case = (
        Case.objects.filter(assigned_to=worker)
        .annotate(note_count=Count("notes"))
        .order_by("-note_count", "pk")
        .values("pk", "primary_person_id", "note_count")
        .first()
    )
    year = timezone.localdate().year - 1
    urls = {
        "baseline": "/signed-in/",
        "home": "/",
        "case_list": "/cases/",
        "case_search": "/cases/?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2%D0%B0",  # Петрова
        "case": f"/cases/{case['pk']}/",
        "person": f"/cases/people/{case['primary_person_id']}/",
        "board": "/shelters/",
        "children": "/sponsorship/",
        "tracker": "/sponsorship/tracker/",
        "report": f"/reports/?year={year}",
        "admin_cases": "/admin/cases/case/",
        "admin_people": "/admin/cases/person/",
        "admin_notes": "/admin/cases/note/",
    }
    sessions = {}
    for role, username in USERS.items():
        sessions[role] = []
        for _ in range(args.sessions):
            client = SignedInClient()
            client.force_login(staff[username])
            sessions[role].append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    print(
        json.dumps(
            {
                "urls": urls,
                "sessions": sessions,
                "cookie": settings.SESSION_COOKIE_NAME,
                "case_notes": case["note_count"],
                "sizes": {
                    "people": Person.objects.count(),
                    "cases": Case.objects.count(),
                    "notes": Note.objects.count(),
                    "stays": Stay.objects.count(),
                    "contributions": Contribution.objects.count(),
                },
            }
        )
    )


# --- the server -------------------------------------------------------------------------------


def static_files_stale() -> bool:
    """WhiteNoise's manifest is missing or older than a project static file (compressing takes minutes)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (ROOT / "static").rglob("*") if path.is_file())


def production_env(database: str, secret_key: str) -> dict:
    return {
        **os.environ,
        "MAKSORA_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "maksora.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(workers), "--timeout", "120", "--backlog", "2048"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz", "")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer on port {self.port}; see {log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# --- the clients ------------------------------------------------------------------------------


def headers(cookie: str) -> dict:
    # The TLS proxy in front of gunicorn says the request came over https (SECURE_PROXY_SSL_HEADER).
    return {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "ru", "Cookie": cookie}


def get(port: int, url: str, cookie: str, connection=None) -> tuple[int, http.client.HTTPConnection]:
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", url, headers=headers(cookie))
    response = connection.getresponse()
    response.read()
    return response.status, connection


def single_client_ms(port: int, url: str, cookie: str, repeat: int) -> float:
    status, connection = get(port, url, cookie)  # warm: templates, the stored report
    assert status == 200, (url, status)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, connection = get(port, url, cookie, connection)
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, (url, status)
    connection.close()
    return statistics.median(timings)


def drive(port: int, url: str, cookies: list[str], seconds: float) -> dict:
    """len(cookies) clients request `url` back to back for `seconds`; latencies and errors."""
    latencies, errors, lock = [], [0], threading.Lock()
    start_gate = threading.Barrier(len(cookies) + 1)
    stop_at = [0.0]

    def client(cookie: str) -> None:
        mine, failed, connection = [], 0, None
        start_gate.wait()
        while time.perf_counter() < stop_at[0]:
            started = time.perf_counter()
            try:
                status, connection = get(port, url, cookie, connection)
            except (OSError, http.client.HTTPException):
                status, connection = 0, None
            mine.append((time.perf_counter() - started) * 1000)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "requests": len(latencies),
        "errors": errors[0],
    }


# --- the run ----------------------------------------------------------------------------------


def machine_load(label: str) -> str:
    one, five, fifteen = os.getloadavg()
    line = f"machine load {label}: {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min), {os.cpu_count()} cores"
    print(line, flush=True)
    return line


def prepared(database: str, secret_key: str, args, *, people: int, notes: int, stays: int, contributions: int):
    started = time.perf_counter()
    command = [PYTHON, __file__, "--prepare", "--sessions", str(args.clients), "--years", str(args.years)]
    command += ["--people", str(people), "--notes", str(notes), "--stays", str(stays)]
    command += ["--contributions", str(contributions)]
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": secret_key,
        "DJANGO_SETTINGS_MODULE": "maksora.settings",
    }
    result = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    sizes = ", ".join(f"{value:,} {key}" for key, value in data["sizes"].items())
    print(f"\n{urlsplit(database).path.lstrip('/')}: {sizes} (ready in {time.perf_counter() - started:.0f} s)")
    print(f"case page: the worker's case with the most notes ({data['case_notes']} notes)", flush=True)
    return data


def cookie_of(data: dict, role: str, index: int = 0) -> str:
    return f"{data['cookie']}={data['sessions'][role][index]}"


def time_alone(port: int, data: dict, repeat: int) -> dict:
    return {
        label: single_client_ms(port, data["urls"][key], cookie_of(data, role), repeat)
        for label, role, key, _kind in PAGES
    }


def print_load_table(results: dict) -> list[str]:
    base = results[PAGES[0][0]]
    lines = [
        f"{'page':28} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'share':>6} {'p95/base':>8}  target"
    ]
    for label, _role, _key, kind in PAGES:
        row = results[label]
        share, p95_ratio = row["rps"] / base["rps"], row["p95"] / base["p95"]
        if kind == "baseline":
            verdict = "-" if row["errors"] == 0 else "FAIL (errors)"
        else:
            needed = ADMIN_SHARE if kind == "admin" else SITE_SHARE
            ok = share >= needed and row["errors"] == 0 and (kind == "admin" or p95_ratio <= P95_RATIO)
            goal = f">= {needed:.0%}" + ("" if kind == "admin" else f", p95 <= {P95_RATIO:g}x")
            verdict = f"{'ok  ' if ok else 'MISS'} ({goal})"
        lines.append(
            f"{label:28} {row['rps']:7.1f} {row['p50']:8.0f} {row['p95']:8.0f} {row['p99']:8.0f} "
            f"{row['errors']:7d} {share:6.0%} {p95_ratio:8.2f}  {verdict}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE)
    parser.add_argument("--small-database", help="default: the large database's name + _small")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--stays", type=int, default=100_000)
    parser.add_argument("--contributions", type=int, default=500_000)
    parser.add_argument("--small-people", type=int, default=5_000)
    parser.add_argument("--small-notes", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=50, help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15, help="per page under load")
    parser.add_argument("--repeat", type=int, default=10, help="sequential requests per page, single client")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--quick", action="store_true", help="the small dataset only, under load, 5 s a page")
    parser.add_argument("--no-load", action="store_true", help="only the single-client data-size comparison")
    args = parser.parse_args()
    if args.prepare:
        sys.path.insert(0, str(ROOT))
        prepare(args)
        return

    started = time.perf_counter()
    loads = [machine_load("at start")]
    secret_key = secrets.token_urlsafe(50)  # the server must read the sessions the prepare step signed
    large_db = args.database
    parts = urlsplit(large_db)
    small_db = args.small_database or urlunsplit(parts._replace(path=parts.path + "_small"))
    datasets = [("small", small_db, args.small_people, args.small_notes, 10_000, 50_000)]
    if args.quick:
        args.seconds = min(args.seconds, 5)
    else:
        datasets.append(("large", large_db, args.people, args.notes, args.stays, args.contributions))
    if static_files_stale():
        collect = [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"]
        subprocess.run(collect, cwd=ROOT, env=production_env(large_db, secret_key), check=True)
    log = ROOT / "var" / "load-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    alone, sizes, under_load = {}, {}, None
    for name, database, people, notes, stays, contributions in datasets:
        data = prepared(
            database, secret_key, args, people=people, notes=notes, stays=stays, contributions=contributions
        )
        sizes[name] = data["sizes"]
        server = Gunicorn(production_env(database, secret_key), args.workers, log)
        try:
            print(f"gunicorn on port {server.port}, {args.workers} workers (sync)", flush=True)
            alone[name] = time_alone(server.port, data, args.repeat)
            if (name == "large" or args.quick) and not args.no_load:
                under_load = {}
                print(f"\n{args.clients} concurrent clients, {args.seconds:g} s a page, {name} dataset")
                loads.append(machine_load("before load"))
                for label, role, key, _kind in PAGES:
                    cookies = [cookie_of(data, role, i) for i in range(args.clients)]
                    under_load[label] = drive(server.port, data["urls"][key], cookies, args.seconds)
                    row = under_load[label]
                    print(f"  {label:28} {row['rps']:7.1f} req/s, p95 {row['p95']:6.0f} ms, {row['errors']} errors")
                loads.append(machine_load("after load"))
        finally:
            server.stop()

    if under_load:
        print(f"\nUnder load: {args.clients} clients, {args.workers} gunicorn workers, {args.seconds:g} s a page")
        print("\n".join(print_load_table(under_load)))

    print(f"\nOne client alone, median of {args.repeat} requests (ms)")
    names = list(alone)
    header = f"{'page':28} " + " ".join(f"{n + ' ms':>10}" for n in names)
    if len(names) == 2:
        header += f" {'ratio':>6}  target <= {SIZE_RATIO:g}x"
    print(header)
    for label, *_rest in PAGES:
        line = f"{label:28} " + " ".join(f"{alone[n][label]:10.1f}" for n in names)
        if len(names) == 2:
            ratio = alone["large"][label] / alone["small"][label]
            line += f" {ratio:6.2f}  {'ok' if ratio <= SIZE_RATIO else 'MISS'}"
        print(line)
    for name in names:
        ratio = alone[name]["home: social worker"] / alone[name]["case list"]
        verdict = "ok" if ratio <= HOME_RATIO else "MISS"
        print(f"home / case list, same worker, {name}: {ratio:.2f} (target <= {HOME_RATIO:g}x) {verdict}")
    for name in names:
        print(f"{name}: " + ", ".join(f"{value:,} {key}" for key, value in sizes[name].items()))
    loads.append(machine_load("at end"))
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
