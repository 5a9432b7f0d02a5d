"""The caseload review and the bulk "reassign" action of the case changelist.

Per worker: active cases, cases without a recent note, overdue tasks and reviews (cases.caseload,
which the site's review page shares). The reassign action goes through cases.services.case_reassign.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.caseload import (
    ReassignForm,
    already_assigned_message,
    caseload_review,
    cases_reassign,
    quiet_days,
    workers_for,
)
from maksora.access import access_for

__all__ = ["CaseloadAdminMixin", "already_assigned_message", "caseload_review", "workers_for"]


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
        outcome = cases_reassign(cases=cases, to_user=to_user, by=request.user)
        levels = {"success": messages.SUCCESS, "info": messages.INFO, "error": messages.ERROR}
        for level, text in outcome.messages(to_user):
            self.message_user(request, text, levels[level])

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
        days = quiet_days(request.GET.get("days"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Caseload review"),
            "opts": self.model._meta,
            "rows": caseload_review(request.user, days=days),
            "days": days,
            "changelist_url": reverse("admin:cases_case_changelist"),
        }
        return TemplateResponse(request, "admin/cases/case/caseload.html", context)
