from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from maksora.logs import current_request_id


@login_not_required
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def signed_in(request):
    """The smallest signed-in page: session, user, access check, one template, no records read.

    The floor every other page is measured against (benchmarks/load.py): what a request
    costs before it reads a case, a person or a figure.
    """
    return render(request, "maksora/signed_in.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database or the user may be what failed. The request id
    # lets an administrator find the log lines of the failure the user reports.
    return HttpResponse(loader.get_template("500.html").render({"request_id": current_request_id()}), status=500)
