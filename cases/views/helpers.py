"""Fetch-and-check helpers: one call gets the record *and* checks the user, so no view forgets."""

from django.core.exceptions import PermissionDenied

from cases.case_page import with_page_sections
from cases.models import Case, Person
from cases.services import person_unit_codes
from maksora.access import access_for, can_edit_case, get_visible_or_404


def get_case_for_user(user, pk, *, write: bool = False, with_page: int | None = None) -> Case:
    """A case the user may see (else 404); with write=True also one she may edit (else 403).

    with_page=N reads, in the same query, the lists the case page shows her with page N of
    its timeline (cases.case_page).
    """
    cases = Case.objects.select_related("unit", "primary_person", "assigned_to")
    if with_page:
        cases = with_page_sections(cases, user, timeline_page=with_page)
    case = get_visible_or_404(cases, user, pk=pk)
    if write and not can_edit_case(user, case):
        raise PermissionDenied
    return case


def can_edit_person(user, person: Person) -> bool:
    access = access_for(user)
    return any(access.can_edit_unit(code) for code in person_unit_codes(person))


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    person = get_visible_or_404(Person.objects, user, pk=pk)
    if write and not can_edit_person(user, person):
        raise PermissionDenied
    return person
