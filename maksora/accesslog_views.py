"""The export log: every report, saved-report and statement export, for managers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from maksora import accesslog
from maksora.access import access_for
from maksora.pages import paginate


@login_required
def export_log(request):
    # Managers only; to everyone else the page does not exist (like the reports themselves).
    if not access_for(request.user).is_manager:
        raise Http404
    return render(
        request,
        "maksora/export_log.html",
        {"page_obj": paginate(request, accesslog.export_log()), "alerts": accesslog.recent_alerts()},
    )
