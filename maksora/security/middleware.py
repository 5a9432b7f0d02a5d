"""Session limits and the second-factor gate.

Session limits: a session unused for SESSION_IDLE_TIMEOUT seconds ends (sliding), and
every session ends SESSION_COOKIE_AGE seconds after its login (absolute), however
active. Both are checked on the server, from times kept in the session itself.

The gate: a logged-in user who must use a second factor (maksora.access), or who
enabled one, reaches nothing but the sign-in pages until she has entered a code in
this session; without a device yet she is sent to set one up.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from maksora.access import access_for
from maksora.security.services import has_second_factor

LOGIN_AT_KEY = "security_login_at"
SEEN_AT_KEY = "security_seen_at"
# Set at login: the user has a second factor (so a social worker who enabled one is asked too).
SECOND_FACTOR_ENABLED_KEY = "security_second_factor"
# The last-seen time is written at most this often, not on every request.
SEEN_RESOLUTION_SECONDS = 60

# Pages an unverified user may still open: signing in and out, resetting a password,
# the second-factor pages themselves, the language switch and the health check.
OPEN_VIEWS = frozenset(
    {
        "login",
        "logout",
        "admin:logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "two_factor:verify",
        "two_factor:enrol",
        "two_factor:backup_codes",
        "set_language",
        "healthz",
    }
)


def session_clock_start(session) -> None:
    now = int(time.time())
    session[LOGIN_AT_KEY] = now
    session[SEEN_AT_KEY] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SESSION_KEY) is not None and session.get(BACKEND_SESSION_KEY):
            expired = self._check(session)
            if expired:
                path = request.get_full_path()
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(path)
        return self.get_response(request)

    @staticmethod
    def _check(session) -> bool:
        now = int(time.time())
        login_at = session.get(LOGIN_AT_KEY)
        seen_at = session.get(SEEN_AT_KEY)
        if login_at is None or seen_at is None:  # a session from before these limits
            session_clock_start(session)
            return False
        if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_COOKIE_AGE:
            return True
        if now - seen_at >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT_KEY] = now
        return False


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if not (access_for(user).needs_second_factor or request.session.get(SECOND_FACTOR_ENABLED_KEY)):
            return None
        target = "two_factor:verify" if has_second_factor(user) else "two_factor:enrol"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        response = redirect(target)
        if query:
            response["Location"] += "?" + query
        return response
