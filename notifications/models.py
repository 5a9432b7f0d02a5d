"""What each user was reminded of, day by day, and how she wants to be reminded.

A notification is one line of one user's digest of one day. Its `key` (kind, record,
due date) is unique per user and day, so a digest stored twice the same day adds
nothing, and an item still due the next day is a new line of that day's digest.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Person
from cases.querysets import hidden_from
from maksora.locking import VersionField, version_bump_trigger


class NotificationKind(models.TextChoices):
    TASK_OVERDUE = "task_overdue", _("Overdue task")
    TASK_DUE = "task_due", _("Task due this week")
    REVIEW_DUE = "review_due", _("Case review due")
    QUIET_CASE = "quiet_case", _("Case without a recent note")
    YEARLY_UPDATE_DUE = "yearly_update_due", _("Yearly update due")
    CONSENT_MISSING = "consent_missing", _("No consent to data processing")
    CONSENT_LAPSING = "consent_lapsing", _("Consent about to lapse")
    PAPER_EXPIRING = "paper_expiring", _("Paper expired or expiring")
    APPROVAL_WAITING = "approval_waiting", _("Request waiting for approval")
    DATA_PROBLEMS = "data_problems", _("Data problems to fix")
    UNIT_SUMMARY = "unit_summary", _("Unit summary")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Her own lines whose case and person she may still read.

        A line stays stored when its case leaves her scope or its person is restricted
        after the digest was built; it is simply no longer shown.
        """
        return self.filter(user=user).filter(
            Q(case__isnull=True) | Q(case__in=Case.objects.visible_to(user)),
            ~hidden_from(user, "person"),
        )

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self):
        return self.select_related("person").order_by("-day", "position", "id")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    day = models.DateField(_("day"))
    key = models.CharField(_("key"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # What the message needs (case number, task title, dates as ISO strings, counts, links):
    # the text itself is written at display time, in the reader's language.
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-day", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="notification_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["user", "-day"], name="notification_user_day"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.day} {self.key}"


class DigestDelivery(models.Model):
    """One user's digest of one day was stored (and e-mailed unless she opted out): at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    item_count = models.PositiveIntegerField(_("items"))
    emailed = models.BooleanField(_("e-mailed"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_delivery_once_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.day}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NotificationPreference(models.Model):
    """How one user wants her reminders; a user without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_digest = models.BooleanField(
        _("send me the daily digest by e-mail"),
        default=True,
        help_text=_("The reminders stay on the site's reminders page either way."),
    )
    language = models.CharField(
        _("language of the e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the site's default language."),
    )
    version = VersionField()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        triggers = [version_bump_trigger()]

    def __str__(self):
        return str(self.user)
