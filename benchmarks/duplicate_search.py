"""Duplicate search at intake on ~100,000 people: prints the median time of ~50 searches.

Also the organisation-wide match (`cases.identity.registry_matches`: candidate search
across every unit, then `cases.matching.compare`) on typed variants — transliterated,
swapped, a letter missing, a known diminutive, the other gender form — and the case-list
search (`Case.objects.visible_to(user).search(q)`) for a name, a phone and a case number:
median and p95 of each, and the EXPLAIN of the case-list name search (the trigram index,
no sequential scan on cases_person).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_cases \
        .venv/bin/python benchmarks/duplicate_search.py [--people 100000] [--queries 50]

Uses its own database (default: maksora_bench_cases on 127.0.0.1, migrated here). People
are added with bulk_create in batches (name_key filled through fold_name, as
Person.save() would) and kept for the next run; each person gets a case in one of the
four units so the search runs through `visible_to(user)` exactly as the intake page does.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maksora_bench_cases")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maksora.settings")


def ensure_database() -> None:
    """Create the benchmark database on first run (migrate cannot create it)."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None}
    params["password"] = config["PASSWORD"] or None
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from cases.identity import registry_matches  # noqa: E402
from cases.matching import PersonFacts  # noqa: E402
from cases.models import Case, CaseMember, Person  # noqa: E402
from cases.name_variants import _groups, given_name_groups  # noqa: E402
from cases.names import fold_name  # noqa: E402
from cases.querysets import trigram_threshold  # noqa: E402
from maksora import demo_names  # noqa: E402
from maksora.models import Unit  # noqa: E402
from maksora.rules import phone_digits  # noqa: E402

BATCH = 5_000
UNITS = ("golubka", "margarita", "local", "distance")
# Synthetic family-name roots on top of the demo ones, so names are varied like a real registry.
STARTS = ("Бел", "Гор", "Дуб", "Кар", "Лис", "Мал", "Нов", "Пес", "Рыб", "Сер", "Тих", "Чер", "Шир", "Яр", "Вол",
          "Жук", "Зим", "Кол", "Мор", "Сав", "Хом", "Щег", "Баш", "Гал")  # fmt: skip
MIDDLES = ("ан", "ен", "ик", "ол", "ур", "ич", "ав", "ин", "ец", "от", "")
ENDS = ("ов", "ев", "ин", "ский", "цев")


def random_person(rng: random.Random) -> Person:
    sex = rng.choice("FFFM")
    root = (
        rng.choice(demo_names.FAMILY_ROOTS)
        if rng.random() < 0.3
        else rng.choice(STARTS) + rng.choice(MIDDLES) + rng.choice(ENDS)
    )
    family = root[:-2] + "ая" if root.endswith("ский") and sex == "F" else demo_names.family_name(root, sex)
    given = rng.choice(demo_names.FEMALE_GIVEN if sex == "F" else demo_names.MALE_GIVEN)
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(60 * 365))
    phone = f"+7 913 {rng.randrange(10**7):07d}"
    return Person(
        phone=phone,
        phone_key=phone_digits(phone),
        family_name=family,
        given_name=given,
        patronymic=demo_names.patronymic(rng.choice(demo_names.PATRONYMIC_ROOTS), sex),
        sex=sex,
        birth_date=birth,
        name_key=fold_name(family, given),
    )


def ensure_people(target: int, rng: random.Random) -> None:
    existing = Person.objects.count()
    units = {u.code: u for u in Unit.objects.all()}
    started = time.perf_counter()
    created = 0
    while existing + created < target:
        size = min(BATCH, target - existing - created)
        with transaction.atomic():
            people = Person.objects.bulk_create([random_person(rng) for _ in range(size)])
            cases = Case.objects.bulk_create(
                Case(
                    number=f"B-{existing + created + i:08d}",
                    unit=units[UNITS[(existing + created + i) % len(UNITS)]],
                    primary_person=person,
                    status="active",
                    opened_on=date(2025, 1, 1),
                )
                for i, person in enumerate(people)
            )
            CaseMember.objects.bulk_create(
                CaseMember(case=case, person=case.primary_person, role="primary") for case in cases
            )
        created += size
    if created:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_person; ANALYZE cases_case; ANALYZE cases_casemember")
        elapsed = time.perf_counter() - started
        print(f"created {created} people (+ cases) in {elapsed:.1f} s ({created / elapsed:.0f} people/s)")


def query_variants(rng: random.Random, count: int) -> list[tuple[str, str, date | None]]:
    """How people are typed at intake: Latin letters, swapped order, a missing letter."""
    sample = list(Person.objects.order_by("?").values_list("family_name", "given_name", "birth_date")[:count])
    queries = []
    for i, (family, given, birth) in enumerate(sample):
        kind = i % 3
        if kind == 0:
            family, given = fold_name(family).title(), fold_name(given).title()
        elif kind == 1:
            family, given = given, family
        else:
            cut = rng.randrange(1, len(family))
            family = family[:cut] + family[cut + 1 :]
        queries.append((family, given, birth if i % 2 else None))
    return queries


def golubka_worker():
    from tests.cases.factories import UserFactory

    return UserFactory(username="bench_golubka_worker", role="social_worker", units=["golubka"])


def measure(queryset_for, queries) -> list[float]:
    """Milliseconds per search, done as the intake page does it (threshold set, top 5)."""
    timings = []
    for family, given, birth in queries:
        started = time.perf_counter()
        with trigram_threshold():
            list(queryset_for().likely_matches(family_name=family, given_name=given, birth_date=birth)[:5])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentiles(timings: list[float]) -> str:
    return f"median {statistics.median(timings):.1f} ms, p95 {statistics.quantiles(timings, n=20)[-1]:.1f} ms"


def registry_variants(rng: random.Random, count: int) -> list[PersonFacts]:
    """People as a worker types them in: the five kinds of difference the matcher must see through."""
    sample = Person.objects.order_by("?").values_list("family_name", "given_name", "patronymic", "birth_date")
    variants = []
    for i, (family, given, patronymic, birth) in enumerate(sample[:count]):
        kind = i % 5
        if kind == 0:
            family, given = fold_name(family).title(), fold_name(given).title()
        elif kind == 1:
            family, given = given, family
        elif kind == 2:
            cut = rng.randrange(1, len(family))
            family = family[:cut] + family[cut + 1 :]
        elif kind == 3:
            forms = {form for key in given_name_groups(given) for form in _groups()[key].forms}
            others = sorted(forms - {given}) or [given]
            given = rng.choice(others)
        else:
            family = family[:-1] if family.endswith("а") else family + "а"
        variants.append(PersonFacts(family_name=family, given_name=given, patronymic=patronymic, birth_date=birth))
    return variants


def measure_registry(variants: list[PersonFacts]) -> list[float]:
    """Milliseconds per organisation-wide match."""
    timings = []
    for facts in variants:
        started = time.perf_counter()
        registry_matches(facts)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_case_search(user, queries: list[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        list(Case.objects.visible_to(user).search(query, user=user).for_list()[:50])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def case_list_searches(user, count: int) -> dict[str, list[str]]:
    cases = list(Case.objects.visible_to(user).select_related("primary_person").order_by("?")[:count])
    return {
        "name": [case.primary_person.family_name for case in cases],
        "phone": ["8" + case.primary_person.phone_key[1:] for case in cases if case.primary_person.phone_key],
        "case number": [case.number for case in cases],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(20261125)

    call_command("migrate", verbosity=0)
    ensure_people(args.people, rng)
    user = golubka_worker()
    queries = query_variants(rng, args.queries)
    measure(lambda: Person.objects.all(), queries[:5])  # warm the caches once

    scoped = measure(lambda: Person.objects.visible_to(user), queries)
    unscoped = measure(lambda: Person.objects.all(), queries)
    print(f"people: {Person.objects.count()}, queries: {len(queries)}")
    print(f"duplicate search, as a Golubka worker (visible_to): median {statistics.median(scoped):.1f} ms, "
          f"p90 {statistics.quantiles(scoped, n=10)[-1]:.1f} ms")  # fmt: skip
    print(f"duplicate search, whole registry: median {statistics.median(unscoped):.1f} ms, "
          f"p90 {statistics.quantiles(unscoped, n=10)[-1]:.1f} ms")  # fmt: skip

    variants = registry_variants(rng, args.queries)
    measure_registry(variants[:5])
    print(f"organisation-wide match (search + compare, 5 kinds of variant): {percentiles(measure_registry(variants))}")
    searches = case_list_searches(user, args.queries)
    for kind, queries in searches.items():
        measure_case_search(user, queries[:3])
        print(f"case list search by {kind}, as a Golubka worker: {percentiles(measure_case_search(user, queries))}")
    name_search = Case.objects.visible_to(user).search(searches["name"][0], user=user).for_list()[:50]
    plan = name_search.explain()
    print("EXPLAIN of the case-list name search:")
    print(plan)
    for table in ("cases_person", "cases_case", "cases_casemember"):
        print(f"sequential scan on {table}:", "yes" if f"Seq Scan on {table} " in plan else "no")
    # At a small size PostgreSQL may rather walk the unit's cases than ask the index.
    print("trigram index person_name_key_trgm used:", "yes" if "person_name_key_trgm" in plan else "no")


if __name__ == "__main__":
    main()
