#!/usr/bin/env python
"""The managers' yearly report and its exports on 20 years of synthetic data.

    createdb -h 127.0.0.1 -U postgres maksora_bench_reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maksora_bench_reports \
        .venv/bin/python benchmarks/yearly_report.py [--people 50000] [--notes 1000000] \
        [--stays 100000] [--contributions 500000] [--year 2025]

Missing data are generated with COPY under `session_replication_role = replica` (see
benchmarks/admin_changelists.py: benchmark data only; history triggers skipped). People
and notes already present (e.g. from the admin benchmark) are reused. Prints the time of
every figure function, of the report page, of each export and of the request that saves a snapshot.
"""

import argparse
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from admin_changelists import connection, copy_rows, next_ids, transaction, triggers_off, users  # sets up Django
from django.conf import settings
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.security.helpers import SignedInClient as Client  # passes the second factor as staff do


def generate_consents(rng: random.Random, *, pending_share: float = 0.03) -> None:
    """A data-processing consent for each person of a case, signed the day her first case opened,
    but for a few (`pending_share`) whose signature is still to be collected.

    Without them every member of an open case would be "consent pending": the coordinator's
    home would list thousands, as for an organisation that had stopped collecting consents.
    """
    from django.db.models import Min

    from cases.models import CaseMember, Consent

    existing = Consent.objects.count()
    if existing:
        print(f"consents present: {existing:,}")
        return
    firsts = (
        CaseMember.objects.values("person_id").annotate(first=Min("case__opened_on")).values_list("person_id", "first")
    )
    consents = [
        Consent(person_id=person_id, purpose="data_processing", recipient="", given_on=first)
        for person_id, first in firsts.order_by("person_id")
        if rng.random() >= pending_share
    ]
    for consent, pk in zip(consents, next_ids(Consent, len(consents)), strict=True):
        consent.id = pk
    with transaction.atomic(), triggers_off():
        copy_rows(Consent, consents)
    print(f"generated {len(consents):,} data-processing consents")


def generate_stays(target: int, rng: random.Random) -> None:
    """Families hosted bed by bed: a mother in a free bed, her children sharing it (no bed of their own).

    Each house fills its beds in the order cases were opened: a family moves into the bed
    that frees first (after a gap for cleaning and the next intake), stays 3–200 nights and
    leaves; one still in her bed today is ongoing. So there are never more ongoing stays than
    beds, no bed is ever shared by two families, and occupancy is what the beds allow.
    At most `target` stays; a house with few beds holds far fewer over the years.
    """
    import heapq

    from cases.models import CaseMember
    from shelters.demo import rooms_and_beds
    from shelters.models import Bed, House, Stay

    existing = Stay.objects.count()
    if existing:
        print(f"stays present: {existing:,}")
        return
    rooms_and_beds()
    today = timezone.localdate()
    now = timezone.now()
    stays = []
    for house in House.objects.select_related("unit"):
        beds = list(Bed.objects.filter(room__house=house).order_by("pk").values_list("pk", flat=True))
        families: dict[int, list] = {}
        for person_id, case_id, role, opened in (
            CaseMember.objects.filter(case__unit=house.unit)
            .order_by("case__opened_on", "case_id", "person_id")
            .values_list("person_id", "case_id", "role", "case__opened_on")
        ):
            families.setdefault(case_id, []).append((person_id, role, opened))
        free_from = [(date.min, bed) for bed in beds]  # (day the bed is free, bed)
        heapq.heapify(free_from)
        for case_id, members in families.items():
            if len(stays) >= target or not free_from:
                break
            opened = members[0][2]
            free_day, bed = heapq.heappop(free_from)
            start = max(opened, free_day + timedelta(days=rng.randint(1, 20)))
            if start >= today:
                heapq.heappush(free_from, (free_day, bed))
                continue
            end = start + timedelta(days=rng.randint(3, 200))
            ongoing = end > today
            destination = "" if ongoing else rng.choice(("own_rented", "relatives", "social_housing"))
            mother = next((m for m in members if m[1] == "primary"), members[0])
            for person_id, _role, _opened in [mother, *(m for m in members if m is not mother)]:
                stays.append(
                    Stay(
                        person_id=person_id,
                        case_id=case_id,
                        house=house,
                        bed_id=bed if person_id == mother[0] else None,
                        period=DateRange(start, None if ongoing else end, "[)"),
                        exit_destination=destination,
                        created_at=now,
                    )
                )
            if not ongoing:
                heapq.heappush(free_from, (end, bed))
    for stay, pk in zip(stays, next_ids(Stay, len(stays)), strict=True):
        stay.id = pk
    with transaction.atomic(), triggers_off():
        copy_rows(Stay, stays)
    ongoing = sum(1 for stay in stays if stay.period.upper is None and stay.bed_id)
    print(f"generated {len(stays):,} stays ({ongoing} families in a bed today)")


def generate_sponsorship(contributions: int, rng: random.Random, years: int) -> None:
    from cases.models import CaseMember
    from sponsorship.models import Contribution, Correspondence, Sponsor, SponsoredChild, Sponsorship

    if Sponsor.objects.filter(avsi_code__startswith="BS-").exists():  # generated before: reuse
        print(f"contributions present: {Contribution.objects.count():,}")
        return
    today = timezone.localdate()
    first = date(today.year - years, 1, 1)
    person_ids = list(
        CaseMember.objects.filter(case__unit__code="distance", role="child")
        .exclude(person__sponsored_child__isnull=False)
        .values_list("person_id", flat=True)[:6000]
    )
    child_ids, sponsor_ids = iter(next_ids(SponsoredChild, len(person_ids))), iter(next_ids(Sponsor, 3000))
    sponsors = [
        Sponsor(id=next(sponsor_ids), kind="family", name=f"Famiglia {n}", avsi_code=f"BS-{n:06d}") for n in range(3000)
    ]
    children, sponsorships = [], []
    for n, person_id in enumerate(person_ids):
        enrolled = first + timedelta(days=rng.randint(0, (today - first).days))
        exited = enrolled + timedelta(days=rng.randint(365, 3000)) if rng.random() < 0.4 else None
        exited = exited if exited and exited < today else None
        child = SponsoredChild(id=next(child_ids), person_id=person_id, avsi_code=f"BC-{n:06d}",
                               living_situation="family", enrolled_on=enrolled, exited_on=exited)  # fmt: skip
        children.append(child)
        start = enrolled + timedelta(days=rng.randint(0, 200))
        while start < (exited or today):
            end = start + timedelta(days=rng.randint(300, 2500))
            stop = exited or today
            ongoing = end >= stop and exited is None
            sponsorships.append((child, rng.choice(sponsors), start, None if ongoing else min(end, stop)))
            start = min(end, stop) + timedelta(days=rng.randint(0, 120))
            if ongoing:
                break
    sponsorship_ids = iter(next_ids(Sponsorship, len(sponsorships)))
    rows = [
        Sponsorship(
            id=next(sponsorship_ids),
            child=c,
            sponsor=s,
            period=DateRange(a, b, "[)"),
            end_reason="" if b is None else "sponsor_withdrew",
        )  # fmt: skip
        for c, s, a, b in sponsorships
        if b is None or b > a
    ]
    per = max(1, contributions // max(len(rows), 1))
    contribution_ids = iter(next_ids(Contribution, per * len(rows)))
    letter_ids = iter(
        next_ids(Correspondence, sum(((s.period.upper or today).year - s.period.lower.year + 1) for s in rows))
    )

    def contribution_rows():
        for sponsorship in rows:
            a, b = sponsorship.period.lower, sponsorship.period.upper or today
            for k in range(per):
                received = a + timedelta(days=rng.randint(0, max((b - a).days - 1, 0)))
                yield Contribution(id=next(contribution_ids), sponsorship=sponsorship, period_year=received.year,
                                   amount=Decimal(rng.choice(("25.00", "30.00", "50.00", "100.00"))),
                                   received_on=received, reference=f"BR-{sponsorship.id}-{k}")  # fmt: skip

    def letter_rows():
        for sponsorship in rows:
            a, b = sponsorship.period.lower, sponsorship.period.upper or today
            for year in range(a.year, b.year + 1):
                due = date(year, 11, 30)
                sent = due + timedelta(days=rng.randint(-60, 40)) if rng.random() < 0.85 else None
                yield Correspondence(id=next(letter_ids), sponsorship=sponsorship, kind="yearly_update", due_on=due,
                                     sent_on=sent if sent and sent <= today else None, language="it")  # fmt: skip

    with transaction.atomic(), triggers_off():
        copy_rows(Sponsor, sponsors)
        copy_rows(SponsoredChild, children)
        copy_rows(Sponsorship, rows)
        copy_rows(Contribution, contribution_rows())
        copy_rows(Correspondence, letter_rows())
    print(
        f"generated {len(children):,} sponsored children, {len(rows):,} sponsorships, {per * len(rows):,} contributions"
    )


def timed(label, function, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
    print(f"{label:58} {elapsed:9.1f} ms {len(queries):5d} queries")
    return result


def _read_figure(function, start, end, user):
    """The figure with its values read (deferred values are read when first asked for)."""
    figure = function(start, end, user=user)
    pending = [figure]
    while pending:
        shown = pending.pop()
        _value = shown.value
        pending.extend(shown.breakdown.values())
    return figure


def _compute(reporting, periods, user):
    """The reports of `periods`, together where this version of the code can (compute_reports), else one by one."""
    if hasattr(reporting, "compute_reports"):
        with reporting.without_jit():
            return reporting.compute_reports(periods, user)
    return [reporting.compute_report(start, end, user) for start, end in periods]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--stays", type=int, default=100_000)
    parser.add_argument("--contributions", type=int, default=500_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    rng = random.Random(11)

    from admin_changelists import generate_people_cases_notes

    from cases.models import Person

    if Person.objects.count() < args.people:
        generate_people_cases_notes(people=args.people, notes=args.notes, years=args.years)
    staff = users()
    generate_stays(args.stays, rng)
    generate_sponsorship(args.contributions, rng, args.years)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from cases.models import Note
    from shelters.models import Stay
    from sponsorship.models import Contribution

    print(
        f"\ndata: {Person.objects.count():,} people, {Note.objects.count():,} notes, {Stay.objects.count():,} stays, "
        f"{Contribution.objects.count():,} contributions"
    )
    from reports import report as reporting

    manager = staff["bench_manager"]
    start, end = date(args.year, 1, 1), date(args.year + 1, 1, 1)
    print(f"\nFigure functions, year {args.year}, as manager")
    broken_shelters = False
    for key, _title, functions in reporting.sections_for(manager):
        for function in functions:
            try:
                with reporting.without_jit():  # as the report page runs them
                    figure = timed(f"{key}.{function.__name__}", _read_figure, function, start, end, manager)
                print(f"{'':58} = {figure.value}")
            except Exception as error:  # a broken figure is reported, the others still timed
                print(f"{key}.{function.__name__}: ERROR {type(error).__name__}: {str(error)[:100]}")
                broken_shelters = broken_shelters or key == "shelters"
    if broken_shelters:
        print("shelter figures failed: pages and exports below are timed WITHOUT the shelter section")
        reporting.SECTIONS = tuple(spec for spec in reporting.SECTIONS if spec.key != "shelters")
    print("\nThe report computed (all sections, no stored figures), as manager")
    year = (start, end)
    since = (date(2010, 1, 1), end)
    computed = {}
    for label, periods in (
        (f"one year ({args.year})", [year]),
        (
            f"{args.year} and {args.year - 1} together (a page with the year before)",
            [year, (date(args.year - 1, 1, 1), start)],
        ),
        (f"since 2010 ({since[1].year - 2010} years)", [since]),
    ):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            _compute(reporting, periods, manager)
        computed[label] = time.perf_counter() - started
        print(f"{label:58} {computed[label] * 1000:9.1f} ms {len(queries):5d} queries")
    one_year, several = list(computed.values())[0], list(computed.values())[-1]
    print(f"{'since 2010 / one year':58} {several / one_year:9.2f} ×")
    from reports.models import ComputedReport

    ComputedReport.objects.all().delete()  # a run before this one stored its figures: time the first view
    print("\nPages and exports (test Client, manager)")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    for label, url in (
        ("report page (figures computed)", f"/reports/?year={args.year}"),
        ("report page again (figures stored)", f"/reports/?year={args.year}"),
        ("drill-down people served (page 1)", f"/reports/figure/people_served/people_served/?year={args.year}"),
        ("export CSV", f"/reports/export/csv/?year={args.year}&lang=en"),
        ("export XLSX", f"/reports/export/xlsx/?year={args.year}&lang=en"),
        ("export PDF", f"/reports/export/pdf/?year={args.year}&lang=ru"),
        ("since 2010 report page", "/reports/?since=2010"),
    ):
        response = timed(label, client.get, url)
        if getattr(response, "streaming", False):
            size = len(b"".join(response.streaming_content))
        else:
            size = len(response.content)
        assert response.status_code == 200, (url, response.status_code)
        print(f"{'':58} {size:,} bytes")
    # Saving runs as a background job: the request only enqueues it (benchmarks/jobs.py times both).
    timed(
        "save snapshot (request: enqueues the job)", client.post, f"/reports/save/?year={args.year}", {"title": "bench"}
    )


if __name__ == "__main__":
    main()
