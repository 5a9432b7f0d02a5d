"""What the sponsorship services share: who may change program data, how a sponsorship is named."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from maksora import display
from maksora.access import access_for

DISTANCE = "distance"


def require_editor(user) -> None:
    """Only sponsorship staff change program data (managers read only): 403 otherwise."""
    if not access_for(user).edits_sponsorship:
        raise PermissionDenied


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
