"""Restricted persons: the placeholder shown instead of them, and the record of who read them.

Who may see a restricted person is decided by the querysets (`hidden_from` in
cases.querysets, applied by every `visible_to`); the rules for setting one are in
maksora.access and cases.services.restriction. See docs/restricted.md.
"""

import logging

from django.utils.translation import gettext_lazy as _

from cases.models import CaseMember, Person, Restriction
from cases.querysets import hidden_from

# What non-named staff see where a restricted person's name would be (board, drill-downs).
RESTRICTED_LABEL = _("Restricted record")

security_log = logging.getLogger("maksora.security")


def note_restricted_read(request, person) -> None:
    """A named staff member has just read a restricted person's record.

    The hook for the access log: for now one security log line, with ids only (a name
    in a log line would undo the restriction).
    """
    security_log.info(
        "restricted record read: user=%s person=%s path=%s",
        getattr(request.user, "pk", None),
        person.pk,
        request.path,
    )


def restricted_person_ids(people) -> set[int]:
    """Ids of the restricted ones among `people` (persons already visible to the reader)."""

    ids = [person.pk for person in people]
    if not ids:
        return set()
    return set(Restriction.objects.filter(person_id__in=ids).values_list("person_id", flat=True))


def hidden_person_ids(user, person_ids) -> set[int]:
    """Ids among `person_ids` that `user` may not see because they are restricted."""
    person_ids = [pk for pk in person_ids if pk is not None]
    if not person_ids:
        return set()
    return set(Person.objects.filter(hidden_from(user), pk__in=person_ids).values_list("pk", flat=True))


def case_page_restrictions(request, case, members, *, hidden_people=None) -> dict:
    """What the case page needs about restricted people: how many members it hides, and the log.

    `members` are the member rows the reader sees. Each restricted person among them (her
    named staff are reading) is noted as read; names of hidden members are masked in the
    case's timeline lines (e.g. "family member added"), which were written before.
    Members read with a `restricted` flag, and the hidden members' names read beforehand
    (`hidden_people`, cases.case_page), spare the queries.
    """
    visible_people = [member.person for member in members]
    if all(hasattr(member, "restricted") for member in members):
        restricted_ids = {member.person_id for member in members if member.restricted}
    else:
        restricted_ids = restricted_person_ids(visible_people)
    for person_id in sorted(restricted_ids):
        note_restricted_read(request, next(p for p in visible_people if p.pk == person_id))
    if hidden_people is None:
        hidden_people = list(
            Person.objects.filter(
                hidden_from(request.user), pk__in=CaseMember.objects.filter(case=case).values("person_id")
            ).only("family_name", "given_name", "patronymic")
        )
    return {"hidden_member_count": len(hidden_people), "hidden_names": _names_of(hidden_people)}


def _names_of(people) -> list[str]:
    names = set()
    for person in people:
        names.add(person.full_name)
        names.add(f"{person.family_name} {person.given_name}".strip())
    return sorted((name for name in names if name), key=len, reverse=True)


def mask_names(text: str, names) -> str:
    for name in names:
        text = text.replace(name, str(RESTRICTED_LABEL))
    return text
