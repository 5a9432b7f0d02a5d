"""Saved ("as of") yearly-report snapshots."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maksora.access import access_for


class SavedReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers see every saved report; coordinators the ones they saved."""
        access = access_for(user)
        if access.is_manager:
            return self
        if access.sees_reports:
            return self.filter(created_by=user)
        return self.none()


class SavedReport(models.Model):
    """A report as computed on `created_at`: the figures and the ids of the records behind each.

    Later (back-dated) edits of cases, stays or contributions do not change it: it is
    reopened and exported from `figures`, and its drill-downs list `record_ids`.
    """

    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("until (exclusive)"))
    figures = models.JSONField(_("figures"))
    record_ids = models.JSONField(_("records behind each figure"), default=dict)
    unit_codes = models.JSONField(_("units in scope"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("saved by")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    # The saving job's key: a retried job or a form sent twice finds this row and saves no other.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True, null=True, blank=True)

    objects = SavedReportQuerySet.as_manager()

    class Meta:
        db_table = "maksora_savedreport"  # created when reports lived in maksora
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="saved_report_period_valid")]

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        return self.end - timedelta(days=1)


class DataVersion(models.Model):
    """One row whose `version` moves on with every committed write to the tables the report reads.

    Bumped by a trigger (migration 0002) deferred to the commit, once per transaction, so
    writers hold its lock only while committing. A computed report is valid while the
    version it was computed at is the current one.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "reports_dataversion"

    def __str__(self):
        return str(self.version)


class ComputedReport(models.Model):
    """The figures of one period for one reach (units, sections), at one data version.

    Shared by every process and every reader with the same reach: the page, its exports
    and the next visitor read it instead of recomputing, until the data change.
    """

    start = models.DateField()
    end = models.DateField()
    scope = models.CharField(max_length=255)
    data_version = models.BigIntegerField()
    figures = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "reports_computedreport"
        constraints = [models.UniqueConstraint(fields=["start", "end", "scope"], name="computed_report_key")]

    def __str__(self):
        return f"{self.start}–{self.end} {self.scope} @{self.data_version}"
