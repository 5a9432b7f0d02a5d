"""The caseload review: per worker of a coordinator's units, what she carries and what is late.

One reading for the admin's review page and the site's (/cases/caseload/), and the same
figures (`_case_figures`) beside her units' totals for the coordinator's home; both pages
reassign through `cases_reassign`, i.e. cases.services.case_reassign.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases import choices
from cases.models import Case, Note, Task
from cases.querysets import hidden_from
from cases.services import case_reassign
from cases.staff import case_workers
from maksora import display, roles
from maksora.access import access_for
from maksora.figures import resolve_values, rows_of
from maksora.models import DEFAULT_QUIET_DAYS
from maksora.sql import AnyOf, subquery_count

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


def _review_units(user, unit_codes) -> set:
    units = access_for(user).case_unit_codes
    return units if unit_codes is None else units & set(unit_codes)


def _open_cases(units):
    return Case.objects.filter(unit__code__in=units).exclude(status=choices.CaseStatus.CLOSED)


def _case_figures(*, today: date, since: date) -> dict:
    """What each figure counts among a worker's open cases (None: every one of them)."""
    return {
        "active_cases": None,
        "quiet_cases": quiet_case_q(since=since),
        "overdue_reviews": Q(next_review_on__lt=today),
        "overdue_consents": Q(consent_due_on__lt=today),
    }


def _workers(units):
    """Social workers and coordinators of `units`, the rows of the review, by name."""
    return (
        User.objects.filter(
            Exists(User.units.through.objects.filter(user_id=OuterRef("pk"), unit__code__in=units)),
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def caseload_review(user, *, days: int = DEFAULT_QUIET_DAYS, today=None, unit_codes=None):
    """Per worker of the units the user reaches (or of `unit_codes` among them), in ONE query:

    - active_cases: open (not closed) cases assigned to her in those units;
    - quiet_cases: of those, cases with no note dated within the last `days` days;
    - overdue_tasks: tasks assigned to her, not done, due before today, in those units;
    - overdue_reviews: open cases of hers whose next_review_on is before today.
    """
    today = today or timezone.localdate()
    units = _review_units(user, unit_codes)
    open_cases = _open_cases(units).filter(assigned_to=OuterRef("pk"))
    figures = _case_figures(today=today, since=today - timedelta(days=days))

    # The unit tested case by case (EXISTS): joined, PostgreSQL read every case once per worker.
    in_units = Case.objects.filter(pk=OuterRef("case_id"), unit__code__in=units)
    tasks = Task.objects.filter(Exists(in_units), assigned_to=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    counts = {
        name: subquery_count(open_cases if q is None else open_cases.filter(q), per="assigned_to")
        for name, q in figures.items()
    }
    return _workers(units).annotate(**counts, overdue_tasks=subquery_count(tasks, per="assigned_to"))


def overdue_tasks_in(tasks, *, today: date):
    """`tasks` (a Task queryset filtered on its case's unit) not done and due before `today`.

    The ids of the overdue tasks' cases come first (maksora.sql.AnyOf): joined to their cases
    by the unit alone, PostgreSQL read every case of the units, closed ones and all.
    """
    overdue_cases = Task.objects.overdue(today).values("case_id")
    return tasks.overdue(today).filter(AnyOf("case_id", overdue_cases))


def _counts_by_worker_and_hidden(queryset, hidden, **counts):
    """`counts` of `queryset` per worker and per hidden-from-the-reader or not, deferred (maksora.figures).

    Each group comes as a dict: its `assigned_to`, `hidden` and one value per name of `counts`.
    """
    columns = ("assigned_to", "hidden", *counts)
    return rows_of(
        queryset.annotate(hidden=hidden)
        .values("assigned_to", "hidden")
        .annotate(**counts)
        .values_list(*columns)
        .order_by(),
        lambda groups: [dict(zip(columns, group, strict=True)) for group in groups],
    )


def caseload_at_a_glance(user, *, today=None, unit_codes=None, days: int = DEFAULT_QUIET_DAYS):
    """The review's rows (as `caseload_review`) and the totals of the same units, in two queries.

    The totals count the units' open cases and overdue tasks she may read, over the cases
    themselves: a case without a worker, or with one who has left, is not missed as it would
    be in a sum of the rows. Both come from one count of the open cases (and one of the overdue
    tasks) per worker and per hidden-from-her or not: a worker's row adds up her two groups, the
    totals every group she may read. So each open case is tested for a recent note once; read
    apart, the rows and the totals tested every one of them twice.
    """
    today = today or timezone.localdate()
    units = _review_units(user, unit_codes)
    figures = _case_figures(today=today, since=today - timedelta(days=days))
    case_groups = _counts_by_worker_and_hidden(
        _open_cases(units),
        hidden_from(user, "primary_person"),
        **{name: Count("pk", filter=q) for name, q in figures.items()},
    )
    task_groups = _counts_by_worker_and_hidden(
        overdue_tasks_in(Task.objects.filter(case__unit__code__in=units), today=today),
        hidden_from(user, "case__primary_person"),
        overdue_tasks=Count("pk"),
    )
    resolve_values([case_groups, task_groups])  # both counts in one statement
    case_groups, task_groups = case_groups.get(), task_groups.get()
    rows = list(_workers(units))
    for row in rows:
        for name in figures:
            setattr(row, name, sum(group[name] for group in case_groups if group["assigned_to"] == row.pk))
        row.overdue_tasks = sum(group["overdue_tasks"] for group in task_groups if group["assigned_to"] == row.pk)
    totals = {
        name: sum(group[name] for group in case_groups if not group["hidden"])
        for name in ("active_cases", "quiet_cases", "overdue_reviews")
    }
    totals["overdue_tasks"] = sum(group["overdue_tasks"] for group in task_groups if not group["hidden"])
    return rows, totals


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
