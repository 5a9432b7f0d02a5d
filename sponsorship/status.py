"""What a person's page may say about the Distance Support Program, without naming the sponsor.

Social workers see that a child of their caseload is in the program (and since when she
has a sponsor), never who the sponsor is: sponsor data stay with sponsorship staff and
managers (maksora.access `sees_sponsors`). templates/cases/person_detail.html shows it
with `{% load sponsorship_tags %}{% sponsorship_status person %}`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Person
from maksora import display
from maksora.access import access_for
from sponsorship.models import SponsoredChild, Sponsorship


@dataclass(frozen=True)
class SponsorshipStatus:
    state: str  # "sponsored", "awaiting", "left"
    text: str  # e.g. "Sponsored since 01.09.2024 (Distance Support Program)"
    child_id: int  # SponsoredChild pk, for a link when the user may open the child's page
    can_open_child_page: bool


def sponsorship_status_for(person, user, *, day: date | None = None) -> SponsorshipStatus | None:
    """The program status of `person` for `user`, or None (not enrolled, or a person she may not see).

    Two queries at most; the sponsor's identity is never read.
    """
    if person is None or not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return None
    day = day or timezone.localdate()
    child = SponsoredChild.objects.filter(person_id=person.pk).values("pk", "enrolled_on", "exited_on").first()
    if child is None:
        return None
    access = access_for(user)
    can_open = access.reads_sponsorship_programme
    if child["exited_on"] and child["exited_on"] <= day:
        text = _("Left the Distance Support Program on %(day)s") % {"day": display.day(child["exited_on"])}
        return SponsorshipStatus("left", text, child["pk"], can_open)
    since = (
        Sponsorship.objects.in_force_on(day)
        .filter(child_id=child["pk"])
        .values_list("period__startswith", flat=True)
        .first()
    )
    if since is None:
        return SponsorshipStatus(
            "awaiting", _("In the Distance Support Program, awaiting a sponsor"), child["pk"], can_open
        )
    text = _("Sponsored since %(day)s (Distance Support Program)") % {"day": display.day(since)}
    return SponsorshipStatus("sponsored", text, child["pk"], can_open)
