"""The home page each role lands on, and the results page of the top bar's search."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from cases.views.home import worker_home_context
from maksora import roles
from maksora.access import access_for
from portal import homes
from portal.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, search_everything, suggestions

# Which home a user with several roles lands on: the widest view of the work first.
HOMES = (
    (roles.COORDINATOR, "home/coordinator.html", homes.coordinator_home_context),
    (roles.MANAGER, "home/manager.html", homes.manager_home_context),
    (roles.SPONSORSHIP_OFFICER, "home/sponsorship.html", homes.sponsorship_home_context),
    (roles.SOCIAL_WORKER, "home.html", worker_home_context),
)


@login_required
def home(request):
    access = access_for(request.user)
    for role, template, build in HOMES:
        if access.has_role(role) and access.case_unit_codes:
            return render(request, template, {"home_role": roles.ROLE_LABELS[role], **build(request)})
    # Administrators and others without case content: the sections they may open.
    return render(request, "home.html", {"today": None})


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    too_short = bool(query) and len(query) < MIN_QUERY_LENGTH
    groups = search_everything(request.user, query)
    return render(
        request,
        "search.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "groups": groups,
            "too_short": too_short,
            "searched": len(query) >= MIN_QUERY_LENGTH,
        },
        status=400 if too_short else 200,
    )


@login_required
def search_suggest(request):
    """The search's first results as JSON, for the suggestion list under the top bar's box."""
    groups = search_everything(request.user, request.GET.get("q", ""))
    response = JsonResponse({"results": suggestions(groups)})
    response["Cache-Control"] = "private, no-store"
    return response
