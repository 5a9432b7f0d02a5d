"""Each user's daily digest: built from the sources, stored for the site, e-mailed once a day.

`build_digest` only reads. `send_daily_digests` stores every user's digest as the day's
notifications (a line already stored that day is not stored again) and e-mails it to
those who did not opt out, once per user and day (`DigestDelivery`): running it twice the
same day sends nothing new. Nothing is stored or sent for a user with nothing due.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maksora import display, roles
from notifications.messages import describe, summary_parts
from notifications.models import DigestDelivery, Notification, NotificationKind, NotificationPreference
from notifications.sources import SOURCES, DigestItem

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: object
    day: date
    items: list[DigestItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def build_digest(user, today: date) -> Digest:
    """What `user` is reminded of on `today`, in the sources' order, each key once."""
    items, seen = [], set()
    for source in SOURCES:
        for item in source(user, today):
            if item.key not in seen:
                seen.add(item.key)
                items.append(item)
    return Digest(user=user, day=today, items=items)


def preference_for(user) -> NotificationPreference:
    """Her stored preference, or the defaults (e-mail on, the site's language) unsaved."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def digest_recipients():
    """Active staff with a role: whoever may have something due."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=roles.ALL_ROLES).distinct().order_by("pk")


@transaction.atomic
def digest_store(*, digest: Digest) -> list[Notification]:
    """Store the digest as the day's notifications; returns the lines that were not there yet.

    A line repeated from an earlier day takes the place of that day's unread copy, so the
    unread count counts each thing once.
    """
    user, day = digest.user, digest.day
    if not digest:
        return []
    stored = set(Notification.objects.filter(user=user, day=day).values_list("key", flat=True))
    new = [
        Notification(
            user=user,
            day=day,
            key=item.key,
            kind=item.kind,
            position=position,
            params=item.params,
            url=item.url,
            case_id=item.case_id,
            person_id=item.person_id,
        )
        for position, item in enumerate(digest.items)
        if item.key not in stored
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    Notification.objects.filter(user=user, key__in=digest.keys, day__lt=day, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return new


def digest_email(digest: Digest, *, language: str) -> EmailMultiAlternatives:
    """The e-mail of a digest, in `language`: case numbers, task titles and links, never a person's name."""
    base = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        lines = []
        for item in digest.items:
            line = {"text": describe(item.kind, item.params), "url": base + item.url, "parts": []}
            if item.kind == NotificationKind.UNIT_SUMMARY:
                line["parts"] = [(label, count, base + link) for label, count, link in summary_parts(item.params)]
            lines.append(line)
        context = {
            "lines": lines,
            "day": display.day(digest.day),
            "reminders_url": base + reverse("notifications:list"),
            "preferences_url": base + reverse("notifications:preferences"),
        }
        # The subject says nothing about anyone: it travels through every mail server on the way.
        subject = _("Maksora: your reminders for %(day)s") % {"day": display.day(digest.day)}
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[digest.user.email], headers={"Content-Language": language}
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_deliver(*, digest: Digest, dry_run: bool = False) -> bool:
    """Store the digest and e-mail it if not yet done today; True when an e-mail went (or would go)."""
    if not digest:
        return False
    user = digest.user
    preference = preference_for(user)
    wants_email = preference.email_digest and bool(user.email)
    if dry_run:
        return wants_email and not DigestDelivery.objects.filter(user=user, day=digest.day).exists()
    with transaction.atomic():
        digest_store(digest=digest)
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(user=user, day=digest.day, item_count=len(digest.items))
        except IntegrityError:
            return False  # already delivered today
        if not wants_email:
            return False
        language = preference.language or settings.LANGUAGE_CODE
        digest_email(digest, language=language).send()
        delivery.emailed = True
        delivery.save(update_fields=["emailed"])
    return True


def send_daily_digests(*, today: date, dry_run: bool = False) -> int:
    """Build, store and e-mail every user's digest of `today`; returns the number of e-mails sent.

    One user's failure (a mail server refusing her address) is logged and leaves her digest
    undelivered, so the next run tries her again; the others still get theirs.
    """
    sent = 0
    for user in digest_recipients():
        try:
            if digest_deliver(digest=build_digest(user, today), dry_run=dry_run):
                sent += 1
        except Exception:
            logger.exception("digest not delivered: user=%s day=%s", user.pk, today)
    return sent
