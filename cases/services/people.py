"""People of a case: intake of a family, a member added later, merging duplicate records."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices
from cases.models import (
    Attachment,
    Case,
    CaseMember,
    Consent,
    Person,
    Relationship,
    Unit,
)
from cases.services.lifecycle import case_log, case_open
from cases.signals import person_merging
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


# --- merge ----------------------------------------------------------------------------


def _move_relationships(*, keep: Person, duplicate: Person) -> None:
    """Family links of `duplicate` now link `keep`; a link that would repeat one in force, or point at herself, goes."""
    for link in Relationship.objects.filter(Q(from_person=duplicate) | Q(to_person=duplicate)):
        new_from = keep if link.from_person_id == duplicate.pk else link.from_person
        new_to = keep if link.to_person_id == duplicate.pk else link.to_person
        # Ended links are history and may repeat; only one link of a kind stays in force.
        same = Relationship.objects.filter(from_person=new_from, to_person=new_to, kind=link.kind)
        if new_from.pk == new_to.pk or (link.ended_on is None and same.in_force().exists()):
            link.delete()
        else:
            link.from_person, link.to_person = new_from, new_to
            link.save(update_fields=["from_person", "to_person"])


def _move_consents(*, keep: Person, duplicate: Person) -> None:
    """Consents follow the person; where both records have one in force, the duplicate's is withdrawn."""
    today = timezone.localdate()
    for consent in Consent.objects.filter(person=duplicate):
        clash = consent.withdrawn_on is None and Consent.objects.filter(
            person=keep, purpose=consent.purpose, withdrawn_on__isnull=True
        )
        if clash and clash.exists():
            consent.withdrawn_on = max(today, consent.given_on)
        consent.person = keep
        consent.save(update_fields=["person", "withdrawn_on"])


@transaction.atomic
def people_merge(*, keep: Person, duplicate: Person, by, as_steward: bool = False) -> Person:
    """Move every link of `duplicate` onto `keep` and mark the duplicate as merged.

    Coordinators only, and only when every case of both people is in a unit they manage.
    A consent in force on both records stays on `keep`; the duplicate's one is withdrawn
    (kept for the record) so only one consent per purpose is in force. Every history event
    of the merge names the coordinator, also outside a web request (admin action, shell).
    `as_steward`: a pair decided "same person" in the stewards' queue (cases.services.duplicates),
    which a registry steward may merge across units she does not coordinate.
    """
    with pghistory.context(user=by.pk, action="people_merge"):
        return _people_merge(keep=keep, duplicate=duplicate, by=by, as_steward=as_steward)


def _people_merge(*, keep: Person, duplicate: Person, by, as_steward: bool = False) -> Person:
    access = access_for(by)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged into herself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("This person has already been merged."))
    units = set(
        CaseMember.objects.filter(person__in=[keep, duplicate]).values_list("case__unit__code", flat=True)
    ) | set(Case.objects.filter(primary_person__in=[keep, duplicate]).values_list("unit__code", flat=True))
    if as_steward:
        if not access.is_registry_steward:
            raise PermissionDenied
    elif not access.is_coordinator or not units or not all(access.can_manage_unit(code) for code in units):
        raise PermissionDenied
    affected_cases = list(
        Case.objects.filter(Q(memberships__person=duplicate) | Q(primary_person=duplicate)).distinct()
    )

    for membership in CaseMember.objects.filter(person=duplicate):
        if CaseMember.objects.filter(case_id=membership.case_id, person=keep).exists():
            membership.delete()
        else:
            membership.person = keep
            membership.save(update_fields=["person"])
    Case.objects.filter(primary_person=duplicate).update(primary_person=keep)

    _move_relationships(keep=keep, duplicate=duplicate)
    _move_consents(keep=keep, duplicate=duplicate)
    Attachment.objects.filter(person=duplicate).update(person=keep)
    # Stays, program enrolment…: the apps built on cases move their own rows (and may refuse).
    person_merging.send(sender=Person, keep=keep, duplicate=duplicate, by=by)

    Person.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    for case in affected_cases:
        case_log(
            case=case,
            kind=choices.CaseActivityKind.MERGED,
            actor=by,
            summary=_("%(duplicate)s (#%(dup_id)s) merged into %(keep)s (#%(keep_id)s)")
            % {"duplicate": duplicate, "dup_id": duplicate.pk, "keep": keep, "keep_id": keep.pk},
        )
    return keep
