"""Actions on cases: keyword-only functions, atomic, raising ValidationError for users.

Views, admin actions, imports and commands all call these, so the rules (allowed status
transitions, who may reassign) and the timeline entries live in one place. Callers import
from `cases.services`; the modules below only group the actions by subject.
"""

from cases.services.approvals import approval_decide, closure_request, plan_request
from cases.services.case_details import case_update
from cases.services.casework import (
    case_set_review,
    goal_add,
    goal_progress_add,
    note_add,
    task_add,
    task_done,
    task_reopen,
)
from cases.services.documents import (
    ALLOWED_IMAGE_FORMATS,
    attachment_store,
    cases_consent_pending,
    cases_consent_settle,
    consent_give,
    consent_withdraw,
    consents_at_intake,
    upload_sanitize,
)
from cases.services.duplicates import duplicate_decide
from cases.services.family import relationship_add, relationship_end
from cases.services.lifecycle import (
    case_change_status,
    case_log,
    case_number_next,
    case_numbers_reserve,
    case_open,
    case_reassign,
    cases_open_bulk,
)
from cases.services.merging import merge_preview, people_merge, people_merge_recorded, people_unmerge
from cases.services.people import _person_from, case_member_add, intake_register
from cases.services.restriction import (
    person_restrict,
    person_restriction_change,
    person_unit_codes,
    person_unrestrict,
    restriction_staff,
)

__all__ = [
    "approval_decide",
    "closure_request",
    "plan_request",
    "ALLOWED_IMAGE_FORMATS",
    "_person_from",
    "attachment_store",
    "case_change_status",
    "case_log",
    "case_member_add",
    "case_number_next",
    "case_numbers_reserve",
    "case_open",
    "case_reassign",
    "case_set_review",
    "case_update",
    "cases_open_bulk",
    "cases_consent_pending",
    "cases_consent_settle",
    "consent_give",
    "consents_at_intake",
    "consent_withdraw",
    "duplicate_decide",
    "goal_add",
    "goal_progress_add",
    "intake_register",
    "merge_preview",
    "note_add",
    "people_merge",
    "people_merge_recorded",
    "people_unmerge",
    "relationship_add",
    "relationship_end",
    "person_restrict",
    "person_restriction_change",
    "person_unit_codes",
    "person_unrestrict",
    "restriction_staff",
    "task_add",
    "task_done",
    "task_reopen",
    "upload_sanitize",
]
