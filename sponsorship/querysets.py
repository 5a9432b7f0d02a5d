"""Read-only queryset methods of the sponsorship app; `visible_to` applies maksora.access."""

from datetime import date

from django.apps import apps
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from cases.models import Person
from cases.querysets import hidden_from
from cases.search import CODE, code_rank, person_q, query_kind
from maksora.access import access_for
from maksora.sql import AnyOf


class SponsoredChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        access = access_for(user)
        if access.reads_sponsorship_programme:
            return self.filter(person__in=Person.objects.visible_to(user))
        return self.none()

    def counted_for(self, user):
        """As `visible_to`, but restricted children stay in (figures count them)."""
        if access_for(user).reads_sponsorship_programme:
            return self.filter(person__in=Person.objects.counted_for(user))
        return self.none()

    def enrolled_on(self, day: date):
        return self.filter(Q(enrolled_on__lte=day), Q(exited_on__isnull=True) | Q(exited_on__gt=day))

    def awaiting_sponsor(self, day: date):
        """Enrolled on `day` with no sponsorship in force that day."""
        Sponsorship = apps.get_model("sponsorship", "Sponsorship")  # models.py imports this module
        in_force = Sponsorship.objects.in_force_on(day).filter(child=OuterRef("pk"))
        return self.enrolled_on(day).filter(~Exists(in_force))

    def with_sponsorship_on(self, day: date, *, with_sponsor: bool = False):
        """Annotate the sponsorship in force on `day`: its id and start.

        `with_sponsor=True` adds the sponsor's name and code: pass it only for users who
        see sponsors (maksora.access `sees_sponsors`), so nobody else's rows carry them.
        """
        Sponsorship = apps.get_model("sponsorship", "Sponsorship")  # models.py imports this module
        current = Sponsorship.objects.in_force_on(day).filter(child=OuterRef("pk"))
        annotated = self.annotate(
            sponsorship_id=Subquery(current.values("pk")[:1]),
            sponsored_since=Subquery(current.values("period__startswith")[:1]),
        )
        if with_sponsor:
            annotated = annotated.annotate(
                sponsor_name=Subquery(current.values("sponsor__name")[:1]),
                sponsor_code=Subquery(current.values("sponsor__avsi_code")[:1]),
            )
        return annotated

    def search(self, query: str):
        """An AVSI code (exact first, then codes starting with it), or the child's name or phone.

        A code is searched as a code only, a name or phone number as a person (cases.search).
        """
        query = (query or "").strip()
        kind = query_kind(query)
        if not kind:
            return self
        if kind == CODE:
            ordering = self.query.order_by or self.model._meta.ordering
            return (
                self.filter(avsi_code__istartswith=query)
                .annotate(search_rank=code_rank("avsi_code", query))
                .order_by("search_rank", *ordering)
            )
        return self.filter(AnyOf("person_id", Person.objects.filter(person_q(query)).values("pk")))

    def for_list(self):
        return self.select_related("person")


class SponsorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if access_for(user).sees_sponsors else self.none()

    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(Q(avsi_code__istartswith=query) | Q(name__icontains=query) | Q(email__icontains=query))

    def for_picker(self, query: str, *, day: date, keep=None, limit: int = 50):
        """At most `limit` sponsors matching `query` by name, with their children on `day`.

        The sponsor `keep` (the one already chosen) comes first whatever the query, so a
        form re-shown after an error still offers what was picked; one query in all.
        """
        matching = self.search(query)
        if keep is not None:
            matching = matching | self.filter(pk=keep)
        kept_first = models.Case(models.When(pk=keep, then=0), default=1) if keep is not None else models.Value(1)
        return matching.with_children_count(day).order_by(kept_first, "name", "avsi_code")[:limit]

    def with_children_count(self, day: date):
        return self.annotate(
            children_now=Count("sponsorships", filter=Q(sponsorships__period__contains=day), distinct=True)
        )


class SponsorshipChildQuerySet(models.QuerySet):
    """Sponsorships and what hangs off them: sponsor data, so sponsorship staff and managers only."""

    def counted_for(self, user):
        """Rows the user's figures count: a restricted child's included."""
        return self if access_for(user).sees_sponsors else self.none()

    def visible_to(self, user):
        """Rows she may read: a restricted child's only for the child's named staff."""
        if self.model._meta.model_name == "sponsorship":
            return self.counted_for(user).filter(~hidden_from(user, "child__person"))
        # Letters and contributions leave out the few sponsorships of hidden children (a short
        # list, hashed once); tested through the child, every row was joined to its sponsorship
        # and child only to be tested, and a count read every sponsorship and child.
        Sponsorship = apps.get_model("sponsorship", "Sponsorship")  # models.py imports this module
        hidden = Sponsorship.objects.filter(hidden_from(user, "child__person")).values("pk")
        return self.counted_for(user).exclude(sponsorship__in=hidden)


class SponsorshipQuerySet(SponsorshipChildQuerySet):
    def intersecting(self, start: date, end: date):
        """Sponsorships in force on at least one day of [start, end)."""
        return self.filter(period__overlap=DateRange(start, end, "[)"))

    def in_force_on(self, day: date):
        return self.filter(period__contains=day)

    def for_list(self):
        return self.select_related("child__person", "sponsor")


class CorrespondenceQuerySet(SponsorshipChildQuerySet):
    def for_list(self):
        return self.select_related("sponsorship__child__person", "sponsorship__sponsor")

    def pending(self):
        return self.filter(sent_on__isnull=True)

    def overdue(self, day: date):
        return self.pending().filter(due_on__lt=day)

    def due_from(self, day: date):
        """Not sent and not late on `day` (due that day or later, or with no due date)."""
        return self.pending().exclude(due_on__lt=day)
