from django.utils.functional import SimpleLazyObject

from maksora.access import access_for
from maksora.sql import count_compiled_once
from notifications.models import Notification


def unread_count(request) -> int:
    """Her unread reminders: one query, asked at most once per request.

    Its SQL depends only on who she is and what her roles and units reach (the rule of
    `Notification.objects.visible_to`), so it is compiled once per process for that.
    """
    if not hasattr(request, "_unread_notifications"):
        user = request.user
        access = access_for(user)
        key = ("unread reminders", user.pk, access.roles, access.own_unit_codes, access.case_unit_codes)
        request._unread_notifications = count_compiled_once(key, lambda: Notification.objects.visible_to(user).unread())
    return request._unread_notifications


def unread_notifications(request):
    """The top bar's reminder count, read only when a template shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access_for(user).has_any_role:
        return {}
    return {"show_reminders": True, "unread_notifications": SimpleLazyObject(lambda: unread_count(request))}
