"""What the sponsorship services share: who may change program data, how a sponsorship is named."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from maksora.access import access_for

DISTANCE = "distance"


def require_editor(user) -> None:
    """Only sponsorship staff change program data (managers read only): 403 otherwise."""
    if not access_for(user).edits_sponsorship:
        raise PermissionDenied


def day_display(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "…"


def describe_sponsorship(sponsorship) -> str:
    """A human sentence naming a sponsorship: sponsor, code and period (sponsorship staff only)."""
    upper = sponsorship.period.upper
    last_day = upper - timedelta(days=1) if upper is not None else None
    return _("%(sponsor)s (%(code)s), from %(start)s to %(end)s") % {
        "sponsor": sponsorship.sponsor.name,
        "code": sponsorship.sponsor.avsi_code,
        "start": day_display(sponsorship.period.lower),
        "end": day_display(last_day),
    }
