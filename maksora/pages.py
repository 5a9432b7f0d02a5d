"""What every app's pages share: pagination and the validate–act–redirect flow of a form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Page, Paginator
from django.shortcuts import redirect, render

from maksora.access import access_for
from maksora.locking import StaleEdit

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return UncountedPaginator(queryset, per_page).get_page(request.GET.get("page"))


class UncountedPage(Page):
    """A page that knows whether another follows from the one row read past its end."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        return self.number + 1

    def previous_page_number(self):
        if self.number <= 1:
            raise EmptyPage(self.paginator.error_messages["min_page"])
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class UncountedPaginator(Paginator):
    """Pages read as `LIMIT per_page + 1`, never counting every row the list matches.

    The pages show "previous", "page N" and "next", never a total, so a COUNT(*) over
    lists that grow with the years (notes, letters, cases) would be work for nothing.
    Only a page number past the end (or below 1) counts, to land on the last page as
    Django's paginator does; `count` and `num_pages` still answer when asked.
    """

    def page(self, number):
        number = int(number)
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(self._as_page_number(number))
        except EmptyPage:
            # Past the last page (or below the first): Django's answer, the last page.
            return super().get_page(number)

    def _as_page_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            return int(number)
        except (TypeError, ValueError):
            return 1


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
