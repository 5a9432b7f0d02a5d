#!/usr/bin/env python
"""Drill-down exports beside the bare tools: the same rows by values_list() + csv.writer and by
raw XlsxWriter (constant_memory), then by the drill-down CSV and XLSX exports; peak memory of each,
at two sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \
        .venv/bin/python benchmarks/drilldown_exports.py [--sizes 10000 50000]

The people of the "people served" drill-down (name, sex, date of birth, district) are
generated inside a transaction that is rolled back at the end: nothing stays behind.
Targets: CSV ≥ 50% of values_list() + csv.writer, XLSX ≥ 80% of raw XlsxWriter.
"""

import argparse
import csv
import io
import random
import tempfile
import time
import tracemalloc
from datetime import date, timedelta

import xlsxwriter
from admin_changelists import FAMILY, GIVEN  # sets up Django
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from cases.models import Person
from maksora.exports import stream_csv
from reports.drilldown import Drilldown
from reports.drilldown_exports import write_xlsx


class Rollback(Exception):
    pass


RUNS = 3


def measure_side_by_side(produces: dict) -> dict:
    """Best time of `RUNS` rounds per function, the functions taking turns within each round (a shared
    machine's load then weighs on all alike), and the peak memory of one more traced run of each."""
    best = dict.fromkeys(produces, float("inf"))
    rows = {}
    for _ in range(RUNS):
        for label, produce in produces.items():
            started = time.perf_counter()
            rows[label] = produce()
            best[label] = min(best[label], time.perf_counter() - started)
    rates = {}
    for label, produce in produces.items():
        tracemalloc.start()  # tracing slows Python down: memory is measured apart from time
        produce()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rates[label] = rows[label] / best[label]
        print(
            f"  {label:40} {rows[label]:>8,} rows {best[label] * 1000:9.1f} ms {rates[label]:>10,.0f} rows/s"
            f"  peak {peak / 1e6:6.1f} MB"
        )
    return rates


def add_people(count: int) -> None:
    rng = random.Random(count)
    Person.objects.bulk_create(
        [
            Person(
                family_name=rng.choice(FAMILY),
                given_name=rng.choice(GIVEN),
                patronymic="Ивановна",
                sex="F",
                birth_date=date(1970, 1, 1) + timedelta(days=rng.randrange(15000)),
                district=rng.choice(["lenin", "krasnozyorsk", "other", ""]),
            )
            for _ in range(count)
        ],
        batch_size=5000,
    )


def compare(size: int, reader) -> None:
    people = Person.objects.order_by("pk")[:size]
    ids = list(people.values_list("pk", flat=True))
    queryset = Person.objects.filter(pk__in=ids).order_by("pk")
    listing = Drilldown("cases.person", reader)
    paths = listing.value_paths

    def plain_csv():
        writer = csv.writer(io.StringIO())
        count = 0
        for row in queryset.values_list(*paths).iterator(chunk_size=2000):
            writer.writerow(row)
            count += 1
        return count

    def drill_csv():
        count = 0
        for chunk in stream_csv(listing.live_rows(queryset)):
            count += chunk.count("\n")
        return count

    def plain_xlsx():
        with tempfile.TemporaryFile() as output:
            workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "default_date_format": "dd.mm.yyyy"})
            sheet = workbook.add_worksheet()
            count = 0
            for count, row in enumerate(queryset.values_list(*paths).iterator(chunk_size=2000), start=1):
                sheet.write_row(count, 0, row)
            workbook.close()
        return count

    def drill_xlsx():
        with tempfile.TemporaryFile() as output:
            return write_xlsx(output, listing.headings, listing.live_rows(queryset), sheet="People")

    print(f"{size:,} people")
    rates = measure_side_by_side(
        {
            "values_list() + csv.writer": plain_csv,
            "drill-down CSV (the export)": drill_csv,
            "raw XlsxWriter (constant_memory)": plain_xlsx,
            "drill-down XLSX (the export)": drill_xlsx,
        }
    )
    csv_ratio = rates["drill-down CSV (the export)"] / rates["values_list() + csv.writer"]
    xlsx_ratio = rates["drill-down XLSX (the export)"] / rates["raw XlsxWriter (constant_memory)"]
    print(f"  CSV  export / values_list + csv.writer: {csv_ratio:6.0%} (target ≥ 50%)")
    print(f"  XLSX export / raw XlsxWriter:           {xlsx_ratio:6.0%} (target ≥ 80%)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 50_000])
    sizes = sorted(parser.parse_args().sizes)
    try:
        with transaction.atomic():
            reader = get_user_model().objects.create(username="drilldown-benchmark-manager")
            reader.groups.add(Group.objects.get(name="manager"))
            add_people(sizes[-1])
            for size in sizes:
                compare(size, reader)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
