"""Actions of the Distance Support Program: keyword-only, atomic, ValidationError for users.

Views, the AVSI import, the admin and `seed_demo` all call these functions, so the rules
(one sponsorship of a child at a time, reassignment closes the old one, no photo leaves
without the child's consent) live in one place.
"""

from sponsorship.services.children import child_enrol, child_exit, child_update, distance_cases_ensure
from sponsorship.services.common import describe_sponsorship, require_editor
from sponsorship.services.correspondence import (
    BulkSendResult,
    checklist_of,
    correspondence_add,
    correspondence_bulk_mark_sent,
    correspondence_checklist_set,
    correspondence_mark_sent,
    correspondence_ready_check,
    correspondence_update,
    missing_checklist_items,
    photo_may_go_to_sponsor,
    photos_consent_in_force,
    transfer_consent_in_force,
    yearly_updates_schedule,
)
from sponsorship.services.sponsorships import (
    _overlap_error,
    contribution_record,
    sponsor_save,
    sponsorship_end,
    sponsorship_start,
)

__all__ = [
    "BulkSendResult",
    "checklist_of",
    "correspondence_bulk_mark_sent",
    "correspondence_checklist_set",
    "correspondence_ready_check",
    "missing_checklist_items",
    "_overlap_error",
    "child_enrol",
    "child_exit",
    "child_update",
    "contribution_record",
    "correspondence_add",
    "correspondence_mark_sent",
    "correspondence_update",
    "describe_sponsorship",
    "distance_cases_ensure",
    "photo_may_go_to_sponsor",
    "photos_consent_in_force",
    "transfer_consent_in_force",
    "require_editor",
    "sponsor_save",
    "sponsorship_end",
    "sponsorship_start",
    "yearly_updates_schedule",
]
