"""The caseload review: per worker of a coordinator's units, what she carries and what is late.

One reading for the admin's review page, the site's (/cases/caseload/) and the coordinator's
home; both pages reassign through `cases_reassign`, i.e. cases.services.case_reassign.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases import choices
from cases.models import Case, Note, Task
from cases.services import case_reassign
from cases.staff import case_workers
from maksora import display, roles
from maksora.access import access_for
from maksora.models import DEFAULT_QUIET_DAYS
from maksora.sql import subquery_count

User = get_user_model()

# Longest "without a note for N days" window the review accepts (ten years).
MAX_QUIET_DAYS = 3650


def quiet_days(value, default: int = DEFAULT_QUIET_DAYS) -> int:
    """The review's "days without a note" from a query string: a bad value falls back to the default."""
    try:
        return max(0, min(int(value), MAX_QUIET_DAYS))
    except (TypeError, ValueError):
        return default


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


def quiet_case_q(*, since: date):
    """Cases with no note dated on or after `since`."""
    return ~Exists(Note.objects.filter(case=OuterRef("pk"), date__gte=since))


def caseload_review(user, *, days: int = DEFAULT_QUIET_DAYS, today=None, unit_codes=None):
    """Per worker of the units the user reaches (or of `unit_codes` among them), in ONE query:

    - active_cases: open (not closed) cases assigned to her in those units;
    - quiet_cases: of those, cases with no note dated within the last `days` days;
    - overdue_tasks: tasks assigned to her, not done, due before today, in those units;
    - overdue_reviews: open cases of hers whose next_review_on is before today.
    """
    today = today or timezone.localdate()
    units = access_for(user).case_unit_codes
    if unit_codes is not None:
        units = units & set(unit_codes)
    open_cases = Case.objects.filter(assigned_to=OuterRef("pk"), unit__code__in=units).exclude(
        status=choices.CaseStatus.CLOSED
    )
    since = today - timedelta(days=days)

    # The unit tested case by case (EXISTS): joined, PostgreSQL read every case once per worker.
    in_units = Case.objects.filter(pk=OuterRef("case_id"), unit__code__in=units)
    tasks = Task.objects.filter(Exists(in_units), assigned_to=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    return (
        User.objects.filter(
            Exists(User.units.through.objects.filter(user_id=OuterRef("pk"), unit__code__in=units)),
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR),
            is_active=True,
        )
        .distinct()
        .annotate(
            active_cases=subquery_count(open_cases, per="assigned_to"),
            quiet_cases=subquery_count(open_cases.filter(quiet_case_q(since=since)), per="assigned_to"),
            overdue_tasks=subquery_count(tasks, per="assigned_to"),
            overdue_reviews=subquery_count(open_cases.filter(next_review_on__lt=today), per="assigned_to"),
            overdue_consents=subquery_count(open_cases.filter(consent_due_on__lt=today), per="assigned_to"),
        )
        .order_by("last_name", "first_name", "username")
    )


def already_assigned_message(cases, worker) -> str:
    name = display.staff_name(worker)
    if len(cases) == 1:
        return _("Case %(number)s is already assigned to %(worker)s.") % {"number": cases[0].number, "worker": name}
    return ngettext(
        "%(count)d case is already assigned to %(worker)s: %(numbers)s.",
        "%(count)d cases are already assigned to %(worker)s: %(numbers)s.",
        len(cases),
    ) % {"count": len(cases), "worker": name, "numbers": ", ".join(sorted(case.number for case in cases))}


@dataclass
class ReassignOutcome:
    done: int = 0
    unchanged: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def messages(self, to_user) -> list[tuple[str, str]]:
        """(level, text) lines for the messages framework: "success", "info", "error"."""
        lines = []
        if self.done:
            text = ngettext("%(count)d case reassigned.", "%(count)d cases reassigned.", self.done)
            lines.append(("success", text % {"count": self.done}))
        if self.unchanged:
            lines.append(("info", already_assigned_message(self.unchanged, to_user)))
        lines.extend(("error", line) for line in self.failed)
        return lines


def cases_reassign(*, cases, to_user, by) -> ReassignOutcome:
    """Reassign case by case through case_reassign; one refused case does not stop the others.

    Only real transfers are counted; a case already with `to_user` is reported as such.
    """
    outcome = ReassignOutcome()
    for case in cases:
        try:
            if case_reassign(case=case, to_user=to_user, by=by):
                outcome.done += 1
            else:
                outcome.unchanged.append(case)
        except (ValidationError, PermissionDenied) as error:
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else _("not allowed")
            outcome.failed.append(f"{case.number}: {reason}")
    return outcome
