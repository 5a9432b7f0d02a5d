"""The social worker's home page: her caseload, work coming due, recent notes."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.shortcuts import render
from django.utils import timezone

from cases.models import Case, Note, Task
from maksora.access import access_for
from maksora.pages import paginate
from maksora.sql import AnyOf

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
    """The newest notes she wrote (on any case) or written by anyone on her open cases, newest first.

    Two short index reads (her notes by date; the notes of her caseload) joined by a UNION:
    an OR of both made PostgreSQL walk every note of the organisation by date, so the page
    slowed down as the years of notes piled up. Her caseload, not every case she ever had:
    after twenty years a worker has had thousands.
    """
    visible = Note.objects.visible_to(user).order_by("-date", "-id").values("pk")
    by_her = visible.filter(author=user)[:limit]
    # Her case ids as values, not a subquery, so the planner knows how many notes they hold:
    # a few cases are read case by case, a big caseload by walking the newest notes.
    her_cases = list(Case.objects.open().filter(assigned_to=user).order_by().values_list("pk", flat=True))
    on_her_cases = visible.filter(AnyOf("case_id", her_cases))[:limit]
    newest = Note.objects.filter(pk__in=by_her.union(on_her_cases)).select_related("case", "author")
    return list(newest.order_by("-date", "-id")[:limit])


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
        "reviews": my_cases.filter(next_review_on__lte=today + timedelta(days=SOON_DAYS))
        .select_related(None)
        .select_related("primary_person")
        .order_by("next_review_on", "id")[:LIST_LIMIT],
        "notes": recent_notes(user),
    }


@login_required
def home(request):
    return render(request, "home.html", worker_home_context(request))
