"""The access log: one append-only row per read of a personal record and per export.

Views call `access_record(request, action=..., obj=...)` once, after the record was
fetched through `visible_to` (so a 404 or 403 writes nothing) and only for GET (a POST
that redirects is not a read). Exports also check the hourly limit and, past it, tell
the administrators once per hour per user; the export itself is never refused.
"""

import logging
from datetime import timedelta
from ipaddress import ip_address

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maksora import roles
from maksora.models import EXPORT_ACTIONS, AccessAction, AccessAlert, AccessRecord

logger = logging.getLogger("maksora.security")

# Key space of the advisory lock that keeps two simultaneous exports from both raising the alert.
_ALERT_LOCK_SPACE = 7311


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address the trusted proxies saw (X-Forwarded-For) behind that many proxies."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # Each trusted proxy appends what it saw; entries further left are the client's own claim.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ip_address(address)) if address else None
    except ValueError:
        return None


def _person_id_of(obj) -> int | None:
    """The person a record is about: its own `access_log_person_id`, else its `person_id` column."""
    person_id = getattr(obj, "access_log_person_id", None)
    return person_id if person_id is not None else getattr(obj, "person_id", None)


def _request_filters(request) -> dict:
    filters = dict(request.resolver_match.kwargs) if request.resolver_match else {}
    filters.update(request.GET.dict())
    return filters


def access_record(
    request,
    *,
    action: str,
    obj=None,
    kind: str = "",
    filters: dict | None = None,
    row_count: int | None = None,
) -> AccessRecord | None:
    """Write the one row of this read (GET only); for exports, flag a user past the hourly limit.

    A single INSERT, outside any transaction of its own: a page read costs one query more.
    """
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    is_listing = action in EXPORT_ACTIONS or action == AccessAction.VIEW_DRILLDOWN
    if filters is None and is_listing:
        filters = _request_filters(request)
    record = AccessRecord.objects.create(
        user=request.user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        person_id=_person_id_of(obj) if obj is not None else None,
        export_kind=kind,
        filters=filters or {},
        row_count=row_count,
        ip_address=client_ip(request),
    )
    if action in EXPORT_ACTIONS:
        _flag_heavy_exporter(request.user, now=record.at)
    return record


@transaction.atomic
def _flag_heavy_exporter(user, *, now) -> AccessAlert | None:
    since = now - timedelta(hours=1)
    limit = settings.ACCESS_LOG_EXPORTS_PER_HOUR
    count = AccessRecord.objects.exports().filter(user=user, at__gt=since).count()
    if count <= limit:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ALERT_LOCK_SPACE, user.pk])
    if AccessAlert.objects.filter(user=user, at__gt=since).exists():
        return None
    alert = AccessAlert.objects.create(user=user, at=now, export_count=count)
    logger.warning("export limit passed: user_id=%s exports_last_hour=%s", user.pk, count)
    transaction.on_commit(lambda: _mail_administrators(alert), robust=True)
    return alert


def administrator_emails() -> list[str]:
    emails = {email for _name, email in settings.ADMINS}
    emails |= set(
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.ADMIN)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


def _mail_administrators(alert: AccessAlert) -> None:
    recipients = administrator_emails()
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Maksora: many exports by %(user)s") % {"user": alert.user.get_username()}
        body = _(
            "%(user)s made %(count)s exports in the last hour (the limit is %(limit)s). "
            "The exports were not refused. See the export alerts in the admin: %(path)s"
        ) % {
            "user": alert.user.get_username(),
            "count": alert.export_count,
            "limit": settings.ACCESS_LOG_EXPORTS_PER_HOUR,
            "path": reverse("admin:maksora_accessalert_changelist"),
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def readers_of_person(person_id: int, *, limit: int = 50):
    """The last reads of a person's records: who, when, what."""
    return AccessRecord.objects.filter(person_id=person_id).select_related("user")[:limit]


def export_log(user=None):
    qs = AccessRecord.objects.exports().select_related("user")
    return qs.filter(user=user) if user is not None else qs


def recent_alerts(*, days: int = 30):
    return AccessAlert.objects.filter(at__gte=timezone.now() - timedelta(days=days)).select_related("user")
