"""The social worker's home page: her caseload, work coming due, recent notes."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.shortcuts import render
from django.utils import timezone

from cases.models import Case, Note, Task
from maksora.access import access_for
from maksora.pages import paginate

SOON_DAYS = 7  # tasks and reviews due within a week show on the caseload
LIST_LIMIT = 10


def _my_tasks(user, access, today) -> list[Task]:
    """Her open tasks due within a week, then those she ticked off today (so a slip can be undone)."""
    tasks = list(
        Task.objects.visible_to(user)
        .filter(assigned_to=user)
        .filter(Q(done_on__isnull=True, due_on__lte=today + timedelta(days=SOON_DAYS)) | Q(done_on=today))
        .select_related("case__unit")
        .order_by(F("done_on").asc(nulls_first=True), "due_on", "id")[:LIST_LIMIT]
    )
    for task in tasks:
        task.editable = access.can_edit_unit(task.case.unit.code)
    return tasks


def recent_notes(user, *, limit: int = LIST_LIMIT) -> list[Note]:
    """The latest notes on her cases and those she wrote elsewhere, newest first.

    Two index-friendly queries (by case assignee, by author) merged here: one query with an
    OR of both would make PostgreSQL walk every visible note.
    """
    visible = Note.objects.visible_to(user).select_related("case", "author")
    on_her_cases = list(visible.filter(case__assigned_to=user)[:limit])
    written = list(visible.filter(author=user)[:limit])
    notes = {note.pk: note for note in on_her_cases + written}.values()
    return sorted(notes, key=lambda note: (note.date, note.pk), reverse=True)[:limit]


def worker_home_context(request) -> dict:
    """ "My caseload": the worker's open cases, tasks and reviews coming due, recent notes."""
    user = request.user
    access = access_for(user)
    today = timezone.localdate()
    my_cases = Case.objects.visible_to(user).open().filter(assigned_to=user).for_list()
    return {
        "access": access,
        "today": today,
        "page_obj": paginate(request, my_cases),
        "tasks": _my_tasks(user, access, today),
        "reviews": my_cases.filter(next_review_on__lte=today + timedelta(days=SOON_DAYS)).order_by(
            "next_review_on", "id"
        )[:LIST_LIMIT],
        "notes": recent_notes(user),
    }


@login_required
def home(request):
    return render(request, "home.html", worker_home_context(request))
