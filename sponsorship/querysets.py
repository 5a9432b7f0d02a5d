from datetime import date

from django.db import models

from maksora.access import access_for


class SponsoredChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        from cases.models import Person

        access = access_for(user)
        if access.sees_sponsors or "distance" in access.case_unit_codes:
            return self.filter(person__in=Person.objects.visible_to(user))
        return self.none()

    def enrolled_on(self, day: date):
        from django.db.models import Q

        return self.filter(Q(enrolled_on__lte=day), Q(exited_on__isnull=True) | Q(exited_on__gt=day))


class SponsorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if access_for(user).sees_sponsors else self.none()


class SponsorshipChildQuerySet(models.QuerySet):
    """Sponsorships and what hangs off them: sponsor data, so sponsorship staff and managers only."""

    def visible_to(self, user):
        return self if access_for(user).sees_sponsors else self.none()


class SponsorshipQuerySet(SponsorshipChildQuerySet):
    def intersecting(self, start: date, end: date):
        """Sponsorships in force on at least one day of [start, end)."""
        from django.db.backends.postgresql.psycopg_any import DateRange

        return self.filter(period__overlap=DateRange(start, end, "[)"))

    def in_force_on(self, day: date):
        return self.filter(period__contains=day)
