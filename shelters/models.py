from datetime import date

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Person
from maksora import display
from maksora.constraints import no_overlapping_periods, period_has_start
from maksora.locking import VersionField, version_bump_trigger
from maksora.models import Unit
from shelters import choices
from shelters.querysets import BedQuerySet, HouseQuerySet, RoomQuerySet, StayQuerySet


class House(models.Model):
    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="house", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = HouseQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        ordering = ["id"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return str(self.unit)


class Room(models.Model):
    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("house"))
    name = models.CharField(_("room"), max_length=50)
    floor = models.SmallIntegerField(_("floor"), default=1)

    objects = RoomQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["house", "floor", "name"]
        constraints = [models.UniqueConstraint(fields=["house", "name"], name="room_unique_name")]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.house} — {self.name}"


class Bed(models.Model):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="beds", verbose_name=_("room"))
    label = models.CharField(_("bed"), max_length=20)
    is_cot = models.BooleanField(_("child's cot"), default=False)

    objects = BedQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        ordering = ["room", "label"]
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="bed_unique_label")]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.room.name} / {self.label}"


def bed_period_clash_trigger(name: str, *, other_table: str, problem: str, condition=None) -> pgtrigger.Trigger:
    """Refuse a row whose bed has a row in `other_table` over an overlapping period.

    Exclusion constraints cannot look into another table, hence a trigger. It first locks
    the bed row, so a stay and an out-of-service period written at the same time by two
    transactions are checked one after the other. The error carries `name` as its
    constraint, so services can say which rule refused the write.
    """
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf("bed_id", "period"),
        condition=condition,
        func=pgtrigger.Func(
            f"""
                    PERFORM 1 FROM shelters_bed WHERE id = NEW.bed_id FOR NO KEY UPDATE;
                    IF EXISTS (
                        SELECT 1 FROM {other_table} o WHERE o.bed_id = NEW.bed_id AND o.period && NEW.period
                    ) THEN
                        RAISE EXCEPTION 'bed % is {problem} during %', NEW.bed_id, NEW.period
                            USING ERRCODE = 'exclusion_violation', CONSTRAINT = '{name}';
                    END IF;
                    RETURN NEW;
                    """
        ),
    )


class BedOutOfService(models.Model):
    bed = models.ForeignKey(Bed, on_delete=models.CASCADE, related_name="out_of_service", verbose_name=_("bed"))
    period = DateRangeField(_("period"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    version = VersionField()

    class Meta:
        verbose_name = _("bed out of service")
        verbose_name_plural = _("beds out of service")
        constraints = [
            no_overlapping_periods("bed_out_of_service_no_overlap", per="bed"),
            period_has_start("bed_out_of_service_period_valid"),
        ]
        # The mirror of Stay's trigger: a bed cannot be taken out of service while someone sleeps in it.
        triggers = [
            version_bump_trigger(),
            bed_period_clash_trigger("bed_out_of_service_no_stay", other_table="shelters_stay", problem="occupied"),
        ]

    def __str__(self):
        return f"{self.bed}: {display.period(self.period)}"


def stay_exit_day(period, same_day: bool) -> date | None:
    """The day of leaving (None while ongoing): a same-day stay's first day, else the period's end.

    `shelters.querysets.exit_day()` is the same rule in SQL."""
    if period is None or period.upper is None:
        return None
    return period.lower if same_day else period.upper


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Stay(models.Model):
    """A person living in a house from `period.lower` (first night) to `period.upper` (exit day).

    `period` is `[start, end)`: the end day is the day of leaving, so its night is not
    counted; an open end means the stay is ongoing. `bed` is empty for an infant who
    shares the mother's bed.

    A stay left on the day of arrival d cannot be the empty range `[d, d)`: it is stored as
    `[d, d + 1)` (one night counted) with `same_day` set, and its exit day is d. The exit
    day is defined once: `exit_day` here, `shelters.querysets.exit_day()` in SQL.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stays", verbose_name=_("person"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stays", verbose_name=_("case"))
    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="stays", verbose_name=_("house"))
    bed = models.ForeignKey(
        Bed, null=True, blank=True, on_delete=models.PROTECT, related_name="stays", verbose_name=_("bed")
    )
    period = DateRangeField(_("period"))
    exit_destination = models.CharField(
        _("exit destination"), max_length=20, choices=choices.ExitDestination.choices, blank=True
    )
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=choices.ExitReason.choices, blank=True)
    planned_exit_on = models.DateField(_("planned exit"), null=True, blank=True)
    same_day = models.BooleanField(_("left on the day of arrival"), default=False)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StayQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-period"]
        indexes = [models.Index(fields=["house"], name="stay_house")]
        constraints = [
            no_overlapping_periods("stay_person_no_overlap", per="person"),
            no_overlapping_periods("stay_bed_no_overlap", per="bed", condition=Q(bed__isnull=False)),
            period_has_start("stay_period_valid"),
            # Only a stay recorded as [d, d + 1) can have been left on its first day d.
            models.CheckConstraint(
                condition=Q(same_day=False)
                | Q(period__endswith=ExpressionWrapper(F("period__startswith") + 1, output_field=models.DateField())),
                name="stay_same_day_one_day",
            ),
        ]
        # A bed that is out of service cannot be given to anyone (see bed_period_clash_trigger).
        triggers = [
            version_bump_trigger(),
            bed_period_clash_trigger(
                "stay_bed_in_service",
                other_table="shelters_bedoutofservice",
                problem="out of service",
                condition=pgtrigger.Q(new__bed__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.house}"

    @property
    def start(self) -> date:
        return self.period.lower

    @property
    def exit_day(self) -> date | None:
        return stay_exit_day(self.period, self.same_day)

    @exit_day.setter
    def exit_day(self, annotated) -> None:
        # A queryset `with_exit_day()` sets its annotation here: the same value, computed in SQL.
        pass

    @property
    def end(self) -> date | None:
        return self.exit_day

    @property
    def period_shown(self) -> str:
        """«02.12.2026 – 15.01.2027» with the exit day (a same-day stay: the same day twice)."""
        return display.period(self.period, end=self.exit_day)
