"""Read-only queryset methods of the cases app; `visible_to` applies maksora.access."""

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q

from maksora.access import access_for


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(code__in=access_for(user).case_unit_codes)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__code__in=access_for(user).case_unit_codes)

    def active_on(self, day: date):
        """Active on `day`: opened on or before it and not closed before it."""
        return self.filter(Q(opened_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gte=day))

    def active_between(self, start: date, end: date):
        """Active on at least one day of [start, end] (both inclusive)."""
        return self.filter(Q(opened_on__lte=end), Q(closed_on__isnull=True) | Q(closed_on__gte=start))

    def open(self):
        return self.exclude(status="closed")

    def for_list(self):
        return self.select_related("unit", "primary_person", "assigned_to")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        from cases.models import CaseMember

        units = access_for(user).case_unit_codes
        if not units:
            return self.none()
        return self.filter(
            Exists(CaseMember.objects.filter(person=OuterRef("pk"), case__unit__code__in=units)),
            merged_into__isnull=True,
        )


class CaseChildQuerySet(models.QuerySet):
    """Rows that belong to a case (notes, goals, tasks): visible through their case."""

    def visible_to(self, user):
        return self.filter(case__unit__code__in=access_for(user).case_unit_codes)


class NoteQuerySet(CaseChildQuerySet):
    def visible_to(self, user):
        access = access_for(user)
        visible = super().visible_to(user)
        readable_confidential = Q(author=user)
        if access.sees_all_confidential_notes:
            readable_confidential |= Q(case__unit__code__in=access.own_unit_codes)
        return visible.filter(Q(confidential=False) | readable_confidential)


class PersonChildQuerySet(models.QuerySet):
    """Rows attached to a person (consents, relationships): visible through the person."""

    person_field = "person"

    def visible_to(self, user):
        from cases.models import Person

        return self.filter(**{f"{self.person_field}__in": Person.objects.visible_to(user)})


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from cases.models import Case, Person

        return self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(person__in=Person.objects.visible_to(user)))
