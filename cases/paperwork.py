"""Papers that expire: a document's validity, each person's current paper of a type, and
the papers a programme asks for that a case still lacks.

A paper is *current* when no paper of the same type for the same person is valid for
longer: a passport replaced by a new one stops counting as expired the day the new scan
is filed.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from cases import choices
from cases.models import Attachment, Case, CaseMember, DocumentType, Person, age_on
from maksora.rules import not_in_future

EXPIRY_WARNING_DAYS = 30
ADULT_AGE = 18


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def paper_valid_until(*, document_type: DocumentType | None, issued_on: date | None, valid_until: date | None):
    """The typed end of validity, else the type's usual validity counted from the issue date."""
    if valid_until or document_type is None or issued_on is None or not document_type.validity_months:
        return valid_until
    return add_months(issued_on, document_type.validity_months)


def paper_details_check(
    *, document_type: DocumentType | None, document_number: str, issued_on: date | None, valid_until: date | None
) -> None:
    """One rule for a filed paper's number and dates, on the site, in the admin and in services."""
    if document_type is None:
        if document_number or issued_on or valid_until:
            raise ValidationError({"document_type": _("Choose the document type for its number and dates.")})
        return
    not_in_future(issued_on, field="issued_on", message=_("A document cannot be issued in the future."))
    if issued_on and valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": _("A document cannot expire before it was issued.")})


def _outlasted():
    """A paper of the same person and type valid for longer (or for good)."""
    return Attachment.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")),
        person_id=OuterRef("person_id"),
        document_type_id=OuterRef("document_type_id"),
    ).exclude(pk=OuterRef("pk"))


def followed_people(user, *, mine_only: bool):
    """People of the open cases she may read (only the cases she carries, for `mine_only`)."""
    cases = Case.objects.visible_to(user).open()
    if mine_only:
        cases = cases.filter(assigned_to=user)
    members = CaseMember.objects.visible_to(user).filter(case__in=cases)
    return Person.objects.not_hidden_from(user).filter(Exists(members.filter(person=OuterRef("pk"))))


def papers_expiring(user, *, today: date, mine_only: bool, within_days: int = EXPIRY_WARNING_DAYS):
    """Current papers of her people that have expired or expire within `within_days`, soonest first."""
    return (
        Attachment.objects.visible_to(user)
        .filter(
            person__in=followed_people(user, mine_only=mine_only),
            document_type__isnull=False,
            valid_until__lte=today + timedelta(days=within_days),
        )
        .exclude(Exists(_outlasted()))
        .select_related("person", "document_type")
        .order_by("valid_until", "person__family_name", "pk")
    )


@dataclass(frozen=True)
class MissingPaper:
    person: Person
    document_type: DocumentType


def asked_of(document_type: DocumentType, person: Person, today: date) -> bool:
    """Whether a type applies to a person; without a birth date only papers asked of everyone do."""
    if document_type.holder == choices.DocumentHolder.EVERYONE:
        return True
    age = age_on(person.birth_date, today)
    if age is None:
        return False
    return (age >= ADULT_AGE) == (document_type.holder == choices.DocumentHolder.ADULTS)


def papers_missing(*, people: list[Person], unit_id: int, today: date) -> list[MissingPaper]:
    """The unit's required papers that each person has no valid scan of (one query, any size)."""
    if not people:
        return []
    held_by = (
        Attachment.objects.filter(person__in=people, document_type=OuterRef("pk"))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("person_id")
    )
    required = list(
        DocumentType.objects.filter(active=True, required_in=unit_id).annotate(held_by=ArraySubquery(held_by))
    )
    return [
        MissingPaper(person, document_type)
        for person in people
        for document_type in required
        if asked_of(document_type, person, today) and person.pk not in document_type.held_by
    ]


def papers_asked_in(units):
    """Each unit with the papers its intake and admission ask for (two queries)."""
    return units.prefetch_related(
        Prefetch("required_document_types", queryset=DocumentType.objects.filter(active=True), to_attr="papers")
    )
