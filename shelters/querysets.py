from datetime import date

from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Case, DateField, F, Func, Q, When

from cases.querysets import hidden_from
from maksora.access import access_for


class RangeLower(Func):
    function = "lower"
    output_field = DateField()


class RangeUpper(Func):
    function = "upper"
    output_field = DateField()


def exit_day(period: str = "period", same_day: str = "same_day"):
    """The SQL of `Stay.exit_day`: a same-day stay `[d, d + 1)` was left on d, any other on its upper bound.

    NULL while the stay is ongoing. `period`/`same_day` are the paths to the stay's fields.
    """
    return Case(When(**{same_day: True}, then=RangeLower(F(period))), default=RangeUpper(F(period)))


class HouseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__code__in=access_for(user).case_unit_codes)


class RoomQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(house__unit__code__in=access_for(user).case_unit_codes)


class BedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(room__house__unit__code__in=access_for(user).case_unit_codes)


class StayQuerySet(models.QuerySet):
    def counted_for(self, user):
        """Stays in the user's houses, restricted people's included: what her figures count."""
        return self.filter(house__unit__code__in=access_for(user).case_unit_codes)

    def visible_to(self, user):
        return self.counted_for(user).filter(~hidden_from(user, "person"))

    def on(self, day: date):
        """Stays in progress on `day` (the night from `day` to the next)."""
        return self.filter(period__contains=day)

    def intersecting(self, start: date, end: date):
        """Stays with at least one night in [start, end)."""
        return self.filter(period__overlap=DateRange(start, end, "[)"))

    def with_exit_day(self):
        """Each stay annotated with `exit_day` (see `exit_day()`)."""
        return self.annotate(exit_day=exit_day())

    def ongoing(self):
        return self.filter(Q(period__upper_inf=True))
