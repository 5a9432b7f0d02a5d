"""Saving a checked plan in bulk, with the database constraints as the final judge.

Each kind of record is written with one bulk statement in its own savepoint. If the
database refuses it (a row changed by someone else since the check, an overlap the
exclusion constraint catches), that kind is written again one record at a time, so the
refusal is reported on the row that caused it; the caller then rolls everything back.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.choices import CaseActivityKind, CaseStatus, MemberRole
from cases.models import Case, CaseActivity, CaseMember, Person
from cases.services import case_numbers_reserve
from maksora.models import Unit
from sponsorship.importing.planning import CHILD_PROGRAM_FIELDS, SPONSOR_FIELDS, Plan
from sponsorship.importing.result import ImportResult
from sponsorship.models import Contribution, Sponsor, SponsoredChild, Sponsorship
from sponsorship.services.common import DISTANCE


def _open_distance_cases(plan: Plan, by) -> None:
    """Open, for the new children at once, the distance case child_enrol opens for one.

    The rows are those of cases.services.case_open (numbers reserved from the unit's yearly
    counter, the child as primary member, an "opened" line in the timeline), written with
    one statement per kind: one case_open per child would take most of a big import.
    A registry person who already has an open distance case keeps it.
    """
    known = [child.person.pk for child in plan.children if child.person.pk]
    with_case = set(
        Case.objects.filter(unit__code=DISTANCE, memberships__person__in=known)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("memberships__person", flat=True)
    )
    by_year = defaultdict(list)
    for child in plan.children:
        if child.person.pk not in with_case:
            by_year[child.enrolled_on.year].append(child)
    if not by_year:
        return
    unit = Unit.objects.get(code=DISTANCE)
    cases = []
    for year, children in sorted(by_year.items()):
        numbers = case_numbers_reserve(unit=unit, year=year, count=len(children))
        cases += [
            Case(
                number=number,
                unit=unit,
                primary_person=child.person,
                opened_on=child.enrolled_on,
                status=CaseStatus.ACTIVE,
                assigned_to=by,
            )
            for number, child in zip(numbers, children, strict=True)
        ]
    Case.objects.bulk_create(cases)
    CaseMember.objects.bulk_create(
        CaseMember(case=case, person=case.primary_person, role=MemberRole.PRIMARY) for case in cases
    )
    CaseActivity.objects.bulk_create(
        CaseActivity(case=case, kind=CaseActivityKind.OPENED, actor=by, to_status=CaseStatus.ACTIVE) for case in cases
    )


def _one_by_one(objects, save, plan: Plan, result: ImportResult) -> None:
    for instance in objects:
        try:
            with transaction.atomic():
                save(instance)
        except IntegrityError:
            outcome = plan.rows.get(id(instance))
            if outcome is None:
                raise
            outcome.detail = _("The database refused this row: it conflicts with data recorded meanwhile.")
            for planned in (result.created, result.changed):
                if outcome in planned:
                    planned.remove(outcome)
            result.add("rejected", outcome)


def _create(model, objects: list, plan: Plan, result: ImportResult) -> None:
    if not objects:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_create(objects)
    except IntegrityError:
        _one_by_one(objects, lambda instance: instance.save(force_insert=True), plan, result)


def _update(model, objects, fields, plan: Plan, result: ImportResult) -> None:
    objects = list(objects)
    if not objects:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_update(objects, fields)
    except IntegrityError:
        _one_by_one(objects, lambda instance: instance.save(update_fields=fields), plan, result)


def write_plan(plan: Plan, result: ImportResult, *, by) -> None:
    """Save the plan; refused rows end up in `result.rejected` and stop the writing (the caller rolls back)."""
    steps = (
        lambda: _create(Person, plan.persons, plan, result),
        lambda: _open_distance_cases(plan, by),
        lambda: _create(SponsoredChild, plan.children, plan, result),
        lambda: _update(SponsoredChild, plan.child_updates.values(), CHILD_PROGRAM_FIELDS, plan, result),
        lambda: _create(Sponsor, plan.sponsors, plan, result),
        lambda: _update(Sponsor, plan.sponsor_updates.values(), SPONSOR_FIELDS, plan, result),
        # Reassignments shorten the sponsorships in force before the new ones begin.
        lambda: _update(Sponsorship, plan.sponsorship_updates.values(), ["period", "end_reason"], plan, result),
        lambda: _create(Sponsorship, plan.sponsorships, plan, result),
        lambda: _create(Contribution, plan.contributions, plan, result),
    )
    for step in steps:
        step()
        if not result.ok:
            return
