"""Shelter figures of the reports: one function per figure, returning `maksora.figures.Figure`.

Every function takes `(start, end, *, user=None, house=None)`; the period is HALF-OPEN
`[start, end)` (a calendar year Y is `[date(Y, 1, 1), date(Y + 1, 1, 1))`). With `user`,
only stays of the houses that user sees are counted (`Stay.objects.counted_for(user)`:
restricted people included, their drill-down rows shown as restricted); with `house`,
only that house. `records` is the queryset behind the number (for drill-down).

Decisions, shared by all figures:

- A night belongs to the day it starts: a stay `[a, b)` has the nights a … b-1 (the exit
  day b is not counted). A stay admitted and discharged on the same day d is stored as
  `[d, d + 1)` with `same_day` set (see shelters.services): it counts one night and one
  day of length, but its exit day is d (`shelters.querysets.exit_day`, the one definition
  the figures, the drill-down and the pages share). So a same-day stay on 31 December is
  an exit of that year, while a stay `[30 Dec, 1 Jan)` is an exit of the next one.
- Length of stay = nights from the arrival to the end of the stored period: exit day −
  arrival day, except a same-day stay, which counts 1 (its one night). Averages, the
  median and rates are measures, never counts: always floats, unrounded (the page rounds
  them when it shows them, the exports carry them whole).
- Nights not lived yet are never counted: ongoing stays (and any period reaching into
  the future) are counted up to `min(end, today + 1)`, i.e. tonight included.
- A transfer (`stay_transfer`) ends a stay with exit reason "transfer" and starts the next
  one the same day. Such a pair is one stay for the figures: the continuation is not a
  new arrival and the transfer is not an exit. Within a scope (a house, or what a user
  sees) a transfer from/to outside the scope *is* an arrival/exit of that scope, so per
  house figures may add up to more than the total; a transfer out of a house shows as the
  exit destination "transfer to another house".
"""

import statistics
from datetime import date, timedelta

from django.contrib.postgres.fields import DateRangeField
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Count, DateField, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Person
from maksora.figures import Figure, aggregate_of, count_of, derived, rows_of
from shelters.choices import ExitDestination, ExitReason
from shelters.models import Bed, BedOutOfService, House, Stay
from shelters.querysets import RangeLower, RangeUpper, exit_day

ADULT_AGE = 18
TRANSFER_OUT = "transfer"


_Lower, _Upper = RangeLower, RangeUpper


def _nights_within(window: DateRange) -> Func:
    """Days of `period ∩ window`: upper − lower of the range intersection, 0 when empty."""
    overlap = Func(
        F("period"),
        Value(window, output_field=DateRangeField()),
        arg_joiner=" * ",
        template="(%(expressions)s)",
        output_field=DateRangeField(),
    )
    return Coalesce(
        Func(_Upper(overlap), _Lower(overlap), arg_joiner=" - ", template="(%(expressions)s)"),
        0,
        output_field=IntegerField(),
    )


def _counted_window(start: date, end: date, today: date | None = None) -> DateRange | None:
    """[start, min(end, today + 1)): the nights already lived, or None if there are none."""
    cap = min(end, (today or timezone.localdate()) + timedelta(days=1))
    return DateRange(start, cap, "[)") if cap > start else None


def _stays(*, user=None, house: House | None = None):
    stays = Stay.objects.all()
    if user is not None:
        stays = stays.counted_for(user)
    if house is not None:
        stays = stays.filter(house=house)
    return stays


def _arrivals(scope):
    """Stays of `scope` that are not the continuation of a transfer inside `scope`."""
    continued = scope.filter(
        person=OuterRef("person"), exit_reason=ExitReason.TRANSFER, period__endswith=OuterRef("start_day")
    )
    return scope.annotate(start_day=_Lower("period")).filter(~Exists(continued))


def _departures(scope):
    """Ended stays of `scope` whose person did not go on to another stay inside `scope`."""
    continuation = scope.filter(person=OuterRef("person"), period__startswith=OuterRef("exit_day"))
    return (
        scope.filter(period__upper_inf=False)
        .annotate(exit_day=exit_day())
        .filter(~(Q(exit_reason=ExitReason.TRANSFER) & Exists(continuation)))
    )


def people_hosted(start: date, end: date, *, user=None, house=None) -> Figure:
    """Distinct persons with a stay intersecting [start, end): mothers (adults) and minors.

    A person is a minor when under 18 on her *first counted day*: the earliest
    max(stay start, period start) over her stays in the period. So a girl who is 17 at her
    first stay of the year and 18 at a later one is counted once, as a minor. A person
    without a birth date is counted with the adults. mothers + minors == total.
    """
    stays = _stays(user=user, house=house).intersecting(start, end)
    first_day = (
        stays.filter(person=OuterRef("pk"))
        .annotate(first_day=Greatest(_Lower("period"), Value(start, output_field=DateField())))
        .order_by("first_day")
        .values("first_day")[:1]
    )
    adult_from = Func(
        F("birth_date"), template=f"(%(expressions)s + interval '{ADULT_AGE} years')::date", output_field=DateField()
    )
    people = (
        Person.objects.filter(pk__in=stays.values("person"))
        .annotate(first_counted_day=first_day, adult_from=adult_from)
        .order_by("family_name", "given_name", "id")
    )
    minor = Q(birth_date__isnull=False, adult_from__gt=F("first_counted_day"))
    minors = people.filter(minor)
    mothers = people.exclude(minor)
    return Figure(
        key="people_hosted",
        label=_("People hosted"),
        value=count_of(people),
        records=people,
        breakdown={
            "mothers": Figure(
                "people_hosted_mothers",
                _("Mothers and other adults"),
                count_of(mothers),
                mothers,
                definition=_(
                    "People hosted who were 18 or over on the first day they were counted "
                    "in the period, and those without a birth date."
                ),
            ),
            "minors": Figure(
                "people_hosted_minors",
                _("Minors"),
                count_of(minors),
                minors,
                definition=_("People hosted who were under 18 on the first day they were counted in the period."),
            ),
        },
        definition=_("People with a shelter stay on at least one day of the period, each counted once."),
    )


def stays_started(start: date, end: date, *, user=None, house=None) -> Figure:
    """Arrivals: stays starting in [start, end), transfers inside the scope excluded."""
    stays = (
        _arrivals(_stays(user=user, house=house))
        .filter(start_day__gte=start, start_day__lt=end)
        .select_related("person", "house", "bed")
        .order_by("start_day", "id")
    )
    return Figure(
        "stays_started",
        _("Stays started"),
        count_of(stays),
        stays,
        definition=_(
            "Arrivals in a shelter during the period; a transfer from one house to another "
            "within the houses counted is not a new arrival."
        ),
    )


def stays_ended(start: date, end: date, *, user=None, house=None) -> Figure:
    """Exits: stays whose exit day (end of the period) is in [start, end), transfers inside the scope excluded."""
    stays = (
        _departures(_stays(user=user, house=house))
        .filter(exit_day__gte=start, exit_day__lt=end)
        .select_related("person", "house", "bed")
        .order_by("exit_day", "id")
    )
    return Figure(
        "stays_ended",
        _("Stays ended"),
        count_of(stays),
        stays,
        definition=_(
            "Departures from a shelter whose exit day falls in the period; a transfer to another "
            "house within the houses counted is not a departure."
        ),
    )


def bed_nights(start: date, end: date, *, user=None, house=None) -> Figure:
    """Σ over stays of |period ∩ [start, end)| in days, nights after today not counted.

    Every person counts, infants sharing a bed included (the design's definition); the
    breakdown separates nights "in_a_bed" (used by `occupancy_rate`) and "sharing_a_bed".
    """
    window = _counted_window(start, end)
    scope = _stays(user=user, house=house)
    if window is None:
        none = scope.none()
        return Figure(
            "bed_nights",
            _("Bed-nights"),
            0,
            none,
            breakdown={
                "in_a_bed": Figure("bed_nights_in_a_bed", _("In a bed of their own"), 0, none),
                "sharing_a_bed": Figure("bed_nights_sharing_a_bed", _("Sharing a bed"), 0, none),
            },
        )
    stays = (
        scope.filter(period__overlap=window)
        .annotate(nights=_nights_within(window))
        .select_related("person", "house", "bed")
        .order_by("period", "id")
    )
    totals = aggregate_of(
        stays,
        all=Coalesce(Sum("nights"), 0),
        in_a_bed=Coalesce(Sum("nights", filter=Q(bed__isnull=False)), 0),
    )
    in_bed, sharing = stays.filter(bed__isnull=False), stays.filter(bed__isnull=True)
    return Figure(
        "bed_nights",
        _("Bed-nights"),
        totals["all"],
        stays,
        breakdown={
            "in_a_bed": Figure("bed_nights_in_a_bed", _("In a bed of their own"), totals["in_a_bed"], in_bed),
            "sharing_a_bed": Figure(
                "bed_nights_sharing_a_bed",
                _("Sharing a bed"),
                derived(lambda total, in_a_bed: total - in_a_bed, totals["all"], totals["in_a_bed"]),
                sharing,
            ),
        },
        definition=_(
            "Nights spent in a shelter within the period by every person, infants sharing a bed included; "
            "nights after today are not counted."
        ),
    )


def _with_available_days(beds, window: DateRange):
    """`beds` annotated with `available_days`: the days of `window` less those each was out of service."""
    out_of_service = (
        BedOutOfService.objects.filter(bed=OuterRef("pk"), period__overlap=window)
        .annotate(nights=_nights_within(window))
        .values("bed")
        .annotate(total=Sum("nights"))
        .values("total")
    )
    days = Value((window.upper - window.lower).days, output_field=IntegerField())
    return beds.annotate(available_days=days - Coalesce(Subquery(out_of_service), 0))


def available_bed_days(start: date, end: date, *, user=None, house=None) -> Figure:
    """Beds × days of [start, min(end, today + 1)) minus the days each bed was out of service."""
    window = _counted_window(start, end)
    beds = Bed.objects.all()
    if user is not None:
        beds = beds.visible_to(user)
    if house is not None:
        beds = beds.filter(room__house=house)
    if window is None:
        return Figure("available_bed_days", _("Available bed-days"), 0, beds.none())
    beds = _with_available_days(beds, window)
    # A sum of day counts comes back as numeric: cast, so the figure is a count of days, not money.
    value = aggregate_of(beds, total=Cast(Coalesce(Sum("available_days"), 0), IntegerField()))["total"]
    return Figure(
        "available_bed_days",
        _("Available bed-days"),
        value,
        beds,
        definition=_("Beds times the days of the period up to today, less the days each bed was out of service."),
    )


def with_nights(rows, start: date, end: date, *, today: date | None = None):
    """`rows` (stays, or their history rows: anything with a `period`) annotated with `nights`,
    each one's share of `bed_nights(start, end)` as counted on `today` (a saved report's day)."""
    window = _counted_window(start, end, today)
    if window is None:
        return rows.annotate(nights=Value(0, output_field=IntegerField()))
    return rows.annotate(nights=_nights_within(window))


def with_available_days(beds, start: date, end: date, *, today: date | None = None):
    """`beds` annotated with `available_days`, each one's share of `available_bed_days(start, end)`."""
    window = _counted_window(start, end, today)
    if window is None:
        return beds.annotate(available_days=Value(0, output_field=IntegerField()))
    return _with_available_days(beds, window)


def occupancy_rate(start: date, end: date, *, user=None, house=None) -> Figure:
    """Bed-nights in a bed / available bed-days, a ratio between 0 and 1 (None when no bed-day).

    Only stays with a bed count: an infant sharing her mother's bed occupies no extra bed.
    Beds out of service are taken out of the available bed-days; nights after today are
    not counted on either side. `records` are the stays with a bed in the period.
    """
    nights = bed_nights(start, end, user=user, house=house).breakdown["in_a_bed"]
    available = available_bed_days(start, end, user=user, house=house)
    # The sums come back as numeric (Decimal): a rate is a float, not money.
    value = derived(
        lambda nights, available: float(nights) / float(available) if available else None,
        nights.pending,
        available.pending,
    )
    return Figure(
        "occupancy_rate",
        _("Occupancy rate"),
        value,
        nights.records,
        breakdown={"bed_nights": nights, "available_bed_days": available},
        definition=_(
            "Nights spent in a bed of one's own divided by the available bed-days of the period "
            "(days a bed was out of service and days after today left out)."
        ),
    )


def _lengths(start: date, end: date, *, user=None, house=None):
    """Stays ended in the period, each annotated with `length_days` since its arrival in the scope.

    Through transfers inside the scope, the arrival is the start of the latest arrival
    stay of the person that began on or before this stay.
    """
    scope = _stays(user=user, house=house)
    arrival_day = (
        _arrivals(scope)
        .filter(person=OuterRef("person"), start_day__lte=OuterRef("last_start"))
        .order_by("-start_day")
        .values("start_day")[:1]
    )
    return (
        stays_ended(start, end, user=user, house=house)
        .records.annotate(last_start=_Lower("period"))
        .annotate(arrival_day=Coalesce(arrival_day, F("last_start")))
        .annotate(
            length_days=Func(
                _Upper("period"),
                F("arrival_day"),
                arg_joiner=" - ",
                template="(%(expressions)s)",
                output_field=IntegerField(),
            )
        )
    )


def _average(rows: list[tuple[int]]) -> float | None:
    lengths = [length for (length,) in rows]
    return statistics.fmean(lengths) if lengths else None


def _median(rows: list[tuple[int]]) -> float | None:
    # statistics.median gives an int for an odd count and a float for an even one: always a float,
    # so the figure is a measure (no drill-down link, same decimals) whatever the number of stays.
    lengths = [length for (length,) in rows]
    return float(statistics.median(lengths)) if lengths else None


def _length_figures(stays) -> tuple[Figure, Figure]:
    """The average and the median length of `stays` (`_lengths`), from one read of their lengths."""
    lengths = rows_of(stays.values_list("length_days"))
    average = Figure(
        "length_of_stay_average",
        _("Average length of stay (days)"),
        lengths.map(_average),
        stays,
        definition=_("The average number of days from arrival to departure of the stays that ended in the period."),
    )
    median = Figure(
        "length_of_stay_median",
        _("Median length of stay (days)"),
        lengths.map(_median),
        stays,
        definition=_(
            "The middle value of the lengths in days of the stays that ended in the "
            "period: half were shorter, half longer."
        ),
    )
    return average, median


def length_of_stay_average(start: date, end: date, *, user=None, house=None) -> Figure:
    """Average length in days of the stays ended in [start, end) (None if none ended).

    Length = nights spent since the arrival (see the module docstring); transfers inside the scope do not cut
    a stay in two; a same-day stay counts 1. Not rounded (a measure: see the module docstring).
    """
    return _length_figures(_lengths(start, end, user=user, house=house))[0]


def length_of_stay_median(start: date, end: date, *, user=None, house=None) -> Figure:
    """Median length in days of the stays ended in [start, end) (None if none ended): a float, odd or even count."""
    return _length_figures(_lengths(start, end, user=user, house=house))[1]


def length_of_stay(start: date, end: date, *, user=None, house=None) -> Figure:
    """Length of the stays ended in the period: value = average, breakdown average and median."""
    stays = _lengths(start, end, user=user, house=house)
    average, median = _length_figures(stays)
    return Figure(
        "length_of_stay",
        _("Length of stay (days)"),
        average.pending,
        stays,
        breakdown={"average": average, "median": median},
        definition=_(
            "Days from arrival to departure of the stays that ended in the period; a transfer between "
            "houses does not cut a stay in two."
        ),
    )


def exits_by_destination(start: date, end: date, *, user=None, house=None) -> Figure:
    """Stays ended in [start, end) by exit destination: one breakdown entry per destination.

    Every destination of the list appears (0 when none). A transfer out of the scope (e.g.
    from this house to the other) appears as "transfer"; an ended stay without a recorded
    destination counts as "unknown". The breakdown adds up to the value.
    """
    ended = stays_ended(start, end, user=user, house=house).records
    transfer_out = Q(exit_destination="", exit_reason=ExitReason.TRANSFER)
    unknown = Q(exit_destination=ExitDestination.UNKNOWN) | (Q(exit_destination="") & ~transfer_out)
    groups = {destination.value: Q(exit_destination=destination) for destination in ExitDestination}
    groups[ExitDestination.UNKNOWN.value] = unknown
    groups[TRANSFER_OUT] = transfer_out
    counts = aggregate_of(ended, **{key: Count("id", filter=condition) for key, condition in groups.items()})
    labels = {destination.value: destination.label for destination in ExitDestination}
    labels[TRANSFER_OUT] = _("Transfer to another house")
    breakdown = {
        key: Figure(f"exits_{key}", labels[key], counts[key], ended.filter(condition))
        for key, condition in groups.items()
    }
    total = derived(lambda *counts: sum(counts), *counts.values())
    return Figure(
        "exits_by_destination",
        _("Exits by destination"),
        total,
        ended,
        breakdown=breakdown,
        definition=_(
            "Stays ended in the period, by where the person went; a transfer out shows as a "
            "transfer, an exit without a recorded destination as unknown."
        ),
    )


#: The shelter section of the yearly report, in display order.
FIGURES = (
    people_hosted,
    stays_started,
    stays_ended,
    bed_nights,
    occupancy_rate,
    length_of_stay,
    exits_by_destination,
)
