"""Enrolling children of the registry in the program, changing their program data, their exit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case, Person
from cases.services import _person_from, case_open
from maksora.locking import check_version
from maksora.models import Unit
from sponsorship import choices
from sponsorship.models import SponsoredChild
from sponsorship.services.common import DISTANCE, require_editor
from sponsorship.services.sponsorships import close_sponsorship

CHILD_FIELDS = {"avsi_code", "school", "grade", "living_situation", "enrolled_on"}


def _ensure_distance_case(*, person: Person, opened_on: date, by) -> Case:
    """The child's open case in the distance unit (opened if missing): it makes her visible to its staff."""
    existing = (
        Case.objects.filter(unit__code=DISTANCE, memberships__person=person).exclude(status=CaseStatus.CLOSED).first()
    )
    if existing:
        return existing
    return case_open(
        unit=Unit.objects.get(code=DISTANCE),
        primary_person=person,
        opened_by=by,
        opened_on=opened_on,
        status=CaseStatus.ACTIVE,
        assigned_to=by,
    )


def _check_code_free(avsi_code: str, *, exclude_pk=None) -> None:
    if not avsi_code:
        raise ValidationError({"avsi_code": _("Enter the AVSI child code.")})
    if SponsoredChild.objects.filter(avsi_code__iexact=avsi_code).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {"avsi_code": _("Another child already has the AVSI code %(code)s.") % {"code": avsi_code}}
        )


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
    if enrolled_on > timezone.localdate():
        raise ValidationError({"enrolled_on": _("A child cannot be enrolled in the future.")})
    _check_code_free(avsi_code)
    person = _person_from(person)
    if SponsoredChild.objects.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already enrolled in the program.") % {"person": person.full_name})
    _ensure_distance_case(person=person, opened_on=enrolled_on, by=by)
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
    if child.enrolled_on > timezone.localdate():
        raise ValidationError({"enrolled_on": _("A child cannot be enrolled in the future.")})
    if child.sponsorships.filter(period__startswith__lt=child.enrolled_on).exists():
        raise ValidationError({"enrolled_on": _("The child has a sponsorship that starts before this date.")})
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
    if exited_on > timezone.localdate():
        raise ValidationError({"exited_on": _("This date cannot be in the future.")})
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
