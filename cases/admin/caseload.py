"""The caseload review and the bulk "reassign" action of the case changelist.

Per worker: active cases, cases without a recent note, overdue tasks and reviews. The
reassign action goes through cases.services.case_reassign, like the site does.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases import choices
from cases.admin.filters import DEFAULT_QUIET_DAYS
from cases.models import Case, Note, Task
from cases.services import case_reassign
from cases.staff import case_workers
from maksora import display, roles
from maksora.access import access_for

User = get_user_model()

# Longest "without a note for N days" window the review accepts (ten years).
MAX_QUIET_DAYS = 3650


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=gettext_lazy("New worker"), queryset=User.objects.none())

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = workers
        self.fields["to_user"].label_from_instance = display.staff_name


def workers_for(user, unit_codes=None):
    """Staff who can carry cases (social workers, coordinators) in units the user manages."""
    access = access_for(user)
    codes = access.own_unit_codes if unit_codes is None else set(unit_codes) & access.own_unit_codes
    return case_workers(codes)


def caseload_review(user, *, days: int = DEFAULT_QUIET_DAYS, today=None):
    """Per worker of the units the user reaches, in ONE query:

    - active_cases: open (not closed) cases assigned to her in those units;
    - quiet_cases: of those, cases with no note dated within the last `days` days;
    - overdue_tasks: tasks assigned to her, not done, due before today, in those units;
    - overdue_reviews: open cases of hers whose next_review_on is before today.
    """
    today = today or timezone.localdate()
    units = access_for(user).case_unit_codes
    open_cases = Case.objects.filter(assigned_to=OuterRef("pk"), unit__code__in=units).exclude(
        status=choices.CaseStatus.CLOSED
    )
    since = today - timedelta(days=days)

    def count_of(queryset):
        counted = queryset.order_by().values("assigned_to").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    recent_note = Note.objects.filter(case=OuterRef("pk"), date__gte=since)
    tasks = Task.objects.filter(
        assigned_to=OuterRef("pk"), done_on__isnull=True, due_on__lt=today, case__unit__code__in=units
    )
    workers = (
        User.objects.filter(
            Exists(User.units.through.objects.filter(user_id=OuterRef("pk"), unit__code__in=units)),
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR),
            is_active=True,
        )
        .distinct()
        .annotate(
            active_cases=count_of(open_cases),
            quiet_cases=count_of(open_cases.filter(~Exists(recent_note))),
            overdue_tasks=count_of(tasks),
            overdue_reviews=count_of(open_cases.filter(next_review_on__lt=today)),
        )
        .order_by("last_name", "first_name", "username")
    )
    return workers


def already_assigned_message(cases, worker) -> str:
    name = display.staff_name(worker)
    if len(cases) == 1:
        return _("Case %(number)s is already assigned to %(worker)s.") % {"number": cases[0].number, "worker": name}
    return ngettext(
        "%(count)d case is already assigned to %(worker)s: %(numbers)s.",
        "%(count)d cases are already assigned to %(worker)s: %(numbers)s.",
        len(cases),
    ) % {"count": len(cases), "worker": name, "numbers": ", ".join(sorted(case.number for case in cases))}


class CaseloadAdminMixin:
    """The caseload review page and the bulk reassign action (list it in `actions`)."""

    @admin.action(description=gettext_lazy("Reassign selected cases"), permissions=["manage"])
    def reassign_selected(self, request, queryset):
        cases = list(queryset.select_related("unit", "assigned_to"))
        unit_codes = {case.unit.code for case in cases}
        form = ReassignForm(
            request.POST if "apply" in request.POST else None, workers=workers_for(request.user, unit_codes)
        )
        if "apply" in request.POST and form.is_valid():
            self._reassign(request, cases, form.cleaned_data["to_user"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reassign selected cases"),
            "opts": self.model._meta,
            "cases": cases,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "reassign_selected",
        }
        return TemplateResponse(request, "admin/cases/case/reassign.html", context)

    def _reassign(self, request, cases, to_user) -> None:
        """Reassign case by case; one refused case does not stop the others.

        Only real transfers are counted; a case already with `to_user` is reported as such.
        """
        done, unchanged, failed = 0, [], []
        for case in cases:
            try:
                if case_reassign(case=case, to_user=to_user, by=request.user):
                    done += 1
                else:
                    unchanged.append(case)
            except (ValidationError, PermissionDenied) as error:
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else _("not allowed")
                failed.append(f"{case.number}: {reason}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d case reassigned.", "%(count)d cases reassigned.", done) % {"count": done},
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(request, already_assigned_message(unchanged, to_user), messages.INFO)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    def has_manage_permission(self, request):
        return access_for(request.user).is_coordinator

    def get_urls(self):
        return [
            path("caseload/", self.admin_site.admin_view(self.caseload_view), name="cases_case_caseload"),
            *super().get_urls(),
        ]

    def caseload_view(self, request):
        if not self.has_view_permission(request) or not access_for(request.user).case_unit_codes:
            raise PermissionDenied
        try:
            days = max(0, min(int(request.GET.get("days", DEFAULT_QUIET_DAYS)), MAX_QUIET_DAYS))
        except ValueError:
            days = DEFAULT_QUIET_DAYS
        context = {
            **self.admin_site.each_context(request),
            "title": _("Caseload review"),
            "opts": self.model._meta,
            "rows": caseload_review(request.user, days=days),
            "days": days,
            "changelist_url": reverse("admin:cases_case_changelist"),
        }
        return TemplateResponse(request, "admin/cases/case/caseload.html", context)
