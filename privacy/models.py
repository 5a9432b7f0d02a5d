"""Destruction acts, legal holds and retention periods (152-FZ; see docs/retention.md)."""

from datetime import date, datetime

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Person
from maksora.access import access_for
from maksora.locking import VersionField, version_bump_trigger
from maksora.models import Unit

# Acts are themselves kept for three years, then removed by the retention run.
ACT_KEPT_YEARS = 3


class LegalGround(models.TextChoices):
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to processing withdrawn (152-FZ art. 21 part 5)")
    PURPOSE_ACHIEVED = "purpose_achieved", _("Purpose of processing achieved, retention period over (art. 21 part 4)")
    SUBJECT_REQUEST = "subject_request", _("Request of the data subject (152-FZ art. 20, 21)")
    UNLAWFUL = "unlawful", _("Processing found unlawful (152-FZ art. 21 part 3)")


class PrivacyQuerySet(models.QuerySet):
    person_path = "person"

    def visible_to(self, user):
        """Rows about people she may see, for coordinators and managers."""
        access = access_for(user)
        if not (access.is_coordinator or access.is_manager):
            return self.none()
        return self.filter(**{f"{self.person_path}__in": Person.objects.visible_to(user)})


class DestructionAct(models.Model):
    """The act confirming one destruction: what went, on which ground, and the extract of the event log.

    It holds no personal data of the person: her internal id, counts per category, and the
    events about her reduced to date, actor and action (RKN Order No. 179).
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="destruction_acts", verbose_name=_("person (internal id)")
    )
    destroyed_at = models.DateTimeField(_("destroyed at"), default=timezone.now)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destroyed by"),
        help_text=_("Empty when the retention schedule destroyed the data."),
    )
    legal_ground = models.CharField(_("legal ground"), max_length=20, choices=LegalGround.choices)
    # Records merged into her as duplicates go with her: their ids are listed.
    person_ids = models.JSONField(_("records destroyed"), default=list)
    categories = models.JSONField(_("categories destroyed"), default=list)
    event_log = models.JSONField(_("extract of the event log"), default=list)
    # Files are removed once the transaction commits; what could not be removed yet is retried.
    files_pending = models.JSONField(default=list, blank=True)
    keep_until = models.DateField(_("kept until"))

    objects = PrivacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("destruction act")
        verbose_name_plural = _("destruction acts")
        ordering = ["-destroyed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["person"], name="destruction_act_one_per_person")]

    def __str__(self):
        return _("Destruction act No. %(number)s") % {"number": self.pk}

    @property
    def event_log_entries(self) -> list[dict]:
        """The extract with its times as datetimes (stored as ISO text)."""
        return [{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in self.event_log]


class LegalHoldQuerySet(PrivacyQuerySet):
    def in_force_on(self, day: date):
        return self.filter(Q(until__isnull=True) | Q(until__gte=day))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LegalHold(models.Model):
    """Keeps a person's data from destruction (a court case, a request of the authorities) until `until`."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("person"))
    reason = models.CharField(_("reason"), max_length=255)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: until lifted."))

    objects = LegalHoldQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


class RetentionStart(models.TextChoices):
    CASE_CLOSED = "case_closed", _("the last case in the unit was closed")
    SPONSORSHIP_ENDED = "sponsorship_ended", _("the last sponsorship ended (or the child left the program)")


class RetentionPolicyQuerySet(models.QuerySet):
    def visible_to(self, user):
        access = access_for(user)
        if access.has_role("admin") or access.is_manager:
            return self
        return self.filter(unit__code__in=access.own_unit_codes) if access.is_coordinator else self.none()


class RetentionPolicy(models.Model):
    """How long a unit keeps a person's records once its work with her has ended."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="retention", verbose_name=_("unit"))
    years = models.PositiveSmallIntegerField(_("years kept"), validators=[MinValueValidator(1), MaxValueValidator(75)])
    counted_from = models.CharField(_("counted from the day"), max_length=20, choices=RetentionStart.choices)

    objects = RetentionPolicyQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["unit"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.unit}: {self.years}"
