import uuid
from datetime import date, timedelta
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DateRangeField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear, Upper
from django.utils.translation import gettext_lazy as _

from cases.models import Person
from maksora.access import access_for
from maksora.constraints import no_overlapping_periods, period_has_start
from maksora.labels import ChoiceLabels
from maksora.locking import VersionField, version_bump_trigger
from sponsorship import choices
from sponsorship.querysets import (
    CorrespondenceQuerySet,
    SponsoredChildQuerySet,
    SponsorQuerySet,
    SponsorshipChildQuerySet,
    SponsorshipQuerySet,
)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SponsoredChild(ChoiceLabels, models.Model):
    """Program data of a child of the person registry (her personal data stay on Person)."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="sponsored_child", verbose_name=_("child")
    )
    avsi_code = models.CharField(_("AVSI child code"), max_length=30, unique=True)
    school = models.CharField(_("school"), max_length=150, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    living_situation = models.CharField(_("living situation"), max_length=20, choices=choices.LivingSituation.choices)
    enrolled_on = models.DateField(_("enrolled on"))
    exited_on = models.DateField(_("left the program on"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=choices.ChildExitReason.choices, blank=True)

    objects = SponsoredChildQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("sponsored child")
        verbose_name_plural = _("sponsored children")
        ordering = ["avsi_code"]
        # A code search is UPPER(avsi_code) LIKE 'RU-C0001%' (istartswith).
        indexes = [models.Index(OpClass(Upper("avsi_code"), name="text_pattern_ops"), name="child_code_prefix")]
        constraints = [
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=F("enrolled_on")),
                name="child_exit_after_enrolment",
            )
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.avsi_code} {self.person}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Sponsor(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=choices.SponsorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, default="IT")
    language = models.CharField(_("language"), max_length=2, choices=choices.Language.choices, default="it")
    avsi_code = models.CharField(_("AVSI sponsor code"), max_length=30, unique=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = SponsorQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["name"]
        # `search` matches a code's start, a name or an e-mail: UPPER(…) LIKE 'RU-S1%' or
        # '%...%', each on an index of that same expression, so the OR is a BitmapOr. The trigram
        # indexes keep no pending list (fastupdate off, as cases.Person's): the planner prices
        # one as read whole by every scan, and a full one made the search read every sponsor.
        indexes = [
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="sponsor_name_trgm", fastupdate=False),
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="sponsor_email_trgm", fastupdate=False),
            models.Index(OpClass(Upper("avsi_code"), name="text_pattern_ops"), name="sponsor_code_prefix"),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.avsi_code} {self.name}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Sponsorship(models.Model):
    child = models.ForeignKey(
        SponsoredChild, on_delete=models.PROTECT, related_name="sponsorships", verbose_name=_("child")
    )
    sponsor = models.ForeignKey(
        Sponsor, on_delete=models.PROTECT, related_name="sponsorships", verbose_name=_("sponsor")
    )
    period = DateRangeField(_("period"))
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=choices.SponsorshipEndReason.choices, blank=True
    )

    objects = SponsorshipQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-period"]
        indexes = [models.Index(fields=["sponsor"], name="sponsorship_by_sponsor")]
        constraints = [
            no_overlapping_periods("sponsorship_child_no_overlap", per="child"),
            period_has_start("sponsorship_period_valid"),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.child} ← {self.sponsor}"

    @property
    def last_day(self) -> date | None:
        """The last day in force (the period's upper bound is exclusive), None while open-ended."""
        return self.period.upper - timedelta(days=1) if self.period.upper is not None else None

    def is_in_force_on(self, day: date) -> bool:
        return day in self.period


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Contribution(models.Model):
    sponsorship = models.ForeignKey(
        Sponsorship, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("sponsorship")
    )
    period_year = models.PositiveSmallIntegerField(_("for year"))
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference"), max_length=60)

    objects = SponsorshipChildQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["received_on"], name="contribution_received")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            # The bank/AVSI reference makes re-imports idempotent.
            models.UniqueConstraint(fields=["reference"], name="contribution_reference_unique"),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.amount} EUR ({self.period_year})"


def correspondence_photo_path(instance, filename: str) -> str:
    # A random name: the child's name or the original file name never shows in storage.
    return f"correspondence/{uuid.uuid4().hex}"


def default_checklist_kinds() -> list[str]:
    return [choices.CorrespondenceKind.YEARLY_UPDATE]


YEARLY_UPDATE_CONSTRAINT = "unique_yearly_update_per_year"
YEARLY_UPDATE_TAKEN = _("This sponsorship already has a yearly update due in that year.")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Correspondence(ChoiceLabels, models.Model):
    sponsorship = models.ForeignKey(
        Sponsorship, on_delete=models.PROTECT, related_name="correspondence", verbose_name=_("sponsorship")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=choices.CorrespondenceKind.choices)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=choices.Language.choices)
    text = models.TextField(_("text"), blank=True)
    photo = models.FileField(_("photo"), upload_to=correspondence_photo_path, blank=True)
    translation_status = models.CharField(
        _("translation"),
        max_length=12,
        choices=choices.TranslationStatus.choices,
        default=choices.TranslationStatus.NOT_NEEDED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )

    objects = CorrespondenceQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["kind", "due_on"], name="correspondence_due"),
            # The tracker's tabs read their first page off these in order, not by sorting every letter.
            models.Index(fields=["due_on", "id"], condition=Q(sent_on__isnull=True), name="correspondence_pending"),
            models.Index(fields=["sent_on", "id"], condition=Q(sent_on__isnull=False), name="correspondence_sent"),
        ]
        constraints = [
            # Two officers running the yearly schedule at once must not both create the update.
            models.UniqueConstraint(
                F("sponsorship"),
                ExtractYear("due_on"),
                condition=Q(kind=choices.CorrespondenceKind.YEARLY_UPDATE),
                name=YEARLY_UPDATE_CONSTRAINT,
                violation_error_message=YEARLY_UPDATE_TAKEN,
            )
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.sponsorship}"

    @property
    def access_log_person_id(self) -> int:
        """A letter or photo is about the sponsored child (see maksora.accesslog)."""
        return self.sponsorship.child.person_id


class ChecklistItemTypeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Configuration of the programme: whoever reads its correspondence."""
        return self if access_for(user).sees_sponsors else self.none()

    def applying_to(self, kind: str):
        return self.filter(active=True, kinds__contains=[kind])


class ChecklistTickQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(correspondence__in=Correspondence.objects.visible_to(user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChecklistItemType(models.Model):
    """What AVSI expects with an update (a photo, the school report, a letter): set in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kinds = ArrayField(
        models.CharField(max_length=20, choices=choices.CorrespondenceKind.choices),
        verbose_name=_("for kinds"),
        default=default_checklist_kinds,
        help_text=_("The kinds of correspondence this item is asked for."),
    )
    required = models.BooleanField(
        _("required before sending"), default=True, help_text=_("An item cannot be marked sent until this is ticked.")
    )
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ChecklistItemTypeQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("checklist item type")
        verbose_name_plural = _("checklist item types")
        ordering = ["position", "name"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ChecklistTick(models.Model):
    """One item of the checklist ticked on one update or letter (unticking deletes the row)."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.CASCADE, related_name="checklist_ticks", verbose_name=_("correspondence")
    )
    item_type = models.ForeignKey(
        ChecklistItemType, on_delete=models.PROTECT, related_name="ticks", verbose_name=_("checklist item")
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ticked by")
    )
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    objects = ChecklistTickQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["correspondence", "item_type"], name="checklist_tick_once_per_item")
        ]

    def __str__(self):
        return f"{self.item_type} ✓"
