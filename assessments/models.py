"""Where a person stands, scored per domain at admission, at each review and at exit.

A programme's assessment (`AssessmentTool`) names its domains and, for each score from 1
to 5, what that score means, in each interface language; administrators configure them.
"""

from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.choices import GoalDomain
from cases.models import Case
from maksora.locking import VersionField, version_bump_trigger
from maksora.models import Unit

LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class Named(models.Model):
    """A name in each interface language; Russian is the fallback."""

    name_ru = models.CharField(_("name (Russian)"), max_length=150)
    name_it = models.CharField(_("name (Italian)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{(get_language() or 'ru')[:2]}", "") or self.name_ru


class AssessmentToolQuerySet(models.QuerySet):
    def for_case(self, case: Case):
        return self.filter(active=True, units=case.unit_id)


class AssessmentTool(Named):
    units = models.ManyToManyField(Unit, related_name="assessment_tools", verbose_name=_("used in"))
    admission_within_days = models.PositiveSmallIntegerField(
        _("admission assessment within (days)"), default=14, help_text=_("Days after the case is opened.")
    )
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=90)
    lock_after_days = models.PositiveSmallIntegerField(
        _("locked after (days)"), default=7, help_text=_("Scores can be corrected this many days after the assessment.")
    )
    active = models.BooleanField(_("in use"), default=True)

    objects = AssessmentToolQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("assessment form")
        verbose_name_plural = _("assessment forms")
        triggers = [version_bump_trigger()]


class AssessmentDomain(Named):
    tool = models.ForeignKey(AssessmentTool, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=30)
    goal_domain = models.CharField(
        _("goal domain"),
        max_length=20,
        choices=GoalDomain.choices,
        blank=True,
        help_text=_("A low score here suggests a goal in this domain."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    version = VersionField()

    class Meta:
        verbose_name = _("assessment domain")
        verbose_name_plural = _("assessment domains")
        ordering = ["tool", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["tool", "code"], name="assessment_domain_code_unique")]
        triggers = [version_bump_trigger()]


class AssessmentLevel(models.Model):
    """What a score means in a domain (e.g. housing 1: "no place to live after the shelter")."""

    domain = models.ForeignKey(AssessmentDomain, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("score"))
    definition_ru = models.CharField(_("definition (Russian)"), max_length=300)
    definition_it = models.CharField(_("definition (Italian)"), max_length=300, blank=True)
    definition_en = models.CharField(_("definition (English)"), max_length=300, blank=True)

    version = VersionField()

    class Meta:
        verbose_name = _("score definition")
        verbose_name_plural = _("score definitions")
        ordering = ["domain", "score"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "score"], name="assessment_level_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE), name="assessment_level_score_range"
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.score}: {self.definition}"

    @property
    def definition(self) -> str:
        return getattr(self, f"definition_{(get_language() or 'ru')[:2]}", "") or self.definition_ru


class Occasion(models.TextChoices):
    ADMISSION = "admission", _("At admission")
    REVIEW = "review", _("Review")
    EXIT = "exit", _("At exit")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case"))
    tool = models.ForeignKey(AssessmentTool, on_delete=models.PROTECT, related_name="+", verbose_name=_("form"))
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    # A coordinator's unlock lets its scores be corrected until the end of this day.
    unlocked_until = models.DateField(_("unlocked until"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "assessed_on", "pk"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_day")]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_occasion_display()} {self.assessed_on:%d.%m.%Y}"

    def is_locked(self, today: date) -> bool:
        if self.unlocked_until and today <= self.unlocked_until:
            return False
        return today > self.assessed_on + timedelta(days=self.tool.lock_after_days)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(AssessmentDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain"))
    score = models.PositiveSmallIntegerField(_("score"))

    version = VersionField()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="assessment_score_once_per_domain"),
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE), name="assessment_score_range"
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.domain}: {self.score}"
