"""Sign-off: a case plan or a closure goes to the unit's coordinator, who approves or returns it.

A worker never approves her own request (also refused by the database). An approved closure
closes the case as it was asked (day, reason, comment); a returned request says why, and
both land on the case's timeline.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import choices
from cases.models import Approval, Case, Goal
from cases.services.lifecycle import case_change_status, case_log, closure_check
from maksora.access import access_for, can_decide_approval
from maksora.locking import check_version

ALREADY_PENDING = {
    choices.ApprovalKind.CASE_CLOSURE: gettext_lazy("The closure of this case is already waiting for approval."),
    choices.ApprovalKind.CASE_PLAN: gettext_lazy("The plan of this case is already waiting for approval."),
}


def _request(*, case: Case, kind: str, by, details: dict, comment: str) -> Approval:
    if not access_for(by).can_edit_unit(case.unit.code):
        raise PermissionDenied
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                case=case, kind=kind, details=details, requested_by=by, request_comment=comment
            )
    except IntegrityError as error:
        raise ValidationError(str(ALREADY_PENDING[kind])) from error
    case_log(
        case=case,
        kind=choices.CaseActivityKind.APPROVAL,
        actor=by,
        summary=_("%(what)s sent for approval. %(comment)s")
        % {"what": approval.get_kind_display(), "comment": comment},
    )
    return approval


@transaction.atomic
def closure_request(*, case: Case, by, on: date, closure_reason: str, comment: str = "") -> Approval:
    """Ask for the case to be closed on `on` for `closure_reason`: checked now, closed on approval."""
    if choices.CaseStatus.CLOSED not in case.allowed_transitions:
        raise ValidationError(_("This case is already closed."))
    # The closure's own rule, so a coordinator is never asked to approve the impossible.
    closure_check(case=case, on=on, closure_reason=closure_reason)
    details = {"closed_on": on.isoformat(), "closure_reason": closure_reason, "comment": comment}
    return _request(case=case, kind=choices.ApprovalKind.CASE_CLOSURE, by=by, details=details, comment=comment)


@transaction.atomic
def plan_request(*, case: Case, by, comment: str = "") -> Approval:
    """Put the case's goals as they stand to the coordinator."""
    goals = list(Goal.objects.filter(case=case).order_by("pk").values("pk", "domain", "text", "status"))
    if not goals:
        raise ValidationError(_("Add at least one goal before sending the plan for approval."))
    return _request(case=case, kind=choices.ApprovalKind.CASE_PLAN, by=by, details={"goals": goals}, comment=comment)


@transaction.atomic
def approval_decide(
    *, approval: Approval, by, approve: bool, comment: str = "", expected_version: int | None = None
) -> Approval:
    approval = Approval.objects.select_for_update().select_related("case__unit").get(pk=approval.pk)
    check_version(approval, expected_version)
    if approval.status != choices.ApprovalStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if approval.requested_by_id == by.pk:
        raise ValidationError(_("You cannot approve or return your own request."))
    if not can_decide_approval(by, approval.case, requested_by_id=approval.requested_by_id):
        raise PermissionDenied
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the request is returned.")})
    approval.status = choices.ApprovalStatus.APPROVED if approve else choices.ApprovalStatus.RETURNED
    approval.decided_by, approval.decided_at, approval.decision_comment = by, timezone.now(), comment.strip()
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    summary = _("%(what)s approved. %(comment)s") if approve else _("%(what)s returned: %(comment)s")
    case_log(
        case=approval.case,
        kind=choices.CaseActivityKind.APPROVAL,
        actor=by,
        summary=summary % {"what": approval.get_kind_display(), "comment": approval.decision_comment},
    )
    if approve and approval.kind == choices.ApprovalKind.CASE_CLOSURE:
        details = approval.details
        case_change_status(
            case=approval.case,
            to_status=choices.CaseStatus.CLOSED,
            by=by,
            on=date.fromisoformat(details["closed_on"]),
            closure_reason=details["closure_reason"],
            comment=details.get("comment", ""),
            approved=True,
        )
    return approval
