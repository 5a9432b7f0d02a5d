"""The social worker's home page: her caseload, work coming due, recent notes."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from cases.forms import CaseFilterForm
from cases.models import Case, Note, Task
from maksora.access import access_for
from maksora.pages import paginate

SOON_DAYS = 7  # tasks and reviews due within a week show on the caseload
LIST_LIMIT = 10


@login_required
def home(request):
    """ "My caseload": the worker's open cases, tasks and reviews coming due, recent notes."""
    user = request.user
    access = access_for(user)
    today = timezone.localdate()
    my_cases = Case.objects.visible_to(user).open().filter(assigned_to=user).for_list()
    return render(
        request,
        "home.html",
        {
            "access": access,
            "today": today,
            "page_obj": paginate(request, my_cases),
            "tasks": Task.objects.visible_to(user)
            .open()
            .filter(assigned_to=user, due_on__lte=today + timedelta(days=SOON_DAYS))
            .select_related("case")
            .order_by("due_on", "id")[:LIST_LIMIT],
            "reviews": my_cases.filter(next_review_on__lte=today + timedelta(days=SOON_DAYS)).order_by(
                "next_review_on", "id"
            )[:LIST_LIMIT],
            "notes": Note.objects.visible_to(user)
            .filter(Q(author=user) | Q(case__assigned_to=user))
            .select_related("case", "author")[:LIST_LIMIT],
            "search_form": CaseFilterForm(user=user),
        },
    )
