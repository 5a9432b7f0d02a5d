"""People of a case: intake of a family, a member added later (merging: cases.services.merging)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import choices
from cases.models import (
    Case,
    CaseMember,
    Person,
    Relationship,
    Unit,
)
from cases.services.lifecycle import case_log, case_open
from maksora.access import access_for, can_edit_case
from maksora.rules import not_in_future


def _person_from(data: Person | dict) -> Person:
    """An existing person is used as is; a dict of fields creates a new person."""
    if isinstance(data, Person):
        return data
    person = Person(**data)
    not_in_future(person.birth_date, field="birth_date", message=_("A date of birth cannot be in the future."))
    person.full_clean(exclude=["name_key"])
    person.save()
    return person


@transaction.atomic
def intake_register(
    *, unit: Unit, mother: Person | dict, children: list[Person | dict] = (), registered_by, **case_fields
) -> Case:
    """Register a mother and her children (existing people or new ones) and open their case.

    Each person is either an existing `Person` (picked at the duplicate warning) or a dict
    of Person fields. The mother is linked to every child (kind "mother").
    """
    if not access_for(registered_by).can_edit_unit(unit.code):
        raise PermissionDenied
    mother_person = _person_from(mother)
    child_people = []
    for child in children:
        person = _person_from(child)
        if person.pk == mother_person.pk:
            raise ValidationError(_("The same person cannot be both the mother and a child."))
        if person.pk not in {c.pk for c in child_people}:
            child_people.append(person)
    for child in child_people:
        Relationship.objects.get_or_create(
            from_person=mother_person, to_person=child, kind=choices.RelationshipKind.MOTHER, ended_on=None
        )
    return case_open(
        unit=unit,
        primary_person=mother_person,
        members=[(c, choices.MemberRole.CHILD) for c in child_people],
        opened_by=registered_by,
        assigned_to=case_fields.pop("assigned_to", registered_by),
        **case_fields,
    )


@transaction.atomic
def case_member_add(
    *, case: Case, by, person_fields: dict, role: str = choices.MemberRole.CHILD, mother_link: bool = True
) -> Person:
    """Register a new person as a member of `case` (e.g. a baby born during the stay).

    A child is linked to the case's primary person as her mother when she is a woman.
    """
    if not can_edit_case(by, case):
        raise PermissionDenied
    person = _person_from(dict(person_fields))
    CaseMember.objects.create(case=case, person=person, role=role)
    if mother_link and role == choices.MemberRole.CHILD and case.primary_person.sex == choices.Sex.FEMALE:
        Relationship.objects.get_or_create(
            from_person=case.primary_person, to_person=person, kind=choices.RelationshipKind.MOTHER, ended_on=None
        )
    case_log(case=case, kind=choices.CaseActivityKind.MEMBER_ADDED, actor=by, summary=person.full_name)
    return person
