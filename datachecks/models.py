"""Problems in the records that the nightly checks found, each with the worker who can fix it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, DuplicateCandidate, Person
from maksora.access import access_for
from maksora.locking import VersionField, version_bump_trigger
from maksora.models import Unit


class DataCheck(models.TextChoices):
    BIRTH_DATE = "birth_date", _("Birth date missing or implausible")
    QUIET_CASE = "quiet_case", _("Active case without a recent note")
    STAY_WITHOUT_BED = "stay_without_bed", _("Stay without a bed for a child over 3 or an adult")
    CHILD_PHOTO = "child_photo", _("Sponsored child without a photo from the last year")
    CONSENT = "consent", _("No data-processing consent in force")
    UNDECIDED_PAIR = "undecided_pair", _("Possible duplicate undecided for over 30 days")


class DataProblemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Problems about records she may read; duplicate pairs only for the registry stewards."""
        access = access_for(user)
        about_records = Q(
            unit__code__in=access.case_unit_codes,
            person__in=Person.objects.visible_to(user),
        ) & (Q(case__isnull=True) | Q(case__in=Case.objects.visible_to(user)))
        if access.is_registry_steward:
            about_records |= Q(pair__in=DuplicateCandidate.objects.visible_to(user))
        return self.filter(about_records)

    def open(self):
        return self.filter(resolved_on__isnull=True, dismissed_on__isnull=True)


class DataProblem(models.Model):
    """One finding of one check about one record, kept across runs.

    `record_key` names the record the way the check sees it ("case:12", "person:3/case:12"),
    so a problem found again tomorrow is the same row, and a dismissed one is not raised again.
    """

    kind = models.CharField(_("check"), max_length=20, choices=DataCheck.choices)
    record_key = models.CharField(_("record"), max_length=60)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("unit"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(DuplicateCandidate, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_problems",
        verbose_name=_("responsible worker"),
    )
    found_on = models.DateField(_("found on"))
    seen_on = models.DateField(_("last found on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    dismissed_on = models.DateField(_("dismissed on"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissal_reason = models.CharField(_("reason"), max_length=255, blank=True)

    objects = DataProblemQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("data problem")
        verbose_name_plural = _("data problems")
        ordering = ["found_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_key"], name="data_problem_once_per_record"),
            models.CheckConstraint(
                condition=Q(dismissed_on__isnull=True) | ~Q(dismissal_reason=""), name="data_problem_dismissal_reason"
            ),
        ]
        indexes = [
            models.Index(
                fields=["assigned_to", "found_on"],
                condition=Q(resolved_on__isnull=True, dismissed_on__isnull=True),
                name="data_problem_open_by_worker",
            )
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.record_key})"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None and self.dismissed_on is None
