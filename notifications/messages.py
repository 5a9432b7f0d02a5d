"""The words of each kind of digest line, written in the active language when shown or sent.

Lines store only what the words need (case number, task title, dates, counts); the
person's name of a consent reminder comes from her live record, and only on the site,
where `Notification.objects.visible_to` has just checked she may still be read. E-mails
never carry a name from the person records.
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.choices import ApprovalKind, ConsentPurpose
from cases.models import DocumentType
from maksora import display
from maksora.units import UnitCode
from notifications.models import NotificationKind


def _day(value: str | None) -> str:
    return display.day(date.fromisoformat(value)) if value else display.day(None)


def _paper_type_name(params: dict) -> str:
    """The paper's type in the reader's language (types are named per language in the admin)."""
    document_type = DocumentType.objects.filter(pk=params.get("type_id")).first()
    return document_type.name if document_type else params.get("type", "")


def summary_parts(params: dict) -> list[tuple[str, int, str]]:
    """(label, count, link) of a unit summary, in the reader's language."""
    counts, links = params.get("counts", {}), params.get("links", {})
    labels = {
        "overdue_tasks": _("Overdue tasks"),
        "reviews_due": _("Overdue case reviews"),
        "quiet_cases": _("Cases without a note for %(days)s days") % {"days": params.get("days", "")},
    }
    return [(labels[name], counts.get(name, 0), links.get(name, "")) for name in labels]


def describe(kind: str, params: dict, *, person=None) -> str:
    """The line as one sentence. `person` (site only) adds her name to a consent reminder."""
    if kind == NotificationKind.TASK_OVERDUE:
        return _("Overdue task “%(title)s” in case %(case)s, due %(due)s") % {
            "title": params.get("title", ""),
            "case": params.get("case", ""),
            "due": _day(params.get("due_on")),
        }
    if kind == NotificationKind.TASK_DUE:
        return _("Task “%(title)s” in case %(case)s, due %(due)s") % {
            "title": params.get("title", ""),
            "case": params.get("case", ""),
            "due": _day(params.get("due_on")),
        }
    if kind == NotificationKind.REVIEW_DUE:
        return _("Review of case %(case)s due %(due)s") % {
            "case": params.get("case", ""),
            "due": _day(params.get("due_on")),
        }
    if kind == NotificationKind.QUIET_CASE:
        if not params.get("since"):
            return _("No note yet in case %(case)s, opened %(opened)s") % {
                "case": params.get("case", ""),
                "opened": _day(params.get("opened_on")),
            }
        return _("No note in case %(case)s since %(since)s") % {
            "case": params.get("case", ""),
            "since": _day(params.get("since")),
        }
    if kind == NotificationKind.YEARLY_UPDATE_DUE:
        return _("Yearly update for child %(code)s due %(due)s") % {
            "code": params.get("child", ""),
            "due": _day(params.get("due_on")),
        }
    if kind == NotificationKind.CONSENT_MISSING:
        if person is not None:
            return _("%(name)s (case %(case)s) has no consent to data processing in force") % {
                "name": person.full_name,
                "case": params.get("case", ""),
            }
        return _("A member of case %(case)s has no consent to data processing in force") % {
            "case": params.get("case", "")
        }
    if kind == NotificationKind.CONSENT_LAPSING:
        purpose = params.get("purpose")
        label = ConsentPurpose(purpose).label if purpose in ConsentPurpose.values else purpose
        return _("Consent “%(purpose)s” valid until %(day)s: ask for its renewal") % {
            "purpose": label,
            "day": _day(params.get("valid_until")),
        }
    if kind == NotificationKind.PAPER_EXPIRING:
        return _("A paper of one of your cases (%(type)s) is valid until %(day)s") % {
            "type": _paper_type_name(params),
            "day": _day(params.get("valid_until")),
        }
    if kind == NotificationKind.APPROVAL_WAITING:
        what = params.get("what")
        label = ApprovalKind(what).label if what in ApprovalKind.values else what
        return _("%(what)s of case %(case)s is waiting for your approval") % {
            "what": label,
            "case": params.get("case", ""),
        }
    if kind == NotificationKind.DATA_PROBLEMS:
        return ngettext(
            "%(count)s data problem in your records to fix",
            "%(count)s data problems in your records to fix",
            params.get("count", 0),
        ) % {"count": params.get("count", 0)}
    if kind == NotificationKind.UNIT_SUMMARY:
        unit = UnitCode(params["unit"]).label if params.get("unit") in UnitCode.values else params.get("unit", "")
        parts = "; ".join(f"{label}: {count}" for label, count, _link in summary_parts(params))
        return _("%(unit)s: %(parts)s") % {"unit": unit, "parts": parts}
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else kind
