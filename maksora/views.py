from datetime import timedelta

from django.contrib.auth.decorators import login_not_required, login_required
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from maksora.access import access_for

SOON_DAYS = 7  # tasks and reviews due within a week show on the caseload
LIST_LIMIT = 10


@login_required
def home(request):
    """ "My caseload": the worker's open cases, tasks and reviews coming due, recent notes."""
    from cases.forms import CaseFilterForm
    from cases.models import Case, Note, Task
    from maksora.pages import paginate

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


@login_not_required
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database or the user may be what failed. The request id
    # lets an administrator find the log lines of the failure the user reports.
    from django.template import loader

    from maksora.logs import current_request_id

    return HttpResponse(loader.get_template("500.html").render({"request_id": current_request_id()}), status=500)
