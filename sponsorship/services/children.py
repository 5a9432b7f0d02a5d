"""Enrolling children of the registry in the program, changing their program data, their exit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case, Person
from cases.services import _person_from, cases_consent_pending, cases_open_bulk
from maksora.locking import check_version
from maksora.models import Unit
from maksora.rules import not_in_future
from maksora.units import UnitCode
from sponsorship import choices, rules
from sponsorship.models import SponsoredChild
from sponsorship.services.common import require_editor
from sponsorship.services.sponsorships import close_sponsorship

CHILD_FIELDS = {"avsi_code", "school", "grade", "living_situation", "enrolled_on"}


def distance_cases_ensure(*, openings: list[tuple[Person, date]], by) -> None:
    """Each (child, enrolment day) gets an open case in the distance unit unless she has one.

    The case makes her visible to the program's staff. One query to find who has one and
    one bulk opening for the rest, whether one child is enrolled or an import enrols thousands.
    A new case of a child without a processing consent in force (signed by her legal
    representative) opens with the consent pending (docs/consent.md).
    """
    known = [person.pk for person, _day in openings if person.pk]
    with_case = set(
        Case.objects.filter(unit__code=UnitCode.DISTANCE, memberships__person__in=known)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("memberships__person", flat=True)
    )
    missing = [(person, day) for person, day in openings if person.pk not in with_case]
    if missing:
        opened = cases_open_bulk(
            unit=Unit.objects.get(code=UnitCode.DISTANCE),
            openings=missing,
            opened_by=by,
            status=CaseStatus.ACTIVE,
            assigned_to=by,
        )
        cases_consent_pending(cases=opened)


def _check_code_free(avsi_code: str, *, exclude_pk=None) -> None:
    taken = SponsoredChild.objects.filter(avsi_code__iexact=avsi_code).exclude(pk=exclude_pk)
    with rules.on_field("avsi_code"):
        rules.check_child_code_free(avsi_code, taken=bool(avsi_code) and taken.exists())


@transaction.atomic
def child_enrol(
    *,
    person: Person | dict,
    avsi_code: str,
    living_situation: str,
    enrolled_on: date,
    by,
    school: str = "",
    grade: str = "",
) -> SponsoredChild:
    """Enrol a child of the registry (an existing Person, or a dict of Person fields) in the program.

    Her personal data stay on the Person (no second copy). A case in the distance unit is
    opened when she has no open one there, so the program's staff see her.
    """
    require_editor(by)
    avsi_code = (avsi_code or "").strip()
    with rules.on_field("enrolled_on"):
        rules.check_enrolment_date(enrolled_on)
    _check_code_free(avsi_code)
    person = _person_from(person)
    rules.check_not_enrolled(person, enrolled=SponsoredChild.objects.filter(person=person).exists())
    distance_cases_ensure(openings=[(person, enrolled_on)], by=by)
    child = SponsoredChild(
        person=person,
        avsi_code=avsi_code,
        school=school.strip(),
        grade=grade.strip(),
        living_situation=living_situation,
        enrolled_on=enrolled_on,
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_update(*, child: SponsoredChild, by, expected_version: int | None = None, **fields) -> SponsoredChild:
    """Change a child's program data (AVSI code, school, grade, living situation, enrolment date).

    Refused (StaleEdit) when the row moved past `expected_version`, the version the form was loaded with.
    """
    require_editor(by)
    child = SponsoredChild.objects.select_for_update().get(pk=child.pk)
    check_version(child, expected_version)
    for name, value in fields.items():
        if name not in CHILD_FIELDS:
            raise TypeError(name)
        setattr(child, name, value.strip() if isinstance(value, str) else value)
    _check_code_free(child.avsi_code, exclude_pk=child.pk)
    with rules.on_field("enrolled_on"):
        rules.check_enrolment_date(child.enrolled_on)
        earlier = child.sponsorships.filter(period__startswith__lt=child.enrolled_on).values_list("period", flat=True)
        rules.check_enrolment_before_sponsorships(child.enrolled_on, [period.lower for period in earlier[:1]])
    child.full_clean(exclude=["person"])
    child.save()
    return child


@transaction.atomic
def child_exit(*, child: SponsoredChild, exited_on: date, exit_reason: str, by) -> SponsoredChild:
    """The child leaves the program on `exited_on`; her sponsorship in force ends that day ("child left")."""
    require_editor(by)
    child = SponsoredChild.objects.select_for_update().get(pk=child.pk)
    if child.exited_on:
        raise ValidationError(_("This child has already left the program."))
    if exited_on < child.enrolled_on:
        raise ValidationError({"exited_on": _("A child cannot leave before being enrolled.")})
    not_in_future(exited_on, field="exited_on")
    if not exit_reason:
        raise ValidationError({"exit_reason": _("Choose why the child leaves the program.")})
    still_running = child.sponsorships.select_for_update().filter(
        Q(period__upper_inf=True) | Q(period__endswith__gt=exited_on)
    )
    for sponsorship in still_running.select_related("sponsor"):
        if sponsorship.period.lower >= exited_on:
            raise ValidationError(
                {"exited_on": _("A sponsorship of the child starts on or after this date; end it first.")}
            )
        close_sponsorship(sponsorship, end=exited_on, end_reason=choices.SponsorshipEndReason.CHILD_EXITED)
    child.exited_on, child.exit_reason = exited_on, exit_reason
    child.save(update_fields=["exited_on", "exit_reason"])
    return child
