"""The security log: events about sign-in, with no names in them.

A username can be a person's name, so lines carry the user id when the account
exists and a keyed hash of the typed username otherwise (the same name gives the same
hash, so repeated attempts can still be grouped).
"""

import hashlib
import hmac
import logging

from django.conf import settings

security_log = logging.getLogger("maksora.security")


def username_hash(username: str | None) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (username or "").strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def account_label(*, user=None, username: str | None = None) -> str:
    if user is not None and user.pk:
        return f"user={user.pk}"
    return f"username_hash={username_hash(username)}"


def client_label(username, ip_address, user_agent, path_info, request) -> str:
    """Axes' description of a client in its own log lines (AXES_CLIENT_STR_CALLABLE)."""
    if isinstance(path_info, (list, tuple)):
        path_info = path_info[0] if path_info else ""
    return f"username_hash={username_hash(username)} ip={ip_address} path={path_info}"
