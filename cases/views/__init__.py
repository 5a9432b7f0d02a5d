"""Social workers' pages, one module per area; thin views over services and querysets."""

from cases.views.approvals import approval_decide, approval_list, plan_request
from cases.views.case_file import (
    case_close,
    case_detail,
    case_edit,
    case_list,
    case_review,
    case_status,
    goal_add,
    goal_progress,
    member_add,
    note_add,
    task_add,
    task_done,
    task_reopen,
)
from cases.views.caseload import caseload
from cases.views.consents import (
    consent_add,
    consent_print,
    consent_print_pdf,
    consent_withdraw,
    consents_expiring,
)
from cases.views.family import person_family, relationship_add, relationship_end
from cases.views.history import case_history, person_history
from cases.views.home import home
from cases.views.intake import intake
from cases.views.merging import person_merge, person_merge_confirm, person_unmerge
from cases.views.paperwork import papers_expiring_list
from cases.views.people import (
    attachment_download,
    case_attachment_add,
    person_attachment_add,
    person_autocomplete,
    person_detail,
    person_edit,
)
from cases.views.restriction import person_restriction, person_restriction_lift
from cases.views.stewards import stewards_queue

__all__ = [
    "approval_decide",
    "approval_list",
    "plan_request",
    "caseload",
    "attachment_download",
    "case_attachment_add",
    "case_close",
    "case_history",
    "case_detail",
    "case_edit",
    "case_list",
    "case_review",
    "case_status",
    "consent_add",
    "consent_print",
    "consent_print_pdf",
    "consent_withdraw",
    "consents_expiring",
    "goal_add",
    "goal_progress",
    "home",
    "intake",
    "stewards_queue",
    "member_add",
    "note_add",
    "papers_expiring_list",
    "person_autocomplete",
    "person_detail",
    "person_edit",
    "person_family",
    "person_history",
    "person_attachment_add",
    "person_merge",
    "person_merge_confirm",
    "person_unmerge",
    "relationship_add",
    "relationship_end",
    "person_restriction",
    "person_restriction_lift",
    "task_add",
    "task_done",
    "task_reopen",
]
