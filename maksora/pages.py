"""What every app's pages share: pagination and the validate–act–redirect flow of a form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from maksora.access import access_for
from maksora.locking import StaleEdit

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


SCOPE_MINE, SCOPE_UNITS = "mine", "units"


def scope_asked(request) -> str:
    """Whose records a worklist shows: "mine" (the cases she carries) or "units" (all she oversees).

    Social workers start with their own cases, everyone else with their units.
    """
    asked = request.GET.get("scope")
    if asked in (SCOPE_MINE, SCOPE_UNITS):
        return asked
    return SCOPE_MINE if access_for(request.user).carries_cases else SCOPE_UNITS


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def apply_errors(form, error: ValidationError, renamed: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the matching fields (or on top of the form)."""
    if isinstance(error, StaleEdit) and hasattr(form, "show_conflict"):
        form.show_conflict(error)
        return
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            field = (renamed or {}).get(field, field)
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def form_action(
    request,
    form,
    *,
    action,
    success: str,
    redirect_to,
    template: str,
    context: dict,
    renamed: dict[str, str] | None = None,
):
    """Validate `form`, run `action(cleaned_data)`, then redirect with `success`.

    `redirect_to` is redirect()'s arguments, or a function of the action's result giving
    them. Service errors land on the form (`renamed` maps a service's argument name to
    the form field it came from), which is re-rendered with everything typed and a 400
    status, so a bad submission is never lost or answered with a 500.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, renamed)
        else:
            messages.success(request, success)
            return redirect(*(redirect_to(result) if callable(redirect_to) else redirect_to))
    return render(request, template, {**context, "form": form}, status=form_status(form))


def form_status(form) -> int:
    """200 for a form shown, 400 for one refused, 409 when it was refused as stale (see maksora.locking)."""
    if not form.is_bound:
        return 200
    return 409 if getattr(form, "conflict", None) else 400
