"""Saving a checked plan in bulk, with the database constraints as the final judge.

Each kind of record is written with one bulk statement in its own savepoint. If the
database refuses it (a row changed by someone else since the check, an overlap the
exclusion constraint catches), that kind is written again one record at a time, so the
refusal is reported on the row that caused it; the caller then rolls everything back.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.identity import duplicates_file
from cases.models import Person
from sponsorship.importing.planning import CHILD_PROGRAM_FIELDS, SPONSOR_FIELDS, Plan
from sponsorship.importing.result import ImportResult
from sponsorship.models import Contribution, Sponsor, SponsoredChild, Sponsorship
from sponsorship.services import distance_cases_ensure


def _open_distance_cases(plan: Plan, by) -> None:
    """The distance case child_enrol opens for one child, opened for all the new children at once."""
    distance_cases_ensure(openings=[(child.person, child.enrolled_on) for child in plan.children], by=by)


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
        # Last, once the new persons have ids: their possible duplicates, for the registry stewards.
        lambda: duplicates_file(pairs=plan.duplicates, by=by),
    )
    for step in steps:
        step()
        if not result.ok:
            return
