from django.utils.functional import SimpleLazyObject

from maksora.access import access_for
from notifications.models import Notification


def unread_count(request) -> int:
    """Her unread reminders: one query, asked at most once per request."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.visible_to(request.user).unread().count()
    return request._unread_notifications


def unread_notifications(request):
    """The top bar's reminder count, read only when a template shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access_for(user).has_any_role:
        return {}
    return {"show_reminders": True, "unread_notifications": SimpleLazyObject(lambda: unread_count(request))}
