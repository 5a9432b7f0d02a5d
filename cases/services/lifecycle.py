"""A case's life: its number, opening, status changes, reassignment and timeline lines."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices
from cases.models import (
    Case,
    CaseActivity,
    CaseMember,
    CaseNumberCounter,
    Person,
    Unit,
)
from maksora import display
from maksora.access import access_for, closure_needs_approval
from maksora.rules import not_in_future


@transaction.atomic
def case_numbers_reserve(*, unit: Unit, year: int, count: int) -> list[str]:
    """The next `count` readable case numbers of a unit and year, e.g. G-2026-0007 (gap-free per unit/year)."""
    counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{unit.prefix}-{year}-{number:04d}" for number in range(first, counter.last + 1)]


def case_number_next(*, unit: Unit, year: int) -> str:
    return case_numbers_reserve(unit=unit, year=year, count=1)[0]


def case_log(*, case: Case, kind: str, actor=None, summary: str = "", from_status="", to_status="") -> CaseActivity:
    """Add one readable line to the case timeline."""
    return CaseActivity.objects.create(
        case=case, kind=kind, actor=actor, summary=summary[:500], from_status=from_status, to_status=to_status
    )


@transaction.atomic
def case_open(
    *,
    unit: Unit,
    primary_person: Person,
    members: list[tuple[Person, str]] = (),
    opened_by,
    opened_on: date | None = None,
    status: str = choices.CaseStatus.INTAKE,
    **fields,
) -> Case:
    """Open a case in `unit` for `primary_person` (+ other members with their roles)."""
    opened_on = opened_on or timezone.localdate()
    _check_opened_on(opened_on)
    if status != choices.CaseStatus.CLOSED:
        _check_no_open_case(unit=unit, person=primary_person)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=case_number_next(unit=unit, year=opened_on.year),
                unit=unit,
                primary_person=primary_person,
                opened_on=opened_on,
                status=status,
                **fields,
            )
    except IntegrityError:
        # Another request opened her case between the check and the insert: the index refused it.
        _check_no_open_case(unit=unit, person=primary_person)
        raise
    CaseMember.objects.create(case=case, person=primary_person, role=choices.MemberRole.PRIMARY)
    for person, role in members:
        if person.pk != primary_person.pk:
            CaseMember.objects.get_or_create(case=case, person=person, defaults={"role": role})
    case_log(case=case, kind=choices.CaseActivityKind.OPENED, actor=opened_by, to_status=status)
    return case


def _check_no_open_case(*, unit: Unit, person: Person) -> None:
    """One open case per person per unit (the index case_one_open_per_person_unit): name the one she has."""
    existing = Case.objects.filter(unit=unit, primary_person=person).exclude(status=choices.CaseStatus.CLOSED).first()
    if existing is not None:
        raise ValidationError(
            _("%(person)s already has an open case in this unit: %(number)s.")
            % {"person": person.full_name, "number": existing.number},
            code="open_case_exists",
        )


def _check_opened_on(opened_on: date) -> None:
    not_in_future(opened_on, field="opened_on", message=_("A case cannot be opened in the future."))


@transaction.atomic
def cases_open_bulk(
    *,
    unit: Unit,
    openings: list[tuple[Person, date]],
    opened_by,
    status: str = choices.CaseStatus.INTAKE,
    **fields,
) -> list[Case]:
    """Open one case per (primary person, opened_on) in `unit`: what `case_open` writes, for many.

    The same rows (numbers from the unit's yearly counter, the person as primary member,
    an "opened" line in the timeline), one statement per kind of row, so a big import
    does not pay one round of queries per case. Cases are returned in `openings` order.
    """
    by_year: dict[int, list[int]] = {}
    for index, (_person, opened_on) in enumerate(openings):
        _check_opened_on(opened_on)
        by_year.setdefault(opened_on.year, []).append(index)
    cases: list[Case | None] = [None] * len(openings)
    for year, indexes in sorted(by_year.items()):
        numbers = case_numbers_reserve(unit=unit, year=year, count=len(indexes))
        for number, index in zip(numbers, indexes, strict=True):
            person, opened_on = openings[index]
            cases[index] = Case(
                number=number, unit=unit, primary_person=person, opened_on=opened_on, status=status, **fields
            )
    Case.objects.bulk_create(cases)
    CaseMember.objects.bulk_create(
        CaseMember(case=case, person=case.primary_person, role=choices.MemberRole.PRIMARY) for case in cases
    )
    CaseActivity.objects.bulk_create(
        CaseActivity(case=case, kind=choices.CaseActivityKind.OPENED, actor=opened_by, to_status=status)
        for case in cases
    )
    return cases


def closure_check(*, case: Case, on: date, closure_reason: str) -> None:
    """A closure needs a reason and a day between the opening and today (also checked when it is asked for)."""
    if not closure_reason:
        raise ValidationError({"closure_reason": _("Choose why the case is being closed.")})
    if on < case.opened_on:
        raise ValidationError({"on": _("A case cannot be closed before the day it was opened.")})
    not_in_future(on, field="on", message=_("A case cannot be closed in the future."))


@transaction.atomic
def case_change_status(
    *,
    case: Case,
    to_status: str,
    by,
    on: date | None = None,
    closure_reason: str = "",
    comment: str = "",
    approved: bool = False,
) -> Case:
    """Move a case along its workflow; closing needs a reason, reopening clears the closure.

    Only the unit's coordinator closes a case outright; anyone else's closure is closed
    here by `approval_decide` once approved (`approved=True`).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not access_for(by).can_edit_unit(case.unit.code):
        raise PermissionDenied
    if to_status not in choices.CASE_TRANSITIONS[case.status]:
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": case.get_status_display(), "to": choices.CaseStatus(to_status).label}
        )
    on = on or timezone.localdate()
    from_status = case.status
    if to_status == choices.CaseStatus.CLOSED:
        if not approved and closure_needs_approval(by, case):
            raise ValidationError(_("The unit's coordinator approves this closure: send it for approval."))
        closure_check(case=case, on=on, closure_reason=closure_reason)
        case.closed_on, case.closure_reason = on, closure_reason
    elif from_status == choices.CaseStatus.CLOSED:
        case.closed_on, case.closure_reason = None, ""
    case.status = to_status
    case.save(update_fields=["status", "closed_on", "closure_reason"])
    case_log(
        case=case,
        kind=choices.CaseActivityKind.STATUS,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        summary=comment,
    )
    return case


@transaction.atomic
def case_reassign(*, case: Case, to_user, by) -> bool:
    """Give a case to another worker of the same unit (coordinators only).

    Returns whether the case changed hands: giving it to the worker who already has it
    changes nothing (no new version, no timeline line), and callers say so.
    """
    if not access_for(by).can_manage_unit(case.unit.code):
        raise PermissionDenied
    if not to_user.units.filter(pk=case.unit_id).exists():
        raise ValidationError(
            _("%(worker)s does not work in %(unit)s.") % {"worker": to_user.get_full_name(), "unit": case.unit}
        )
    previous = case.assigned_to
    if previous == to_user:
        return False
    case.assigned_to = to_user
    case.save(update_fields=["assigned_to"])
    case_log(
        case=case,
        kind=choices.CaseActivityKind.REASSIGNED,
        actor=by,
        summary=_("From %(old)s to %(new)s")
        % {
            "old": previous.get_full_name() if previous else "—",
            "new": display.staff_name(to_user),
        },
    )
    return True
