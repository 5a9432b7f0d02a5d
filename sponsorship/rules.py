"""The rules of the Distance Support Program, each written once.

Plain functions that raise `ValidationError` with the one message users see. The
services call them one record at a time with what the database says; the AVSI import's
planner calls them with what it holds in memory (the rows above and the records read
before the first row). So the site, the admin (which edits through the site) and the
import refuse the same things with the same words.

Most rules raise an error that names no field, because the import reports it on the
row; a service that has a form field for it wraps the call in `on_field(name)`.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from maksora import display
from maksora.rules import FUTURE_DAY_MESSAGE, is_in_future
from sponsorship import choices


@contextmanager
def on_field(name: str) -> Iterator[None]:
    """Re-raise a rule's refusal as the error of form field `name`."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({name: error.error_list}) from error


def describe_sponsorship(sponsorship) -> str:
    """A human sentence naming a sponsorship: sponsor, code and period (sponsorship staff only)."""
    upper = sponsorship.period.upper
    last_day = upper - timedelta(days=1) if upper is not None else None
    return _("%(sponsor)s (%(code)s), from %(start)s to %(end)s") % {
        "sponsor": sponsorship.sponsor.name,
        "code": sponsorship.sponsor.avsi_code,
        "start": display.day(sponsorship.period.lower, empty="…"),
        "end": display.day(last_day, empty="…"),
    }


# --- children ---------------------------------------------------------------------------


def check_enrolment_date(enrolled_on: date, *, today: date | None = None) -> None:
    if is_in_future(enrolled_on, today=today):
        raise ValidationError(_("A child cannot be enrolled in the future."), code="enrolled_in_future")


def check_child_code_free(code: str, *, taken: bool) -> None:
    """`taken`: another child already has this code (whatever its case)."""
    if not code:
        raise ValidationError(_("Enter the AVSI child code."), code="required")
    if taken:
        raise ValidationError(
            _("Another child already has the AVSI code %(code)s.") % {"code": code}, code="child_code_taken"
        )


def check_not_enrolled(person, *, enrolled: bool) -> None:
    """`enrolled`: the person is already a sponsored child."""
    if enrolled:
        raise ValidationError(
            _("%(person)s is already enrolled in the program.") % {"person": person.full_name},
            code="already_enrolled",
        )


def check_enrolment_before_sponsorships(enrolled_on: date, sponsorship_starts: Iterable[date]) -> None:
    """A child's sponsorships start on or after her enrolment."""
    if any(start < enrolled_on for start in sponsorship_starts):
        raise ValidationError(
            _("The child has a sponsorship that starts before this date."), code="sponsorship_before_enrolment"
        )


# --- correspondence ---------------------------------------------------------------------


def check_transfer_consent(person, day: date, *, in_force: bool) -> None:
    """A child's data leave for Italy (AVSI, the sponsor) only with her transfer consent in force that day.

    `in_force`: a "share with sponsor / AVSI" consent of the child is in force on `day`
    (152-FZ art. 12: a cross-border transfer needs its own consent, signed for a minor by
    her legal representative).
    """
    if not in_force:
        raise ValidationError(
            _("%(child)s has no consent to the transfer of her data to Italy (AVSI, sponsor) in force on %(day)s.")
            % {"child": person.full_name, "day": display.day(day)},
            code="no_transfer_consent",
        )


# --- sponsors ---------------------------------------------------------------------------


def check_sponsor_code_free(code: str, *, taken: bool) -> None:
    """`taken`: another sponsor already has this code (whatever its case)."""
    if code and taken:
        raise ValidationError(
            _("Another sponsor already has the AVSI code %(code)s.") % {"code": code}, code="sponsor_code_taken"
        )


# --- sponsorships -----------------------------------------------------------------------


def check_period(start: date, end: date | None) -> None:
    """`end` (the first day no longer in force, or the last day, as the caller counts) follows `start`."""
    if end is not None and end <= start:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")


def check_sponsorship_in_enrolment(child, start: date) -> None:
    """A sponsorship starts while the child is enrolled (on or after enrolment, before her exit)."""
    if start < child.enrolled_on or (child.exited_on and start >= child.exited_on):
        raise ValidationError(_("The child is not enrolled in the program on that day."), code="not_enrolled")


def end_within_enrolment(child, end: date | None) -> date | None:
    """A sponsorship of a child who has left ends, at the latest, on her exit day."""
    if child.exited_on and (end is None or end > child.exited_on):
        return child.exited_on
    return end


def reassignment_of(current, *, same_sponsor: bool, start: date):
    """The sponsorship that a new one from `start` closes (a reassignment), or None.

    `current` is the child's sponsorship in force on `start` (or None). The same sponsor
    cannot start again over it; another sponsor's earlier sponsorship ends the day before.
    """
    if current is None:
        return None
    if same_sponsor:
        raise ValidationError(_("This sponsor already sponsors the child on that day."), code="same_sponsor")
    return current if current.period.lower < start else None


def overlap_error(conflicting) -> ValidationError:
    """The refusal of an overlapping period, naming the sponsorship it collides with (when known)."""
    if conflicting is None:
        return ValidationError(_("This period overlaps another sponsorship of the child."), code="overlap")
    return ValidationError(
        _("This period overlaps the child's sponsorship by %(sponsorship)s.")
        % {"sponsorship": describe_sponsorship(conflicting)},
        code="overlap",
    )


# --- contributions ----------------------------------------------------------------------


def check_amount(amount: Decimal) -> None:
    if not isinstance(amount, Decimal):
        raise TypeError("amounts are Decimal, never float")
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount")


def check_received_on(received_on: date, *, today: date | None = None) -> None:
    if is_in_future(received_on, today=today):
        raise ValidationError(FUTURE_DAY_MESSAGE, code="future")


def check_reference_free(reference: str, *, taken) -> None:
    """`taken`: the contribution already recorded with this reference (whatever its case), or None."""
    if not reference:
        raise ValidationError(_("Enter the bank or AVSI reference."), code="required")
    if taken is not None:
        raise ValidationError(
            _("The reference %(reference)s is already recorded for %(amount)s received on %(day)s.")
            % {
                "reference": taken.reference,
                "amount": display.money(taken.amount),
                "day": display.day(taken.received_on),
            },
            code="reference_taken",
        )


def check_contribution(*, amount: Decimal, received_on: date, reference: str, taken) -> None:
    """All of a contribution's rules at once, each refusal on its field (for the pages' forms)."""
    errors = {}
    for name, check in (
        ("amount", lambda: check_amount(amount)),
        ("received_on", lambda: check_received_on(received_on)),
        ("reference", lambda: check_reference_free(reference, taken=taken)),
    ):
        try:
            check()
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


# --- correspondence ---------------------------------------------------------------------


def check_translated(translation_status: str) -> None:
    """An update or letter waiting for its translation does not leave the building."""
    if translation_status == choices.TranslationStatus.PENDING:
        raise ValidationError(
            _("The translation is not done yet: mark it translated (or not needed) before sending."),
            code="not_translated",
        )


def check_checklist_complete(missing: Iterable[str]) -> None:
    """`missing`: names of the required checklist items not ticked yet."""
    missing = list(missing)
    if missing:
        raise ValidationError(
            _("The checklist is not complete: %(items)s.") % {"items": ", ".join(missing)},
            code="checklist_incomplete",
        )
