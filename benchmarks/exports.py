#!/usr/bin/env python
"""Row-level exports beside the limits of the machine: the same rows by COPY, by a bare
values_list() + csv.writer, and by the export itself; peak memory of each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python benchmarks/exports.py

Reuses the data of benchmarks/yearly_report.py (its contributions). The sponsor statement
CSV is timed for every contribution of the sponsors with the most, so the row count is large
enough to measure; the export should reach at least half the speed of values_list() + csv.
"""

import csv
import io
import time
import tracemalloc
from datetime import date

from admin_changelists import connection  # sets up Django
from django.db.models import Count, Q

from maksora.exports import stream_csv
from sponsorship import exports
from sponsorship.models import Contribution, Sponsor

SPONSORS = 300


def measure(label: str, produce) -> float:
    started = time.perf_counter()
    rows = produce()
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second run for the memory: tracing slows Python down
    produce()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label:44} {rows:>9,} rows {elapsed * 1000:9.1f} ms {rows / elapsed:>10,.0f} rows/s "
        f" peak {peak / 1e6:6.1f} MB"
    )
    return rows / elapsed


def main() -> None:
    year = Contribution.objects.order_by("-received_on").values_list("received_on__year", flat=True).first() - 1
    in_year = Q(sponsorships__contributions__received_on__gte=date(year, 1, 1)) & Q(
        sponsorships__contributions__received_on__lt=date(year + 1, 1, 1)
    )
    sponsors = list(
        Sponsor.objects.annotate(n=Count("sponsorships__contributions", filter=in_year))
        .order_by("-n")
        .values_list("pk", flat=True)[:SPONSORS]
    )
    queryset = Contribution.objects.filter(
        sponsorship__sponsor__in=sponsors, received_on__gte=date(year, 1, 1), received_on__lt=date(year + 1, 1, 1)
    )

    def copy_out():
        sql, params = queryset.values_list(*exports.STATEMENT_COLUMNS).query.sql_with_params()
        with connection.cursor() as cursor:
            query = cursor.mogrify(sql, params)
            query = query.decode() if isinstance(query, bytes) else query
            buffer = io.StringIO()
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):
                raw.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV", buffer)
            else:
                with raw.copy(f"COPY ({query}) TO STDOUT WITH CSV") as copy:
                    for data in copy:
                        buffer.write(bytes(data).decode())
        return buffer.getvalue().count("\n")

    def plain():
        writer = csv.writer(io.StringIO())
        count = 0
        for row in queryset.values_list(*exports.STATEMENT_COLUMNS).iterator(chunk_size=2000):
            writer.writerow(row)
            count += 1
        return count

    def statement():
        count = 0
        for sponsor in Sponsor.objects.filter(pk__in=sponsors):
            for chunk in stream_csv(exports.statement_csv_rows(sponsor, year)):
                count += chunk.count("\n")
        return count - 4 * len(sponsors)  # header and total lines

    print(f"sponsor statements of {year}, the {len(sponsors)} sponsors with the most contributions")
    measure("COPY of the same rows", copy_out)
    baseline = measure("values_list() + csv.writer", plain)
    export = measure("sponsor statement CSV (the export)", statement)
    print(f"export / values_list + csv: {export / baseline:.0%} (target ≥ 50%)")


if __name__ == "__main__":
    main()
