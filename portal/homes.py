"""What each role sees first: one context builder per home page, each a fixed number of queries.

The social worker's home is cases.views.home (her caseload); coordinators get their units at a
glance, managers this year against last, sponsorship officers the programme's work in hand.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone, translation

from cases import choices as case_choices
from cases import reports as case_reports
from cases.caseload import DEFAULT_QUIET_DAYS, caseload_at_a_glance, overdue_tasks_in
from cases.models import Case, CaseMember, Consent, Person, Task
from maksora.access import access_for
from maksora.figures import aggregate_of, count_of, resolve_values
from maksora.sql import AnyOf, first_rows_and_count, subquery_count
from maksora.units import HOUSE_UNITS
from shelters import reports as shelter_reports
from shelters.models import Bed, House, Stay
from sponsorship import choices as sponsorship_choices
from sponsorship import reports as sponsorship_reports
from sponsorship.models import Correspondence, SponsoredChild

LIST_LIMIT = 8
UPDATES_DUE_DAYS = 30  # yearly updates due within a month show on the sponsorship home


# --- coordinator -----------------------------------------------------------------------


@dataclass
class HouseToday:
    house: House
    people: int
    beds_taken: int
    beds: int

    @property
    def percent(self) -> int:
        return round(100 * self.beds_taken / self.beds) if self.beds else 0


def occupancy_today(user, day: date) -> list[HouseToday]:
    """People staying and beds taken tonight in each house of the user's units: two queries."""
    codes = access_for(user).own_unit_codes & HOUSE_UNITS
    beds = subquery_count(Bed.objects.filter(room__house=OuterRef("pk")), per="room__house")
    houses = list(
        House.objects.filter(unit__code__in=codes)
        .select_related("unit")
        .annotate(bed_count=beds)
        .order_by("unit__code", "id")
    )
    if not houses:
        return []
    staying = {
        row["house"]: row
        for row in Stay.objects.counted_for(user)
        .on(day)
        .filter(house__in=houses)
        .order_by()
        .values("house")
        .annotate(people=Count("pk"), beds_taken=Count("bed", distinct=True))
    }
    return [
        HouseToday(
            house=house,
            people=staying.get(house.pk, {}).get("people", 0),
            beds_taken=staying.get(house.pk, {}).get("beds_taken", 0),
            beds=house.bed_count,
        )
        for house in houses
    ]


def consents_pending(user, day: date):
    """People of open cases in the user's units with no data-processing consent in force on `day`.

    Read from the members of those open cases (index reads from the units' open cases), not
    by testing every person of the organisation. Her own units are among those she reads, so
    scoping by them is scoping by case; the restriction part of `visible_to` is kept as is.
    """
    access = access_for(user)
    codes = access.own_unit_codes & access.case_unit_codes
    in_force = (
        Consent.objects.in_force_on(day)
        .filter(purpose=case_choices.ConsentPurpose.DATA_PROCESSING)
        .filter(person=OuterRef("pk"))
    )
    open_cases = Case.objects.open().filter(unit__code__in=codes)
    members_of_open_cases = CaseMember.objects.filter(AnyOf("case_id", open_cases.values("pk"))).values("person_id")
    return (
        Person.objects.not_hidden_from(user)
        # Their ids first (maksora.sql.AnyOf): as a semi-join PostgreSQL hashed every person.
        .filter(AnyOf("pk", members_of_open_cases), merged_into__isnull=True)
        .filter(~Exists(in_force))
        .order_by("family_name", "given_name", "id")
    )


def coordinator_home_context(request) -> dict:
    user = request.user
    today = timezone.localdate()
    units = access_for(user).own_unit_codes
    rows, totals = caseload_at_a_glance(user, today=today, unit_codes=units)
    overdue_tasks = (
        overdue_tasks_in(Task.objects.visible_to(user).filter(case__unit__code__in=units), today=today)
        .select_related("case", "assigned_to")
        .order_by("due_on", "id")
    )
    # Only what the list shows: every pending person passes through the count and the sort.
    pending = consents_pending(user, today).only("family_name", "given_name", "patronymic")
    pending, pending_count = first_rows_and_count(pending, LIST_LIMIT)
    return {
        "today": today,
        "rows": rows,
        "totals": totals,
        "days": DEFAULT_QUIET_DAYS,
        "overdue_task_list": overdue_tasks[:LIST_LIMIT],
        "houses": occupancy_today(user, today),
        "consents_pending": pending,
        "consents_pending_count": pending_count,
    }


# --- sponsorship officer ---------------------------------------------------------------


def month_span(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def sponsorship_home_context(request) -> dict:
    user = request.user
    today = timezone.localdate()
    updates = (
        Correspondence.objects.visible_to(user)
        .pending()
        .filter(kind=sponsorship_choices.CorrespondenceKind.YEARLY_UPDATE)
        .filter(due_on__lte=today + timedelta(days=UPDATES_DUE_DAYS))
        .for_list()
        .order_by("due_on", "id")
    )
    # The waiting children's ids first (maksora.sql.AnyOf), her scope then on just them: the
    # few hundred without a sponsor, not the thousands enrolled, each scoped by a person's
    # memberships (scoping them all first hashed every person and every membership).
    awaiting_ids = SponsoredChild.objects.awaiting_sponsor(today).values("pk")
    awaiting = (
        SponsoredChild.objects.visible_to(user)
        .filter(AnyOf("pk", awaiting_ids))
        .for_list()
        .order_by("enrolled_on", "id")
    )
    awaiting_first, awaiting_count = first_rows_and_count(awaiting, LIST_LIMIT)
    # Both figures of the updates in one read of them.
    updates_counts = aggregate_of(updates, due=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    start, end = month_span(today)
    contributions = sponsorship_reports.contributions_received(start, end, user=user)
    contributions_count = count_of(contributions.records)
    # The updates' counts and the month's sum and count read in one statement.
    resolve_values([*updates_counts.values(), *contributions.deferred_values(), contributions_count])
    return {
        "today": today,
        "updates_due": updates[:LIST_LIMIT],
        "updates_due_count": updates_counts["due"].get(),
        "updates_overdue_count": updates_counts["overdue"].get(),
        "awaiting": awaiting_first,
        "awaiting_count": awaiting_count,
        "contributions_total": contributions.value,
        "contributions_count": contributions_count.get(),
        "month_start": start,
    }


# --- manager ---------------------------------------------------------------------------

# The yearly report's headline figures, compared with the same days of the year before.
HEADLINES = (
    case_reports.people_served,
    shelter_reports.bed_nights,
    sponsorship_reports.children_sponsored,
    sponsorship_reports.contributions_received,
)


def same_days_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class Headline:
    key: str
    label: str
    this_year: object
    last_year: object

    @property
    def change(self):
        """Percent change from last year, or None when last year had nothing to compare with."""
        if not self.last_year or self.this_year is None:
            return None
        return round(100 * (float(self.this_year) - float(self.last_year)) / float(self.last_year))


# The manager's home is a glance at the year; the report page is the exact figure. Her
# headlines are kept a quarter of an hour per reach and language: at twenty years of data
# they cost seconds, and every note written would otherwise make them stale at once.
HEADLINES_KEPT_SECONDS = 15 * 60


def _headlines(user, today: date) -> tuple[list[Headline], object]:
    """The headline figures this year so far and the same days last year, and when they were computed."""
    access = access_for(user)
    key = "home-headlines:" + "|".join(
        [
            ",".join(sorted(access.case_unit_codes)),
            str(access.sees_sponsors),
            str(access.reads_sponsorship_programme),
            today.isoformat(),
            translation.get_language() or "",
        ]
    )
    kept = cache.get(key)
    if kept is None:
        this_start, this_end = date(today.year, 1, 1), today + timedelta(days=1)
        last_start, last_end = date(today.year - 1, 1, 1), same_days_last_year(today) + timedelta(days=1)
        headlines = []
        for function in HEADLINES:
            this_year = function(this_start, this_end, user=user)
            last_year = function(last_start, last_end, user=user)
            headlines.append(Headline(this_year.key, str(this_year.label), this_year.value, last_year.value))
        kept = (headlines, timezone.now())
        cache.set(key, kept, HEADLINES_KEPT_SECONDS)
    return kept


def manager_home_context(request) -> dict:
    """This year so far against the same days of last year, for the report's headline figures."""
    today = timezone.localdate()
    headlines, computed_at = _headlines(request.user, today)
    chart = {
        "years": [str(today.year - 1), str(today.year)],
        "figures": [
            {"key": h.key, "label": h.label, "values": [_plain(h.last_year), _plain(h.this_year)]} for h in headlines
        ],
    }
    return {
        "today": today,
        "this_year": today.year,
        "last_year": today.year - 1,
        "last_year_until": same_days_last_year(today),
        "headlines": headlines,
        "headlines_computed_at": computed_at,
        "chart": chart,
    }


def _plain(value):
    return float(value) if value is not None else None
