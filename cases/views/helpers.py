"""Fetch-and-check helpers: one call gets the record *and* checks the user, so no view forgets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from cases.models import Case, Person
from maksora.access import access_for, can_edit_case, get_visible_or_404

PAGE_SIZE = 20


def get_case_for_user(user, pk, *, write: bool = False) -> Case:
    """A case the user may see (else 404); with write=True also one she may edit (else 403)."""
    case = get_visible_or_404(Case.objects.select_related("unit", "primary_person", "assigned_to"), user, pk=pk)
    if write and not can_edit_case(user, case):
        raise PermissionDenied
    return case


def person_units(person: Person) -> set[str]:
    return set(person.memberships.values_list("case__unit__code", flat=True))


def can_edit_person(user, person: Person) -> bool:
    access = access_for(user)
    return any(access.can_edit_unit(code) for code in person_units(person))


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    person = get_visible_or_404(Person.objects, user, pk=pk)
    if write and not can_edit_person(user, person):
        raise PermissionDenied
    return person


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def apply_errors(form, error, renamed: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the matching fields (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (renamed or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_action(request, form, *, action, success: str, redirect_to: tuple, template: str, context: dict):
    """Validate `form`, run `action(cleaned_data)`, then redirect with `success`.

    Service errors land on the form, which is re-rendered with everything typed and a
    400 status, so a bad submission is never lost or answered with a 500.
    """
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(*redirect_to)
    status = 400 if form.is_bound else 200
    return render(request, template, {**context, "form": form}, status=status)
