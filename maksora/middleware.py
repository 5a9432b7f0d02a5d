"""Request-wide policies: a request id, deny by default, and no caching of personal data."""

import re
import uuid

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.signals import request_finished
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from maksora.access import access_for
from maksora.logs import current_request

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id (from the reverse proxy) is kept only if it cannot forge or split a log line.
_WELL_FORMED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _forget_request(**kwargs):
    current_request.set(None)


request_finished.connect(_forget_request, dispatch_uid="maksora_forget_request")


class RequestIdMiddleware:
    """Gives each request an id, shown in every log line, the `X-Request-ID` header and the 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _WELL_FORMED_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        current_request.set(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _url_listed(request, names) -> bool:
    """Whether the resolved URL is in a list of URL names, where "ns:" stands for a whole namespace."""
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in names or any(
        entry.endswith(":") and f"{match.namespace}:".startswith(entry) for entry in names if match.namespace
    )


class AccessPolicyMiddleware(LoginRequiredMiddleware):
    """Deny by default, in one place.

    - anonymous: the login redirect (the admin's own login for admin pages), except views
      marked `@login_not_required` (login, password reset, health) and the names in
      `LOGIN_NOT_REQUIRED_URLS`;
    - signed in without a role: 403, except public views and the names in
      `ROLE_NOT_REQUIRED_URLS` (logout, password change, language, second-factor enrolment);
    - records out of the user's scope answer 404 in the views themselves (maksora.access).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or _url_listed(request, settings.LOGIN_NOT_REQUIRED_URLS):
            return None
        if not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        if not access_for(request.user).has_any_role and not _url_listed(request, settings.ROLE_NOT_REQUIRED_URLS):
            raise PermissionDenied
        return None

    def handle_no_permission(self, request, view_func):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().handle_no_permission(request, view_func)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in user and on every download.

    Pages and files of the people in the records must not stay in a shared computer's browser
    cache or in a proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_download = isinstance(response, FileResponse | StreamingHttpResponse) or response.has_header(
            "Content-Disposition"
        )
        if is_download or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
