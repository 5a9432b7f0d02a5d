"""What a person's page may say about the Distance Support Program, without naming the sponsor.

Social workers see that a child of their caseload is in the program (and since when she
has a sponsor), never who the sponsor is: sponsor data stay with sponsorship staff and
managers (maksora.access `sees_sponsors`). The person page reads it with
`sponsorship_status_of_visible`, the case page (its members, read as she may see them)
with `sponsorship_statuses_of_visible`, the family page with `sponsorship_statuses_for`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Person
from maksora import display
from maksora.access import access_for
from sponsorship.models import SponsoredChild


@dataclass(frozen=True)
class SponsorshipStatus:
    state: str  # "sponsored", "awaiting", "left"
    text: str  # e.g. "Sponsored since 01.09.2024 (Distance Support Program)"
    child_id: int  # SponsoredChild pk, for a link when the user may open the child's page
    can_open_child_page: bool


def sponsorship_status_of_visible(person, user, *, day: date | None = None) -> SponsorshipStatus | None:
    """The program status of `person`, or None (not enrolled): one query.

    Only for a person the caller read through `Person.objects.visible_to(user)` (her own
    page), so her visibility is not checked a second time.
    """
    return _statuses(SponsoredChild.objects.filter(person_id=person.pk), user, day=day).get(person.pk)


def sponsorship_statuses_of_visible(people, user, *, day: date | None = None) -> dict[int, SponsorshipStatus]:
    """The program status of many people at once, by person id: one query.

    Only for people the caller read through a `visible_to(user)` (the case page's members,
    `CaseMember.objects.visible_to`), so their visibility is not checked a second time.
    """
    ids = [person.pk for person in people if person is not None]
    if not ids:
        return {}
    return _statuses(SponsoredChild.objects.filter(person_id__in=ids), user, day=day)


def sponsorship_statuses_for(people, user, *, day: date | None = None) -> dict[int, SponsorshipStatus]:
    """The program status of many people at once (a family page), by person id: one query.

    People she may not see get no entry, whatever the program holds about them.
    """
    ids = [person.pk for person in people if person is not None]
    if not ids:
        return {}
    visible = Person.objects.visible_to(user).filter(pk__in=ids).values("pk")
    return _statuses(SponsoredChild.objects.filter(person_id__in=visible), user, day=day)


def _statuses(children, user, *, day: date | None) -> dict[int, SponsorshipStatus]:
    day = day or timezone.localdate()
    can_open = access_for(user).reads_sponsorship_programme
    rows = children.with_sponsorship_on(day).values("pk", "person_id", "exited_on", "sponsored_since")
    return {child["person_id"]: _status(child, day=day, can_open=can_open) for child in rows}


def _status(child: dict, *, day: date, can_open: bool) -> SponsorshipStatus:
    if child["exited_on"] and child["exited_on"] <= day:
        text = _("Left the Distance Support Program on %(day)s") % {"day": display.day(child["exited_on"])}
        return SponsorshipStatus("left", text, child["pk"], can_open)
    since = child["sponsored_since"]
    if since is None:
        return SponsorshipStatus(
            "awaiting", _("In the Distance Support Program, awaiting a sponsor"), child["pk"], can_open
        )
    text = _("Sponsored since %(day)s (Distance Support Program)") % {"day": display.day(since)}
    return SponsorshipStatus("sponsored", text, child["pk"], can_open)
