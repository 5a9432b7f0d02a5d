"""What a user does with her reminders: read them, and say how she wants them."""

from django.db import transaction
from django.utils import timezone

from maksora.locking import check_version
from notifications.models import Notification, NotificationPreference


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Every unread reminder of hers; returns how many were marked."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(
    *, user, email_digest: bool, language: str, expected_version: int | None = None
) -> NotificationPreference:
    preference, created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if not created:
        check_version(preference, expected_version)
    preference.email_digest = email_digest
    preference.language = language
    preference.save()
    return preference
