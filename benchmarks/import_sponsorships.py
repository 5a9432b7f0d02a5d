#!/usr/bin/env python
"""The AVSI import on a 5,000-row file, timed against a fresh, migrated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_import \
        .venv/bin/python benchmarks/import_sponsorships.py [--rows 5000] [--format xlsx|csv]

The file holds children, sponsors, sponsorships and contributions in the proportions of
the program (1 : 1 : 1 : 2). Django's test-database machinery creates "test_<name>" and
migrates it, so the figures start from an empty program; the database is dropped at the
end. Prints the time of the dry run, the apply and a second dry run of the same file
(which must find nothing to change). Target: each well under one minute.
`--registry N` first records N people outside the officer's units, namesakes of the
children (same names, birth dates in the same month), so every new child is matched
across the registry and its possible duplicates are filed for the registry stewards.
"""

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maksora.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maksora_bench_import")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402

from cases.models import DuplicateCandidate, Person  # noqa: E402
from cases.names import fold_name  # noqa: E402
from maksora.models import Unit  # noqa: E402
from sponsorship.importing import avsi_spreadsheet_import  # noqa: E402
from tests.data.avsi_rows import csv_bytes, xlsx_bytes  # noqa: E402

FAMILY = ["Смирнова", "Волкова", "Орлова", "Зайцева", "Кузнецова", "Попова", "Лебедева", "Новикова"]
GIVEN = ["Алина", "Вера", "Софья", "Полина", "Дарья", "Анна", "Мария", "Ксения"]
SPONSORS = ["Famiglia Rossi", "Giulia Bianchi", "Parrocchia San Marco", "Marco Ferrari", "Famiglia Colombo"]


def generate(rows: int) -> list[dict]:
    """rows/5 children, each with a sponsor, a sponsorship and two yearly contributions."""
    table = []
    for n in range(rows // 5):
        child, sponsor = f"RU-C-{n:05d}", f"IT-S-{n:05d}"
        enrolled = date(2019, 9, 1) + timedelta(days=n % 700)
        start = enrolled + timedelta(days=30)
        table.append({
            "record": "child", "child_code": child, "family_name": FAMILY[n % len(FAMILY)],
            "given_name": GIVEN[n % len(GIVEN)], "sex": "F", "birth_date": f"{1 + n % 28:02d}.03.2014",
            "district": ("lenin", "krasnozyorsk")[n % 2], "school": "School No. 94", "grade": str(1 + n % 11),
            "living_situation": ("family", "foster", "orphanage")[n % 3], "enrolled_on": enrolled.strftime("%d.%m.%Y"),
        })  # fmt: skip
        table.append({
            "record": "sponsor", "sponsor_code": sponsor, "sponsor_name": f"{SPONSORS[n % len(SPONSORS)]} {n}",
            "sponsor_kind": "family", "country": "IT", "language": "it", "email": f"sponsor{n}@example.it",
        })  # fmt: skip
        table.append({"record": "sponsorship", "child_code": child, "sponsor_code": sponsor,
                      "start": start.strftime("%d.%m.%Y")})  # fmt: skip
        for year in (2023, 2024):
            table.append({
                "record": "contribution", "child_code": child, "sponsor_code": sponsor, "year": str(year),
                "amount": "1 234,50" if n % 2 else "312.00", "received_on": f"15.03.{year}",
                "reference": f"AVSI-{year}-{n:05d}",
            })  # fmt: skip
    return table


def seed_registry(count: int) -> None:
    """`count` people with no case the officer sees, namesakes of the generated children."""
    people = []
    for n in range(count):
        family, given = FAMILY[n % len(FAMILY)], GIVEN[(n // len(FAMILY)) % len(GIVEN)]
        people.append(Person(family_name=family, given_name=given, sex="F", birth_date=date(2014, 3, 1 + n % 31),
                             name_key=fold_name(family, given)))  # fmt: skip
    Person.objects.bulk_create(people, batch_size=2000)


def as_file(table: list[dict], file_format: str) -> bytes:
    return csv_bytes(*table) if file_format == "csv" else xlsx_bytes(*table)


def timed(label: str, data: bytes, name: str, *, dry_run: bool, by) -> None:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began = time.perf_counter()
        result = avsi_spreadsheet_import(data=data, name=name, dry_run=dry_run, by=by)
        elapsed = time.perf_counter() - began
    totals = ", ".join(f"{action} {count:,}" for action, count in result.totals().items())
    print(f"{label:<22} {elapsed:7.2f} s   {len(queries):>7,} queries   {totals}")
    if result.rejected:
        print("  first rejection:", result.rejected[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--registry", type=int, default=0, help="namesakes recorded outside the officer's units")
    options = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        officer = get_user_model().objects.create_user("bench_officer", password="unused-bench-password")
        officer.groups.add(Group.objects.get(name="sponsorship_officer"))
        officer.units.add(Unit.objects.get(code="distance"))
        if options.registry:
            seed_registry(options.registry)
            print(f"registry: {options.registry:,} namesakes outside the officer's units")
        began = time.perf_counter()
        data = as_file(generate(options.rows), options.format)
        name = f"avsi.{options.format}"
        print(f"{options.rows:,}-row {options.format} file: {len(data) / 1024:,.0f} KB, "
              f"written in {time.perf_counter() - began:.2f} s")  # fmt: skip
        timed("dry run (empty db)", data, name, dry_run=True, by=officer)
        timed("apply", data, name, dry_run=False, by=officer)
        timed("dry run of same file", data, name, dry_run=True, by=officer)
        print(f"possible duplicates filed for the registry stewards: {DuplicateCandidate.objects.count():,}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
