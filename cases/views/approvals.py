"""Sign-off on the site: a worker sends her plan, the coordinator answers each request."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases import services
from cases.forms import ApprovalDecisionForm, PlanRequestForm
from cases.models import Approval
from cases.views.helpers import get_case_for_user
from maksora.access import access_for, can_decide_approval, get_visible_or_404
from maksora.pages import form_action, paginate


@login_required
def plan_request(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    return form_action(
        request,
        PlanRequestForm(request.POST or None),
        action=lambda data: services.plan_request(case=case, by=request.user, comment=data["comment"]),
        success=_("The plan is sent to the coordinator for approval."),
        redirect_to=("cases:case_detail", case.pk),
        template="cases/plan_request.html",
        context={"case": case, "goals": case.goals.all()},
    )


@login_required
def approval_list(request):
    """Requests waiting in her units, oldest first (coordinators), or her own (anyone else)."""
    access = access_for(request.user)
    if not access.case_unit_codes:
        raise PermissionDenied
    waiting = (
        Approval.objects.visible_to(request.user)
        .pending()
        .select_related("case__unit", "case__primary_person", "requested_by")
    )
    if not access.is_coordinator:
        waiting = waiting.filter(requested_by=request.user)
    else:
        waiting = waiting.filter(case__unit__code__in=access.own_unit_codes)
    return render(
        request, "cases/approval_list.html", {"page_obj": paginate(request, waiting.order_by("requested_at"))}
    )


@login_required
def approval_decide(request, pk):
    approval = get_visible_or_404(Approval.objects.select_related("case__unit", "requested_by"), request.user, pk=pk)
    if not can_decide_approval(request.user, approval.case, requested_by_id=approval.requested_by_id):
        raise PermissionDenied
    form = ApprovalDecisionForm(request.POST or None, version=approval.version)
    return form_action(
        request,
        form,
        action=lambda data: services.approval_decide(
            approval=approval,
            by=request.user,
            approve=data["decision"] == ApprovalDecisionForm.APPROVE,
            comment=data["comment"],
            expected_version=form.expected_version,
        ),
        success=_("Your answer is recorded."),
        redirect_to=("cases:approvals",),
        template="cases/approval_decide.html",
        context={"approval": approval, "case": approval.case, "goals": approval.details.get("goals", [])},
    )
