"""Actions on stays: admit a family, transfer a person, discharge people.

Keyword-only, atomic, raising `ValidationError` with a message for the user. The database
has the last word on overlaps (exclusion constraints `stay_person_no_overlap`,
`stay_bed_no_overlap` and the trigger `stay_bed_in_service`): each stay is written in its
own savepoint and an `IntegrityError` is turned into a message naming the stay or the
out-of-service period it collides with, looked up right after the failure. So two people
admitted into the same bed at the same moment cannot both succeed, and the loser is told
who took the bed.

Dates: `period` is `[start, end)`, the end being the day of leaving (its night is not
counted). A stay admitted and discharged on the same day would be the empty range
`[d, d)`, which PostgreSQL cannot store as a stay; such a stay is recorded as
`[d, d + 1)` with `same_day` set: **one night counted**, and its exit day is d
(`Stay.exit_day`), in the figures and on every page.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _

from cases.choices import CaseActivityKind, CaseStatus
from cases.models import Case, CaseMember, Person
from cases.restricted import RESTRICTED_LABEL, hidden_person_ids
from cases.services import case_log
from maksora import display
from maksora.access import access_for
from maksora.constraints import violated_constraint
from maksora.rules import not_in_future
from shelters.choices import ExitDestination, ExitReason
from shelters.models import Bed, BedOutOfService, House, Stay

# A child this young may sleep in the mother's bed (a stay without a bed).
SHARED_BED_MAX_AGE = 3


def describe_period(period) -> str:
    """'01.02.2026 – 05.03.2026' (exit day) or 'since 01.02.2026' for an ongoing stay."""
    return display.period(period)


def _require_edit(user, house: House) -> None:
    if not access_for(user).can_edit_unit(house.unit.code):
        raise PermissionDenied


def _check_day(day: date, field: str, what: str) -> None:
    not_in_future(day, field=field, message=_("%(what)s cannot be recorded in the future.") % {"what": what})


def conflict_message(stay: Stay, error: IntegrityError, *, user=None) -> str:
    """Explain why the database refused `stay`, naming the stay or period it collides with.

    Called after the failed INSERT/UPDATE was rolled back to its savepoint, so the lookup
    runs in a clean transaction and sees what the other transaction committed.
    """
    constraint = violated_constraint(error) or ""
    others = Stay.objects.exclude(pk=stay.pk).filter(period__overlap=stay.period).select_related("person", "house")
    if constraint == "stay_bed_no_overlap" or (not constraint and stay.bed_id):
        other = others.filter(bed_id=stay.bed_id).order_by("period").first()
        if other is not None:
            hidden = user is not None and other.person_id in hidden_person_ids(user, [other.person_id])
            return _("Bed %(bed)s is taken by %(person)s (stay %(period)s).") % {
                "bed": stay.bed.label,
                "person": RESTRICTED_LABEL if hidden else other.person,
                "period": other.period_shown,
            }
    if constraint == "stay_person_no_overlap" or not constraint:
        other = others.filter(person_id=stay.person_id).order_by("period").first()
        if other is not None:
            visible = user is None or Stay.objects.visible_to(user).filter(pk=other.pk).exists()
            return _("%(person)s already has a stay in %(house)s (%(period)s) that overlaps these dates.") % {
                "person": stay.person,
                "house": other.house if visible else _("another house"),
                "period": other.period_shown,
            }
    if constraint == "stay_bed_in_service":
        return out_of_service_message(stay.bed, stay.period)
    return _("These dates collide with another stay. Reload the page and check the board.")


def out_of_service_message(bed: Bed, period) -> str:
    closure = BedOutOfService.objects.filter(bed=bed, period__overlap=period).order_by("period").first()
    if closure is None:
        return _("Bed %(bed)s is out of service on these dates.") % {"bed": bed.label}
    return _("Bed %(bed)s is out of service (%(period)s%(reason)s).") % {
        "bed": bed.label,
        "period": describe_period(closure.period),
        "reason": f": {closure.reason}" if closure.reason else "",
    }


def _save(stay: Stay, *, user, field: str = "__all__") -> Stay:
    """Write one stay in a savepoint; a constraint violation becomes a ValidationError."""
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as error:
        raise ValidationError({field: conflict_message(stay, error, user=user)}) from error
    return stay


def _may_share_bed(person: Person, day: date) -> bool:
    age = person.age_on(day)
    return age is not None and age < SHARED_BED_MAX_AGE


def _shared_bed_error(person: Person) -> ValidationError:
    return ValidationError(
        _("Only a child under %(age)s can share a bed: choose a bed for %(person)s.")
        % {"age": SHARED_BED_MAX_AGE, "person": person}
    )


def _check_admission(*, case: Case, house: House, placements: list, start: date, planned_exit_on) -> None:
    """The rules an admission must meet before any stay is written (overlaps are the database's)."""
    if case.unit_id != house.unit_id:
        raise ValidationError(
            _("Case %(case)s belongs to %(unit)s, not to %(house)s.")
            % {"case": case.number, "unit": case.unit, "house": house}
        )
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Case %(case)s is closed: reopen it before an admission.") % {"case": case.number})
    if not placements:
        raise ValidationError(_("Choose at least one person to admit."))
    _check_day(start, "start", _("An admission"))
    if planned_exit_on is not None and planned_exit_on <= start:
        raise ValidationError({"planned_exit_on": _("The planned exit must be after the day of admission.")})

    person_ids = [person.pk for person, _bed in placements]
    if len(set(person_ids)) != len(person_ids):
        raise ValidationError(_("Each person can be admitted only once."))
    members = set(CaseMember.objects.filter(case=case, person_id__in=person_ids).values_list("person_id", flat=True))
    for person, _bed in placements:
        if person.pk not in members:
            raise ValidationError(
                _("%(person)s is not a member of case %(case)s.") % {"person": person, "case": case.number}
            )
    beds = [bed for _person, bed in placements if bed is not None]
    if len({bed.pk for bed in beds}) != len(beds):
        raise ValidationError(_("Two people cannot be given the same bed."))
    house_bed_ids = set(Bed.objects.filter(room__house=house, pk__in=[b.pk for b in beds]).values_list("pk", flat=True))
    for bed in beds:
        if bed.pk not in house_bed_ids:
            raise ValidationError(_("Bed %(bed)s is not in %(house)s.") % {"bed": bed.label, "house": house})
    sharing = [person for person, bed in placements if bed is None]
    for person in sharing:
        if not _may_share_bed(person, start):
            raise _shared_bed_error(person)
    if sharing and not beds:
        bed_holder_here = Stay.objects.filter(
            case=case, house=house, bed__isnull=False, period__contains=start
        ).exists()
        if not bed_holder_here:
            raise ValidationError(_("A child sharing a bed must arrive with, or join, a family member who has one."))


@transaction.atomic
def family_admit(
    *,
    case: Case,
    house: House,
    placements: Iterable[tuple[Person, Bed | None]],
    start: date,
    by,
    planned_exit_on: date | None = None,
    notes: str = "",
) -> list[Stay]:
    """Admit members of `case` into `house` from `start`: one ongoing Stay per person.

    `placements` pairs each person with a bed of the house, or with None for a small child
    (under SHARED_BED_MAX_AGE) sleeping in the bed of a family member admitted with her or
    already staying. A single person can be admitted alone (a child joining her mother).
    Overlaps (person already staying, bed taken, bed out of service) are refused by the
    database and reported naming the conflicting stay.
    """
    _require_edit(by, house)
    placements = list(placements)
    _check_admission(case=case, house=house, placements=placements, start=start, planned_exit_on=planned_exit_on)
    period = DateRange(start, None, "[)")
    stays = []
    # Beds in a fixed order: two admissions writing the same beds wait for each other, never deadlock.
    for person, bed in sorted(placements, key=lambda pair: pair[1].pk if pair[1] else 0):
        stay = Stay(
            person=person,
            case=case,
            house=house,
            bed=bed,
            period=period,
            planned_exit_on=planned_exit_on,
            notes=notes,
            created_by=by,
        )
        stays.append(_save(stay, user=by))
    case_log(
        case=case,
        kind=CaseActivityKind.STAY,
        actor=by,
        summary=_("Admitted to %(house)s on %(day)s: %(people)s")
        % {
            "house": house,
            "day": display.day(start),
            "people": "; ".join(f"{s.person} ({s.bed.label if s.bed else _('shared bed')})" for s in stays),
        },
    )
    return stays


def _case_in_unit(person: Person, house: House) -> Case:
    case = (
        Case.objects.filter(unit=house.unit, memberships__person=person)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-opened_on", "-id")
        .first()
    )
    if case is None:
        raise ValidationError(
            _("%(person)s has no open case in %(unit)s: open one before the transfer.")
            % {"person": person, "unit": house.unit}
        )
    return case


def _transfer_destination(*, stay: Stay, on: date, by, bed: Bed | None, house: House | None, case: Case | None):
    """The house and case a transfer moves `stay`'s person to, once its rules are checked."""
    _require_edit(by, stay.house)
    if stay.end is not None:
        raise ValidationError(_("This stay has already ended."))
    house = bed.room.house if bed is not None else (house or stay.house)
    if bed is not None and bed.room.house_id != house.pk:
        raise ValidationError({"bed": _("Bed %(bed)s is not in %(house)s.") % {"bed": bed.label, "house": house}})
    _require_edit(by, house)
    _check_day(on, "on", _("A transfer"))
    if on < stay.start:
        message = _("A transfer cannot be before the admission (%(day)s).") % {"day": display.day(stay.start)}
        raise ValidationError({"on": message})
    if house.pk == stay.house_id and (bed.pk if bed else None) == stay.bed_id:
        raise ValidationError({"bed": _("%(person)s is already in this bed.") % {"person": stay.person}})
    if bed is None and not _may_share_bed(stay.person, on):
        raise _shared_bed_error(stay.person)
    if house.pk != stay.house_id:
        case = case or _case_in_unit(stay.person, house)
        if case.unit_id != house.unit_id:
            raise ValidationError(
                _("Case %(case)s belongs to %(unit)s, not to %(house)s.")
                % {"case": case.number, "unit": case.unit, "house": house}
            )
    else:
        case = stay.case
    return house, case


@transaction.atomic
def stay_transfer(
    *,
    stay: Stay,
    on: date,
    by,
    bed: Bed | None = None,
    house: House | None = None,
    case: Case | None = None,
) -> Stay:
    """Move the person of an ongoing `stay` to another bed, room or house on day `on`.

    The current stay ends on `on` (exit reason "transfer") and a new stay starts that day,
    so the night of `on` is spent in the new bed. A transfer on the first day of the stay
    simply moves that stay (no night was spent in the old bed). `bed=None` means sharing a
    family member's bed (small children only). Moving to another house needs an open case
    of the person in that house's unit (`case`, or found among her cases).
    """
    stay = (
        Stay.objects.select_for_update(of=("self",))
        .select_related("person", "house__unit", "bed", "case")
        .get(pk=stay.pk)
    )
    house, case = _transfer_destination(stay=stay, on=on, by=by, bed=bed, house=house, case=case)
    old_place = f"{stay.house}, {stay.bed.label if stay.bed else _('shared bed')}"
    new_place = f"{house}, {bed.label if bed else _('shared bed')}"

    if on == stay.start:
        stay.bed, stay.house, stay.case = bed, house, case
        moved = _save(stay, user=by, field="bed")
    else:
        stay.period = DateRange(stay.start, on, "[)")
        stay.exit_reason = ExitReason.TRANSFER
        stay.save(update_fields=["period", "exit_reason"])
        moved = Stay(
            person=stay.person,
            case=case,
            house=house,
            bed=bed,
            period=DateRange(on, None, "[)"),
            planned_exit_on=stay.planned_exit_on if stay.planned_exit_on and stay.planned_exit_on > on else None,
            notes=stay.notes,
            created_by=by,
        )
        _save(moved, user=by, field="bed")
    summary = _("%(person)s moved on %(day)s from %(old)s to %(new)s") % {
        "person": stay.person,
        "day": display.day(on),
        "old": old_place,
        "new": new_place,
    }
    for logged_case in {stay.case_id: stay.case, case.pk: case}.values():
        case_log(case=logged_case, kind=CaseActivityKind.STAY, actor=by, summary=summary)
    return moved


def _check_discharge(*, stays: list[Stay], on: date, exit_destination: str, exit_reason: str, by) -> None:
    if not stays:
        raise ValidationError(_("Choose at least one person to discharge."))
    if exit_destination not in ExitDestination.values:
        raise ValidationError({"exit_destination": _("Choose where the family goes.")})
    if exit_reason not in ExitReason.values or exit_reason == ExitReason.TRANSFER:
        raise ValidationError({"exit_reason": _("Choose why the stay ends.")})
    _check_day(on, "on", _("A discharge"))
    for stay in stays:
        _require_edit(by, stay.house)
        if stay.end is not None:
            message = _("The stay of %(person)s has already ended (%(day)s).")
            raise ValidationError(message % {"person": stay.person, "day": display.day(stay.end)})
        if on < stay.start:
            raise ValidationError(
                {
                    "on": _("%(person)s cannot leave before arriving (%(day)s).")
                    % {"person": stay.person, "day": display.day(stay.start)}
                }
            )


@transaction.atomic
def stay_discharge(
    *,
    stays: Iterable[Stay],
    on: date,
    exit_destination: str,
    exit_reason: str,
    by,
    notes: str = "",
) -> list[Stay]:
    """End ongoing `stays` on day `on` (the day of leaving) with their destination and reason.

    A whole family or one person (a child leaving on her own) may be discharged. Leaving
    on the day of admission records the stay as `[start, start + 1)`: one night counted
    (PostgreSQL ranges cannot be empty), marked `same_day` so that its exit day stays the day
    of admission. The reason "transfer" is kept for `stay_transfer`.
    """
    stays = list(
        Stay.objects.select_for_update(of=("self",))
        .select_related("person", "house__unit", "case", "bed")
        .filter(pk__in=[s.pk for s in stays])
        .order_by("pk")
    )
    _check_discharge(stays=stays, on=on, exit_destination=exit_destination, exit_reason=exit_reason, by=by)
    by_case: dict[int, list[Stay]] = {}
    for stay in stays:
        stay.same_day = on == stay.start
        end = stay.start + timedelta(days=1) if stay.same_day else on
        stay.period = DateRange(stay.start, end, "[)")
        stay.exit_destination, stay.exit_reason = exit_destination, exit_reason
        if notes:
            stay.notes = notes[:255]
        stay.save(update_fields=["period", "same_day", "exit_destination", "exit_reason", "notes"])
        by_case.setdefault(stay.case_id, []).append(stay)
    for case_stays in by_case.values():
        case_log(
            case=case_stays[0].case,
            kind=CaseActivityKind.STAY,
            actor=by,
            summary=_("Left %(house)s on %(day)s (%(destination)s, %(reason)s): %(people)s")
            % {
                "house": case_stays[0].house,
                "day": display.day(on),
                "destination": ExitDestination(exit_destination).label,
                "reason": ExitReason(exit_reason).label,
                "people": "; ".join(str(s.person) for s in case_stays),
            },
        )
    return stays
