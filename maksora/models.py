"""The organisation at the ground of every app: its units and who works in which.

The tables keep the names they were created with in the cases app (`cases_unit`,
`cases_unit_members`, `cases_unitmembershipevent`), so moving the models here changed no
data.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maksora.locking import VersionField, version_bump_trigger
from maksora.units import UNIT_PREFIX, UnitCode


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        from maksora.access import access_for

        return self.filter(code__in=access_for(user).case_unit_codes)


class Unit(models.Model):
    """A house or program of the organisation; staff belong to one or more units."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=UnitCode.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="units", blank=True, verbose_name=_("staff")
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
