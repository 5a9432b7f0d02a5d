"""Pages of the Distance Support Program, one module per area; thin views over services and querysets."""

from sponsorship.views.children import child_awaiting, child_detail, child_edit, child_enrol, child_exit, child_list
from sponsorship.views.correspondence import (
    correspondence_add,
    correspondence_checklist,
    correspondence_detail,
    correspondence_edit,
    correspondence_mark_sent,
    correspondence_photo,
    tracker,
    tracker_mark_sent,
    yearly_schedule,
)
from sponsorship.views.documents import sponsor_statement_document, yearly_update_letter
from sponsorship.views.importing import import_apply, import_upload
from sponsorship.views.sponsors import (
    sponsor_add,
    sponsor_detail,
    sponsor_edit,
    sponsor_list,
    sponsor_statement,
    sponsor_statement_csv,
)
from sponsorship.views.sponsorships import contribution_add, sponsorship_end, sponsorship_start

__all__ = [
    "child_awaiting",
    "child_detail",
    "child_edit",
    "child_enrol",
    "child_exit",
    "child_list",
    "contribution_add",
    "correspondence_add",
    "correspondence_checklist",
    "correspondence_detail",
    "correspondence_edit",
    "correspondence_mark_sent",
    "correspondence_photo",
    "import_apply",
    "import_upload",
    "sponsor_add",
    "sponsor_detail",
    "sponsor_edit",
    "sponsor_list",
    "sponsor_statement",
    "sponsor_statement_csv",
    "sponsor_statement_document",
    "sponsorship_end",
    "sponsorship_start",
    "tracker",
    "tracker_mark_sent",
    "yearly_schedule",
    "yearly_update_letter",
]
