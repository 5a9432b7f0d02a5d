"""The day-to-day work on a case: contact notes, goals and their progress, tasks, the review date."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices
from cases.models import (
    Case,
    Goal,
    GoalUpdate,
    Note,
    Task,
)
from cases.services.lifecycle import case_log
from maksora.access import can_edit_case
from maksora.locking import check_version
from maksora.rules import not_in_future


def _require_edit(case: Case, user) -> None:
    if not can_edit_case(user, case):
        raise PermissionDenied


@transaction.atomic
def note_add(*, case: Case, author, **fields) -> Note:
    """Record a contact with the family (a note) on the case timeline."""
    _require_edit(case, author)
    day = fields.get("date") or timezone.localdate()
    not_in_future(day, field="date", message=_("A contact cannot be recorded in the future."))
    note = Note(case=case, author=author, **fields)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def goal_add(*, case: Case, by, **fields) -> Goal:
    _require_edit(case, by)
    goal = Goal(case=case, **fields)
    goal.full_clean()
    goal.save()
    case_log(case=case, kind=choices.CaseActivityKind.GOAL, actor=by, summary=_("New goal: %s") % goal.text)
    return goal


@transaction.atomic
def goal_progress_add(*, goal: Goal, by, text: str, status: str, on: date | None = None) -> GoalUpdate:
    """One step towards a goal; reaching "achieved" dates the goal, leaving it clears the date."""
    _require_edit(goal.case, by)
    on = on or timezone.localdate()
    not_in_future(on, field="date", message=_("Progress cannot be recorded in the future."))
    update = GoalUpdate.objects.create(goal=goal, date=on, text=text, status=status, author=by)
    goal.status = status
    goal.achieved_on = on if status == choices.GoalStatus.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_on"])
    return update


@transaction.atomic
def task_add(*, case: Case, by, title: str, due_on: date, assigned_to) -> Task:
    _require_edit(case, by)
    if not assigned_to.units.filter(pk=case.unit_id).exists():
        raise ValidationError({"assigned_to": _("Choose a worker of the case's unit.")})
    return Task.objects.create(case=case, title=title, due_on=due_on, assigned_to=assigned_to)


@transaction.atomic
def task_done(*, task: Task, by, on: date | None = None) -> Task:
    _require_edit(task.case, by)
    if task.done_on is None:
        task.done_on = on or timezone.localdate()
        task.save(update_fields=["done_on"])
        case_log(case=task.case, kind=choices.CaseActivityKind.TASK, actor=by, summary=_("Done: %s") % task.title)
    return task


@transaction.atomic
def case_set_review(*, case: Case, by, next_review_on: date | None, expected_version: int | None = None) -> Case:
    _require_edit(case, by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(case, expected_version)
    if next_review_on and next_review_on < case.opened_on:
        raise ValidationError({"next_review_on": _("The review cannot be before the case was opened.")})
    case.next_review_on = next_review_on
    case.save(update_fields=["next_review_on"])
    return case


@transaction.atomic
def task_reopen(*, task: Task, by) -> Task:
    """Undo "done" (ticked by mistake, or the work turned out unfinished); the timeline says so."""
    _require_edit(task.case, by)
    if task.done_on is not None:
        task.done_on = None
        task.save(update_fields=["done_on"])
        case_log(case=task.case, kind=choices.CaseActivityKind.TASK, actor=by, summary=_("Reopened: %s") % task.title)
    return task
