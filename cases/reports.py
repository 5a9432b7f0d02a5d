"""Yearly-report figures of the cases domain: people served, local services.

Every function takes a half-open period [start, end) — a calendar year Y is
[date(Y, 1, 1), date(Y + 1, 1, 1)) — and, when `user` is given, counts only what
`counted_for(user)` lets her count (her units; restricted people included, their
drill-down rows shown as restricted). Each returns a maksora.figures.Figure whose `records`
queryset lists exactly the rows counted (for drill-down and saved snapshots).

Shared definitions:
- a case is *active on* day d if opened_on ≤ d and (closed_on is null or closed_on ≥ d);
  it is active *in the period* if it is active on at least one day of [start, end);
- people *served* are the distinct persons who are members (CaseMember) of a case active
  in the period; persons merged into another record are not counted (the surviving
  record is);
- a person's *counted day* is max(start, earliest opened_on among her cases active in the
  period) — the first day she was counted; ages are taken on that day.
"""

from collections import Counter
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from cases import choices
from cases.identity import duplicates_undecided
from cases.models import Case, CaseMember, DuplicateCandidate, Note, Person
from maksora.access import access_for
from maksora.figures import Figure, aggregate_of, count_of, derived, rows_of
from maksora.units import UnitCode

AGE_GROUPS = (
    ("0-6", _("0–6 years"), 0, 6),
    ("7-11", _("7–11 years"), 7, 11),
    ("12-17", _("12–17 years"), 12, 17),
    ("18-24", _("18–24 years"), 18, 24),
    ("25+", _("25 years and over"), 25, None),
)
UNKNOWN = "unknown"


class AgeInYears(Func):
    """Whole years between birth_date and a day, in SQL: DATE_PART('year', AGE(day, birth))."""

    template = "CAST(DATE_PART('year', AGE(%(expressions)s)) AS integer)"
    output_field = IntegerField()


def _check_period(start: date, end: date) -> None:
    if end <= start:
        raise ValueError("end must be after start (periods are [start, end))")


def active_cases(start: date, end: date, *, user=None, unit: str | None = None):
    """Cases active on at least one day of [start, end), seen by `user`, optionally of one unit."""
    _check_period(start, end)
    cases = Case.objects.counted_for(user) if user is not None else Case.objects.all()
    cases = cases.active_between(start, end - timedelta(days=1))
    if unit:
        cases = cases.filter(unit__code=unit)
    return cases


def served_people(start: date, end: date, *, user=None, unit: str | None = None):
    """Distinct persons (not merged away) who are members of a case active in the period.

    Annotated with `first_opened_on` (the opening day of the person's first case in the
    whole organisation, all units, whoever asks — "new" is an organisation-wide notion),
    `counted_on` (max(start, earliest opened_on among her active cases in scope)) and
    `age_on_counted_day` (whole years on `counted_on`, null without a birth date).
    """
    cases = active_cases(start, end, user=user, unit=unit)
    memberships = CaseMember.objects.filter(person=OuterRef("pk"), case__in=cases)
    first_case = CaseMember.objects.filter(person=OuterRef("pk")).order_by("case__opened_on").values("case__opened_on")
    first_active = memberships.order_by("case__opened_on").values("case__opened_on")
    return (
        Person.objects.filter(merged_into__isnull=True)
        .filter(Exists(memberships))
        .annotate(
            first_opened_on=Subquery(first_case[:1], output_field=DateField()),
            counted_on=Greatest(Value(start, output_field=DateField()), Subquery(first_active[:1])),
        )
        .annotate(age_on_counted_day=AgeInYears(F("counted_on"), F("birth_date")))
    )


def people_served(start: date, end: date, *, user=None) -> Figure:
    """People served: distinct persons with ANY case active on some day of [start, end).

    Breakdown: `new` — persons whose first case in the organisation (earliest opened_on
    over all their cases, in any unit) was opened in the period; `continuing` — the rest
    (their first case was opened before `start`). new + continuing = total.
    """
    people = served_people(start, end, user=user)
    new_q = Q(first_opened_on__gte=start, first_opened_on__lt=end)
    counts = aggregate_of(people, total=Count("pk"), new=Count("pk", filter=new_q))
    return Figure(
        key="people_served",
        label=_("People served"),
        value=counts["total"],
        records=people,
        breakdown={
            "new": Figure(
                "people_served.new",
                _("New (first case opened in the period)"),
                counts["new"],
                people.filter(new_q),
                definition=_(
                    "People whose very first case in the organisation, in any unit, was opened during the period."
                ),
            ),  # fmt: skip
            "continuing": Figure(
                "people_served.continuing",
                _("Continuing (first case opened earlier)"),
                derived(lambda total, new: total - new, counts["total"], counts["new"]),
                people.exclude(new_q),
                definition=_("People served whose first case in the organisation was opened before the period began."),
            ),
        },
        definition=_("People who belong to at least one case open on any day of the period, each counted once."),
    )


def people_served_by_unit(start: date, end: date, *, user=None) -> Figure:
    """People served per unit: a person with active cases in two units counts once in each unit.

    The value is the distinct total (each person once), so the unit lines may add up to
    more than the value; the label says so.
    """
    cases = active_cases(start, end, user=user)
    per_unit = rows_of(
        CaseMember.objects.filter(case__in=cases, person__merged_into__isnull=True)
        .values_list("case__unit__code")
        .annotate(n=Count("person", distinct=True))
        .values_list("case__unit__code", "n"),
        dict,
    )
    people = served_people(start, end, user=user)
    breakdown = {}
    for code, label in UnitCode.choices:
        if user is not None and code not in _visible_units(user):
            continue
        breakdown[code] = Figure(
            f"people_served_by_unit.{code}",
            label,
            per_unit.map(lambda counts, code=code: counts.get(code, 0)),
            served_people(start, end, user=user, unit=code),
        )
    return Figure(
        key="people_served_by_unit",
        label=_("People served by unit (a person served in two units counts in each)"),
        value=count_of(people),
        records=people,
        breakdown=breakdown,
        definition=_(
            "People served, counted once in each unit where they had a case open during the period; "
            "the total counts each person once."
        ),
    )


def _visible_units(user) -> frozenset[str]:
    return access_for(user).case_unit_codes


def _grouped(key: str, label, people, field: str, options, *, definition="") -> Figure:
    """One GROUP BY query; every option gets a line (zero included), unknown values last."""
    counts = rows_of(people.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"), dict)
    breakdown = {}
    for value, option_label in options:
        breakdown[value] = Figure(f"{key}.{value}", option_label, counts.map(lambda c, v=value: c.get(v, 0)),
                                  people.filter(**{field: value}))  # fmt: skip
    known = [value for value, _label in options]
    unknown = counts.map(lambda c: sum(n for value, n in c.items() if value not in known))
    breakdown[UNKNOWN] = Figure(
        f"{key}.{UNKNOWN}", _("Not recorded"), unknown, people.exclude(**{f"{field}__in": known}), shown_when_zero=False
    )
    return Figure(key=key, label=label, value=counts.map(lambda c: sum(c.values())), records=people,
                  breakdown=breakdown, definition=definition)  # fmt: skip


def people_served_by_sex(start: date, end: date, *, user=None) -> Figure:
    """People served (as in people_served) by the sex recorded on the person."""
    return _grouped("people_served_by_sex", _("People served by sex"), served_people(start, end, user=user), "sex",
                    choices.Sex.choices,
                    definition=_("People served, each counted once, by the sex recorded on the person."))  # fmt: skip


def people_served_by_district(start: date, end: date, *, user=None) -> Figure:
    """People served by district of residence; persons without a district are "Not recorded"."""
    return _grouped(
        "people_served_by_district",
        _("People served by district"),
        served_people(start, end, user=user),
        "district",
        choices.District.choices,
        definition=_("People served, each counted once, by district of residence; without a district: not recorded."),
    )


def people_served_by_age_group(start: date, end: date, *, user=None) -> Figure:
    """People served by age group (0–6, 7–11, 12–17, 18–24, 25+), age on the person's counted day.

    The counted day is max(start, earliest opened_on among her cases active in the
    period); persons without a birth date are "Not recorded". The ages come from one
    GROUP BY over the memberships of the active cases (no subquery per person), counted
    into groups here; the drill-downs keep `served_people`'s annotated queryset.
    """
    people = served_people(start, end, user=user)
    counts = rows_of(_ages_on_counted_day(start, end, user=user), _count_age_groups)
    breakdown = {}
    for key, label, low, high in AGE_GROUPS:
        in_group = Q(age_on_counted_day__gte=low) if high is None else Q(age_on_counted_day__range=(low, high))
        breakdown[key] = Figure(
            f"people_served_by_age_group.{key}", label, counts.map(lambda c, k=key: c[k]), people.filter(in_group)
        )
    breakdown[UNKNOWN] = Figure(
        f"people_served_by_age_group.{UNKNOWN}",
        _("Not recorded"),
        counts.map(lambda c: c[UNKNOWN]),
        people.filter(age_on_counted_day__isnull=True),
        shown_when_zero=False,
    )
    return Figure(
        "people_served_by_age_group",
        _("People served by age group"),
        counts.map(lambda c: sum(c.values())),
        people,
        breakdown,
        definition=_(
            "People served, by their age on the first day they were counted: the first day of the period, "
            "or the day their earliest case of the period was opened if that was later."
        ),
    )


def _count_age_groups(rows: list[tuple[int | None]]) -> dict[str, int]:
    """Persons per age group (and `UNKNOWN`) from the rows of `_ages_on_counted_day`."""
    counts = {key: 0 for key, _label, _low, _high in AGE_GROUPS}
    counts[UNKNOWN] = 0
    for (age,), n in Counter(rows).items():
        group = _age_group(age)
        counts[UNKNOWN if group is None else group] += n
    return counts


def _ages_on_counted_day(start: date, end: date, *, user=None):
    """`age_on_counted_day` of every person of `served_people` (values_list rows), one grouped query."""
    per_person = (
        CaseMember.objects.filter(case__in=active_cases(start, end, user=user), person__merged_into__isnull=True)
        .order_by()
        .values("person_id")
        .annotate(
            age=AgeInYears(
                Greatest(Value(start, output_field=DateField()), Min("case__opened_on")), Min("person__birth_date")
            )
        )
    )
    return per_person.values_list("age")


def _age_group(age: int | None) -> str | None:
    if age is None:
        return None
    for key, _label, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return key
    return None  # a negative age (birth date after the counted day) is a data error: not recorded


# --- local services --------------------------------------------------------------------------

LOCAL = UnitCode.LOCAL


def local_families(start: date, end: date, *, user=None) -> Figure:
    """Families accompanied by Local services: distinct cases of unit "local" active in the period."""
    cases = active_cases(start, end, user=user, unit=LOCAL)
    return Figure(
        "local_families",
        _("Families accompanied by Local services"),
        count_of(cases),
        cases,
        definition=_("Families (cases) of Local services open on at least one day of the period."),
    )


def local_children(start: date, end: date, *, user=None) -> Figure:
    """Children accompanied by Local services: persons served in unit "local" who were under 18
    on their counted day (max(start, earliest opened_on of their active local cases)).

    Persons without a birth date are not counted as children.
    """
    people = served_people(start, end, user=user, unit=LOCAL).filter(age_on_counted_day__lt=18)
    return Figure(
        "local_children",
        _("Children accompanied by Local services"),
        count_of(people),
        people,
        definition=_(
            "People served by Local services who were under 18 on the first day they were "
            "counted in the period; people without a birth date are not counted."
        ),
    )


def local_notes_by_kind(start: date, end: date, *, user=None) -> Figure:
    """Contacts (notes) of Local services dated in [start, end), by kind of contact.

    Counted over the notes of the "local" cases the user sees — confidential notes
    included, because a count reveals no content; the drill-down lists date, kind and
    case only.
    """
    _check_period(start, end)
    cases = Case.objects.counted_for(user) if user is not None else Case.objects.all()
    notes = Note.objects.filter(case__in=cases.filter(unit__code=LOCAL), date__gte=start, date__lt=end)
    counts = rows_of(notes.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"), dict)
    breakdown = {
        kind: Figure(
            f"local_notes_by_kind.{kind}", label, counts.map(lambda c, k=kind: c.get(k, 0)), notes.filter(kind=kind)
        )
        for kind, label in choices.NoteKind.choices
    }
    total = counts.map(lambda c: sum(c.values()))
    return Figure(
        "local_notes_by_kind",
        _("Local services contacts by kind"),
        total,
        notes,
        breakdown,
        definition=_("Contacts of Local services recorded as notes dated within the period, by kind of contact."),
    )


def local_problem_areas(start: date, end: date, *, user=None) -> Figure:
    """Local-services cases active in the period, by problem area they are tagged with.

    A case tagged with two areas counts once in each line; the value is the number of
    distinct cases tagged with at least one area.
    """
    cases = active_cases(start, end, user=user, unit=LOCAL)
    areas = choices.ProblemArea.choices
    counts = aggregate_of(
        cases,
        tagged=Count("pk", filter=~Q(problem_areas=[])),
        **{area: Count("pk", filter=Q(problem_areas__contains=[area])) for area, _label in areas},
    )
    breakdown = {
        area: Figure(
            f"local_problem_areas.{area}",
            label,
            counts[area],
            cases.filter(problem_areas__contains=[area]),
            label_context=choices.PROBLEM_AREA_CONTEXT if area == choices.ProblemArea.HOME else "",
        )
        for area, label in areas
    }
    return Figure(
        "local_problem_areas",
        _("Local services cases by problem area (a case counts in each of its areas)"),
        counts["tagged"],
        cases.exclude(problem_areas=[]),
        breakdown,
        definition=_(
            "Local services cases open on any day of the period and tagged with at least one problem area; "
            "a case counts in each of its areas."
        ),
    )


def undecided_duplicate_pairs(start: date, end: date, *, user=None) -> Figure:
    """Possible duplicates across units found before `end` and still undecided by a steward.

    Each such pair may be one person counted twice in "people served", so the figure says how
    far to trust the total. With `user`, only pairs both of whose people she counts.
    """
    _check_period(start, end)
    pairs = duplicates_undecided().filter(found_at__date__lt=end)
    if user is not None:
        pairs = pairs.filter(pk__in=DuplicateCandidate.objects.counted_for(user).values("pk"))
    return Figure(
        key="undecided_duplicate_pairs",
        label=_("Possible duplicates not yet decided (the total may count these people twice)"),
        value=count_of(pairs),
        records=pairs,
        definition=_(
            "Pairs of records that may be the same person, found before the end of the period and not yet "
            "decided on: each may be one person counted twice in the people served."
        ),
    )
