"""My data problems: what the checks found in the records she keeps, to fix or set aside."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from datachecks.models import DataCheck, DataProblem
from datachecks.services import data_checks_run, data_problem_dismiss
from maksora.access import access_for, can_handle_data_problem, get_visible_or_404
from maksora.pages import SCOPE_MINE, form_action, paginate, query_string_without_page, scope_asked


class DismissForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is this not a problem?"), max_length=255)


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Check"), required=False, choices=[("", gettext_lazy("All checks")), *DataCheck.choices]
    )


def _problems_for(user, *, scope: str, kind: str):
    problems = DataProblem.objects.visible_to(user).open().select_related("person", "case", "unit", "assigned_to")
    if scope == SCOPE_MINE:
        problems = problems.filter(assigned_to=user)
    if kind:
        problems = problems.filter(kind=kind)
    return problems.order_by("found_on", "pk")


@login_required
def problem_list(request):
    access = access_for(request.user)
    if not access.case_unit_codes:
        raise PermissionDenied
    scope = scope_asked(request)
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    return render(
        request,
        "datachecks/problem_list.html",
        {
            "page_obj": paginate(request, _problems_for(request.user, scope=scope, kind=kind)),
            "filters": filters,
            "scope": scope,
            "can_run": access.is_coordinator,
            "query_string": query_string_without_page(request),
        },
    )


@login_required
def problem_dismiss(request, pk):
    problem = get_visible_or_404(DataProblem.objects.select_related("unit"), request.user, pk=pk)
    unit_code = problem.unit.code if problem.unit else None
    if not can_handle_data_problem(request.user, unit_code=unit_code, assigned_to_id=problem.assigned_to_id):
        raise PermissionDenied
    return form_action(
        request,
        DismissForm(request.POST or None),
        action=lambda data: data_problem_dismiss(
            problem=problem, by=request.user, reason=data["reason"], on=timezone.localdate()
        ),
        success=_("The problem is set aside and will not be raised again."),
        redirect_to=("datachecks:problem_list",),
        template="datachecks/problem_dismiss.html",
        context={"problem": problem},
    )


@login_required
@require_POST
def checks_run(request):
    if not access_for(request.user).is_coordinator:
        raise PermissionDenied
    summary = data_checks_run(today=timezone.localdate())
    messages.success(
        request,
        _("Checks run: %(found)s problems found, %(new)s of them new, %(resolved)s resolved since the last run.")
        % {"found": summary.found, "new": summary.new, "resolved": summary.resolved},
    )
    return redirect("datachecks:problem_list")
