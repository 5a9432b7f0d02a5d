"""What the sponsorship services share: who may change program data, how a sponsorship is named."""

from django.core.exceptions import PermissionDenied

from maksora.access import access_for
from sponsorship.rules import describe_sponsorship

__all__ = ["describe_sponsorship", "require_editor"]


def require_editor(user) -> None:
    """Only sponsorship staff change program data (managers read only): 403 otherwise."""
    if not access_for(user).edits_sponsorship:
        raise PermissionDenied
