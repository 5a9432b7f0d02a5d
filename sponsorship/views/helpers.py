"""Fetch-and-check helpers: one call gets the record *and* checks the user, so no view forgets."""

from django.core.exceptions import PermissionDenied

from maksora.access import access_for, get_visible_or_404
from sponsorship.models import Correspondence, Sponsor, SponsoredChild, Sponsorship
from sponsorship.services import require_editor


def require_program_reader(user) -> None:
    """The program's pages: distance staff, sponsorship staff and managers (others 403)."""
    access = access_for(user)
    if not access.reads_sponsorship_programme:
        raise PermissionDenied


def require_sponsor_reader(user) -> None:
    """Sponsor data: sponsorship staff and managers (others 403)."""
    if not access_for(user).sees_sponsors:
        raise PermissionDenied


def get_child_for_user(user, pk, *, write: bool = False) -> SponsoredChild:
    """A sponsored child the user may see (else 404); write=True also needs sponsorship staff (else 403)."""
    child = get_visible_or_404(SponsoredChild.objects.select_related("person"), user, pk=pk)
    if write:
        require_editor(user)
    return child


def get_sponsor_for_user(user, pk, *, write: bool = False) -> Sponsor:
    sponsor = get_visible_or_404(Sponsor.objects, user, pk=pk)
    if write:
        require_editor(user)
    return sponsor


def get_sponsorship_for_user(user, pk, *, write: bool = False) -> Sponsorship:
    sponsorship = get_visible_or_404(Sponsorship.objects.select_related("child__person", "sponsor"), user, pk=pk)
    if write:
        require_editor(user)
    return sponsorship


def get_correspondence_for_user(user, pk, *, write: bool = False) -> Correspondence:
    item = get_visible_or_404(
        Correspondence.objects.select_related("sponsorship__child__person", "sponsorship__sponsor"), user, pk=pk
    )
    if write:
        require_editor(user)
    return item
