"""The caseload review on the site: per worker of a coordinator's units, and reassigning cases."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.caseload import (
    DEFAULT_QUIET_DAYS,
    MAX_QUIET_DAYS,
    ReassignForm,
    caseload_review,
    cases_reassign,
    quiet_case_q,
    workers_for,
)
from cases.models import Case
from maksora.access import access_for
from maksora.pages import paginate, query_string_without_page
from maksora.units import UnitCode


class CaseloadFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    worker = forms.ModelChoiceField(label=_("Worker"), required=False, queryset=None, empty_label=_("Every worker"))
    days = forms.IntegerField(
        label=_("Days without a note"),
        min_value=0,
        max_value=MAX_QUIET_DAYS,
        required=False,
        initial=DEFAULT_QUIET_DAYS,
    )
    quiet = forms.BooleanField(label=_("Only cases without a recent note"), required=False)
    review_overdue = forms.BooleanField(label=_("Only overdue reviews"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = access_for(user).own_unit_codes
        units = [(code, label) for code, label in UnitCode.choices if code in codes]
        self.fields["unit"].choices = [("", _("Every unit")), *units]
        self.fields["worker"].queryset = workers_for(user)
        self.fields["worker"].label_from_instance = lambda u: u.get_full_name() or u.username

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None


@login_required
def caseload(request):
    """Cases per worker in the coordinator's units; the selected cases go to another worker."""
    user = request.user
    access = access_for(user)
    if not access.is_coordinator or not access.own_unit_codes:
        raise PermissionDenied
    today = timezone.localdate()
    form = CaseloadFilterForm(request.GET or None, user=user)
    days = form.value("days")
    days = DEFAULT_QUIET_DAYS if days is None else days
    units = [form.value("unit")] if form.value("unit") else sorted(access.own_unit_codes)
    cases = Case.objects.visible_to(user).open().filter(unit__code__in=units).for_list()
    if form.value("worker"):
        cases = cases.filter(assigned_to=form.value("worker"))
    if form.value("quiet"):
        cases = cases.filter(quiet_case_q(since=today - timedelta(days=days)))
    if form.value("review_overdue"):
        cases = cases.filter(next_review_on__lt=today)
    cases = cases.order_by("assigned_to__last_name", "assigned_to__first_name", "number")

    reassign_form = ReassignForm(request.POST or None, workers=workers_for(user))
    if request.method == "POST":
        chosen = list(cases.filter(pk__in=_ids(request.POST.getlist("case"))))
        if not chosen:
            reassign_form.add_error(None, _("Select at least one case."))
        elif reassign_form.is_valid():
            to_user = reassign_form.cleaned_data["to_user"]
            outcome = cases_reassign(cases=chosen, to_user=to_user, by=user)
            for level, text in outcome.messages(to_user):
                getattr(messages, level)(request, text)
            return redirect(request.get_full_path())
    return render(
        request,
        "cases/caseload.html",
        {
            "form": form,
            "rows": caseload_review(user, days=days, today=today, unit_codes=units),
            "days": days,
            "page_obj": paginate(request, cases),
            "query_string": query_string_without_page(request),
            "reassign_form": reassign_form,
            "today": today,
        },
        status=400 if reassign_form.is_bound and reassign_form.errors else 200,
    )


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()]
