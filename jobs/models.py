"""Work a user started that runs in the background: its status, progress and result.

One row per piece of user-visible work (saving a report snapshot, a big export, a big
import). The queue itself is procrastinate's (its `procrastinate_jobs` table, which only
carries this row's id); this row is what the owner sees on `/jobs/<id>/`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from maksora.access import access_for


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("background job status", "waiting to start")
    RUNNING = "running", pgettext_lazy("background job status", "in progress")
    DONE = "done", pgettext_lazy("background job status", "done")
    FAILED = "failed", pgettext_lazy("background job status", "failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class BackgroundJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job is its owner's alone: anybody else gets 404, administrators included.

        Its result may be a report or an export of records the owner's role reaches and
        another user's does not; the queue itself is seen by administrators in the admin.
        """
        if not access_for(user).has_any_role:
            return self.none()
        return self.filter(owner=user)


class BackgroundJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("started by")
    )
    kind = models.CharField(_("kind"), max_length=100)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), null=True, blank=True)
    # A reference to what the work made (e.g. {"saved_report": 12}), or a summary of it.
    result = models.JSONField(_("result"), null=True, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Kept as the English msgid and its parameters, translated when shown in the reader's language.
    error_msgid = models.TextField(_("error"), blank=True)
    error_params = models.JSONField(_("error parameters"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_total__isnull=True) | Q(progress_done__lte=F("progress_total")),
                name="job_progress_within_total",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Share done, 0–100; None while the size of the work is not known yet."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def error_message(self) -> str:
        """The failure in the active language (the reader's), from its msgid and parameters."""
        if not self.error_msgid:
            return ""
        message = gettext(self.error_msgid)
        if self.error_params:
            try:
                return message % self.error_params
            except (KeyError, TypeError, ValueError):
                return message
        return message
