#!/usr/bin/env python
"""Admin changelists on a big database, timed as a coordinator through the test Client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python benchmarks/admin_changelists.py [--people 100000] [--notes 1000000]

Data are generated once (skipped when the database already holds enough people) with
PostgreSQL COPY. Generation runs with `SET session_replication_role = replica` so that the
pghistory triggers do not write one history row per generated row (and FK triggers are
skipped too — the generator writes consistent ids itself). This is ONLY for synthetic
benchmark data; the application never disables triggers. Target: every page < 300 ms.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maksora.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maksora_bench_reports")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.backends.postgresql.psycopg_any import DateRange  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 300

FAMILY = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Лебедева", "Козлова", "Новикова"]
GIVEN = ["Мария", "Анна", "Ольга", "Елена", "Дарья", "Ирина", "Татьяна", "Наталья", "Светлана", "Юлия"]
NOTE_KINDS = ["meeting", "home_visit", "phone_call", "accompaniment", "group_activity", "school_contact"]
AREAS = ["school", "family", "home", "work", "health", "poverty", "loneliness", "integration"]


# --- COPY helper ------------------------------------------------------------------------------


# The longest a generated case stays open (see generate_people_cases_notes).
OPEN_AT_MOST_DAYS = 3 * 365


def _text(value) -> str:
    """One value in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        return "{" + ",".join(f'"{item}"' for item in value) + "}"
    if isinstance(value, DateRange):
        lower = value.lower.isoformat() if value.lower else ""
        upper = value.upper.isoformat() if value.upper else ""
        return f"[{lower},{upper})"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def settle() -> None:
    """VACUUM (ANALYZE): the tables as autovacuum keeps a database in service.

    Rows just written by COPY have no hint bits, no visibility map (so no index-only scan)
    and stale statistics; timed before autovacuum gets to them, the first pages on the large
    dataset measure that catch-up, not the page. ANALYZE alone only refreshes the statistics.
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def next_ids(model, count: int) -> range:
    """Reserve `count` consecutive primary keys of `model` (its sequence is moved past them)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, true)",
            [first + count - 1 if count else max(first - 1, 1)],
        )
    return range(first, first + count)


def copy_rows(model, objects) -> int:
    """COPY model instances (with their `id` set) into the table, fields prepared by Django.

    Every concrete field's value goes through `pre_save` + `get_db_prep_save`, so defaults
    and fields added later by other apps are handled without listing columns here.
    """
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    buffer = io.StringIO()
    count = 0
    for obj in objects:
        values = []
        for field in fields:
            raw = field.pre_save(obj, add=True)
            if isinstance(raw, list | DateRange | date | datetime | Decimal | bool) or raw is None:
                values.append(_text(raw))
            else:
                values.append(_text(field.get_db_prep_save(raw, connection)))
        buffer.write("\t".join(values) + "\n")
        count += 1
    buffer.seek(0)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer)
        else:  # psycopg 3, which Django picks when it is installed (the job worker needs it)
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())
    return count


class triggers_off:
    """`session_replication_role = replica` for benchmark data generation only (see module doc)."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


# --- data -------------------------------------------------------------------------------------


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from maksora.models import Unit
    from maksora.reference_data import ensure_reference_data

    ensure_reference_data()
    User = get_user_model()
    made = {}
    for username, role, units in (
        ("bench_coordinator", "coordinator", ["golubka", "local"]),
        ("bench_manager", "manager", []),
        ("bench_worker_golubka", "social_worker", ["golubka"]),
        ("bench_worker_golubka2", "social_worker", ["golubka"]),
        ("bench_worker_margarita", "social_worker", ["margarita"]),
        ("bench_worker_local", "social_worker", ["local"]),
        ("bench_worker_local2", "social_worker", ["local"]),
        ("bench_sponsorship", "sponsorship_officer", ["distance"]),
    ):
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": username, "is_staff": role != "social_worker"},
        )
        user.groups.set([Group.objects.get(name=role)])
        user.units.set(Unit.objects.filter(code__in=units))
        made[username] = user
    return made


def generate_people_cases_notes(*, people: int, notes: int, years: int = 6, seed: int = 7) -> None:
    """`people` persons in families (a case each: mother + children), `notes` notes over the cases."""
    from cases.models import Case, CaseMember, Note, Person, Task
    from cases.names import fold_name
    from maksora.models import Unit

    rng = random.Random(seed)
    staff = users()
    units = {u.code: u for u in Unit.objects.all()}
    workers = {
        "golubka": [staff["bench_worker_golubka"], staff["bench_worker_golubka2"]],
        "margarita": [staff["bench_worker_margarita"]],
        "local": [staff["bench_worker_local"], staff["bench_worker_local2"]],
        "distance": [staff["bench_sponsorship"]],
    }
    today = timezone.localdate()
    first_day = today - timedelta(days=365 * years)
    span = (today - first_day).days
    started = time.perf_counter()
    person_ids = iter(next_ids(Person, people))
    persons, cases, members, tasks = [], [], [], []
    case_id_pool = iter(next_ids(Case, people))  # at most one case per person
    member_ids = iter(next_ids(CaseMember, people))
    now = timezone.now()
    made = 0
    counters = {}
    while made < people:
        code = rng.choice(("golubka", "margarita", "local", "local", "distance"))
        family = []
        for index in range(min(people - made, rng.randint(1, 4))):
            family_name, given = rng.choice(FAMILY), rng.choice(GIVEN)
            adult = index == 0
            birth = today - timedelta(days=rng.randint(18 * 365, 45 * 365) if adult else rng.randint(100, 17 * 365))
            person = Person(
                id=next(person_ids),
                family_name=family_name,
                given_name=given,
                patronymic="Ивановна",
                sex="F" if adult else rng.choice("FM"),
                birth_date=birth,
                district=rng.choice(("lenin", "lenin", "krasnozyorsk", "other", "")),
                name_key=fold_name(family_name, given),
                created_at=now,
                updated_at=now,
            )
            family.append(person)
        made += len(family)
        persons += family
        opened = first_day + timedelta(days=rng.randint(0, span))
        # A case stays open a few years at most (a stay, an accompaniment, a child's schooling):
        # twenty years of records hold the last years' open cases, not half of all ever opened.
        closes = rng.random() < 0.5 or opened < today - timedelta(days=OPEN_AT_MOST_DAYS)
        closed = opened + timedelta(days=rng.randint(30, 900)) if closes else None
        if closed and closed > today:
            closed = None
        year = opened.year
        counters[(code, year)] = counters.get((code, year), 0) + 1
        case = Case(
            id=next(case_id_pool),
            number=f"{code[0].upper()}B-{year}-{counters[(code, year)]:06d}",
            unit=units[code],
            primary_person=family[0],
            status="closed" if closed else rng.choice(("active", "active", "intake", "on_hold")),
            opened_on=opened,
            closed_on=closed,
            closure_reason="goals_achieved" if closed else "",
            assigned_to=rng.choice(workers[code]),
            risk_level=rng.choice(("low", "low", "medium", "high")),
            problem_areas=rng.sample(AREAS, rng.randint(0, 3)),
            next_review_on=today + timedelta(days=rng.randint(-60, 120)) if not closed else None,
            created_at=now,
        )
        cases.append(case)
        for index, person in enumerate(family):
            members.append(
                CaseMember(id=next(member_ids), case=case, person=person, role="mother" if index == 0 else "child")
            )
        if not closed and rng.random() < 0.3:
            tasks.append((case, today + timedelta(days=rng.randint(-30, 30))))
    with transaction.atomic(), triggers_off():
        copy_rows(Person, persons)
        copy_rows(Case, cases)
        copy_rows(CaseMember, members)
        task_ids = iter(next_ids(Task, len(tasks)))
        copy_rows(
            Task,
            (
                Task(
                    id=next(task_ids),
                    case=c,
                    title="Позвонить",
                    due_on=due,
                    assigned_to_id=c.assigned_to_id,
                    created_at=now,
                )
                for c, due in tasks
            ),
        )
        note_ids = iter(next_ids(Note, notes))

        def note_rows():
            for _ in range(notes):
                case = cases[rng.randrange(len(cases))]
                last = case.closed_on or today
                day = case.opened_on + timedelta(days=rng.randint(0, max((last - case.opened_on).days, 0)))
                yield Note(
                    id=next(note_ids),
                    case=case,
                    date=day,
                    kind=rng.choice(NOTE_KINDS),
                    duration_minutes=rng.choice((15, 30, 60, None)),
                    problem_areas=[],
                    text="Встреча, обсудили план.",
                    author_id=case.assigned_to_id,
                    confidential=rng.random() < 0.05,
                    created_at=now,
                )

        batch = []
        for note in note_rows():
            batch.append(note)
            if len(batch) == 100_000:
                copy_rows(Note, batch)
                batch = []
        if batch:
            copy_rows(Note, batch)
    settle()
    print(
        f"generated {len(persons):,} people, {len(cases):,} cases, {notes:,} notes, {len(tasks):,} tasks "
        f"in {time.perf_counter() - started:.1f} s (COPY, triggers off)"
    )


def ensure_data(*, people: int, notes: int) -> None:
    from cases.models import Person

    existing = Person.objects.count()
    if existing >= people:
        print(f"data present: {existing:,} people")
        users()
        return
    generate_people_cases_notes(people=people - existing, notes=notes)


# --- timing -----------------------------------------------------------------------------------


def time_pages(client, pages, *, repeat: int = 5) -> list[tuple[str, float, int]]:
    results = []
    for label, url in pages:
        client.get(url)  # warm-up
        timings, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        results.append((label, statistics.median(timings), queries))
    return results


def print_results(title, results) -> None:
    print(f"\n{title}")
    print(f"{'page':55} {'median ms':>10} {'queries':>8}")
    for label, ms, queries in results:
        flag = "" if ms < TARGET_MS else "  <-- over target"
        print(f"{label:55} {ms:10.1f} {queries:8d}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    ensure_data(people=args.people, notes=args.notes)

    from django.contrib.auth import get_user_model

    staff = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench_")}
    coordinator = staff["bench_coordinator"]
    worker = staff["bench_worker_golubka"]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    from cases.models import Case

    case_id = Case.objects.filter(unit__code="golubka").values_list("id", flat=True).first()
    autocomplete = "/admin/autocomplete/?app_label=cases&model_name=case&field_name=primary_person&term=ivan"
    pages = [
        ("cases: changelist (open, default)", "/admin/cases/case/"),
        ("cases: all statuses", "/admin/cases/case/?open=all"),
        ("cases: page 50", "/admin/cases/case/?open=all&p=50"),
        ("cases: by worker", f"/admin/cases/case/?assigned_to__id__exact={worker.pk}"),
        ("cases: search by name (Latin)", "/admin/cases/case/?q=ivanova"),
        ("cases: without a note for 30 days", f"/admin/cases/case/?assigned_to__id__exact={worker.pk}&quiet=30"),
        ("cases: change form", f"/admin/cases/case/{case_id}/change/"),
        ("people: changelist", "/admin/cases/person/"),
        ("people: search Cyrillic", "/admin/cases/person/?q=Петрова+Анна"),
        ("notes: changelist", "/admin/cases/note/"),
        ("notes: kind filter", "/admin/cases/note/?kind__exact=home_visit"),
        ("tasks: changelist", "/admin/cases/task/"),
        ("caseload review", "/admin/cases/case/caseload/"),
        ("autocomplete person", autocomplete),
    ]
    print_results(
        f"Admin as coordinator (golubka + local), {settings.DATABASES['default']['NAME']}", time_pages(client, pages)
    )
    client.force_login(staff["bench_manager"])
    print_results(
        "Admin as manager (all units)",
        time_pages(client, [("cases: changelist", "/admin/cases/case/"), ("notes: changelist", "/admin/cases/note/")]),
    )


if __name__ == "__main__":
    main()
