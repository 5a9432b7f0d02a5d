"""The organisation at the ground of every app: its units, who works in which, and the access log.

The tables keep the names they were created with in the cases app (`cases_unit`,
`cases_unit_members`, `cases_unitmembershipevent`), so moving the models here changed no
data.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maksora.access import access_for
from maksora.labels import ChoiceLabels
from maksora.locking import VersionField, version_bump_trigger
from maksora.units import HOUSE_UNITS, UNIT_PREFIX, UnitCode


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(code__in=access_for(user).case_unit_codes)


# A case with no note for this many days is named in its worker's daily digest.
DEFAULT_QUIET_DAYS = 30


class Unit(ChoiceLabels, models.Model):
    """A house or program of the organisation; staff belong to one or more units."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=UnitCode.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="units", blank=True, verbose_name=_("staff")
    )
    quiet_days = models.PositiveSmallIntegerField(
        _("days without a note before a reminder"),
        default=DEFAULT_QUIET_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("An open case with no note for this many days is named in its worker's daily digest."),
    )

    objects = UnitQuerySet.as_manager()

    version = VersionField()

    class Meta:
        db_table = "cases_unit"
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["id"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return self.get_code_display()

    @property
    def prefix(self) -> str:
        return UNIT_PREFIX[self.code]

    @property
    def is_house(self) -> bool:
        """A shelter with rooms and beds (people are admitted to it)."""
        return self.code in HOUSE_UNITS


# Which units a staff member belonged to, and when, decides what she could see: keep
# every change of Unit.members. Its through table is Django's own, hence a proxy to track.
@pghistory.track(
    pghistory.InsertEvent("unit_member.add"),
    pghistory.DeleteEvent("unit_member.remove"),
    obj_field=None,
    model_name="UnitMembershipEvent",
    meta={"db_table": "cases_unitmembershipevent"},
)
class UnitMembership(Unit.members.through):
    class Meta:
        proxy = True


class AccessAction(models.TextChoices):
    VIEW_PERSON = "view_person", _("opened the person's page")
    VIEW_CASE = "view_case", _("opened the case file")
    VIEW_CHILD = "view_child", _("opened the sponsored child's page")
    VIEW_PERSON_HISTORY = "view_person_history", _("opened the person's history")
    VIEW_CASE_HISTORY = "view_case_history", _("opened the case history")
    DOWNLOAD_ATTACHMENT = "download_attachment", _("downloaded an attachment")
    DOWNLOAD_PHOTO = "download_photo", _("downloaded a correspondence photo")
    VIEW_DRILLDOWN = "view_drilldown", _("opened a report drill-down list")
    EXPORT_REPORT = "export_report", _("exported a report")
    EXPORT_STATEMENT = "export_statement", _("exported a sponsor statement")
    EXPORT_DRILLDOWN = "export_drilldown", _("exported a report drill-down list")


EXPORT_ACTIONS = (AccessAction.EXPORT_REPORT, AccessAction.EXPORT_STATEMENT, AccessAction.EXPORT_DRILLDOWN)


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if access_for(user).sees_access_log else self.none()


class AccessRecordQuerySet(AccessLogQuerySet):
    def exports(self):
        return self.filter(action__in=EXPORT_ACTIONS)


class AccessRecord(models.Model):
    """One read of a personal record or one export: written once, never changed or deleted.

    The database refuses UPDATE and DELETE on this table, so foreign keys never cascade or
    set null here (users are deactivated, not deleted); `person_id` is a plain indexed id
    so that "who opened this person" stays one query even after a merge removed the row.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=30, choices=AccessAction.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    person_id = models.BigIntegerField(_("person id"), null=True, blank=True)
    export_kind = models.CharField(_("export"), max_length=50, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "-at"], name="access_person_at_idx"),
            models.Index(fields=["user", "action", "-at"], name="access_user_action_at_idx"),
            models.Index(fields=["content_type", "object_id"], name="access_object_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="access_record_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.user_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class AccessAlert(models.Model):
    """A user exported more than the hourly limit: administrators were told (once per hour)."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    export_count = models.PositiveIntegerField(_("exports in the last hour"))

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("export alert")
        verbose_name_plural = _("export alerts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="access_alert_user_at_idx")]
        triggers = [
            pgtrigger.Protect(name="access_alert_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"
