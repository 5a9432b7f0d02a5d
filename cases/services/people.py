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
from cases.services.documents import cases_consent_pending, consents_at_intake
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
    *,
    unit: Unit,
    mother: Person | dict,
    children: list[Person | dict] = (),
    registered_by,
    mother_consent: dict | None = None,
    children_consents: list[dict | None] = (),
    **case_fields,
) -> Case:
    """Register a mother and her children (existing people or new ones) and open their case.

    Each person is either an existing `Person` (picked at the duplicate warning) or a dict
    of Person fields. The mother is linked to every child (kind "mother").
    The processing consents signed there are recorded (`mother_consent`, and per child in
    `children_consents`, in the order of `children`: `given_on` and `text`, or None); without
    everyone's the case opens with its consent pending (docs/consent.md).
    """
    if not access_for(registered_by).can_edit_unit(unit.code):
        raise PermissionDenied
    mother_person = _person_from(mother)
    child_people = []
    child_consents = {}
    for index, child in enumerate(children):
        person = _person_from(child)
        if person.pk == mother_person.pk:
            raise ValidationError(_("The same person cannot be both the mother and a child."))
        if person.pk not in {c.pk for c in child_people}:
            child_people.append(person)
            child_consents[person.pk] = children_consents[index] if index < len(children_consents) else None
    for child in child_people:
        Relationship.objects.get_or_create(
            from_person=mother_person, to_person=child, kind=choices.RelationshipKind.MOTHER, ended_on=None
        )
    case = case_open(
        unit=unit,
        primary_person=mother_person,
        members=[(c, choices.MemberRole.CHILD) for c in child_people],
        opened_by=registered_by,
        assigned_to=case_fields.pop("assigned_to", registered_by),
        **case_fields,
    )
    consents_at_intake(
        mother=mother_person,
        children=[(child, child_consents.get(child.pk)) for child in child_people],
        mother_consent=mother_consent,
        by=registered_by,
    )
    cases_consent_pending(cases=[case])
    case.refresh_from_db()
    return case


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
