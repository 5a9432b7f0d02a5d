"""Hand-built sponsorship data: a child is a registry Person with a case in the `distance` unit."""

from datetime import date
from decimal import Decimal

import factory
from django.db.backends.postgresql.psycopg_any import DateRange

from cases.models import Consent
from sponsorship import choices
from sponsorship.models import Contribution, Correspondence, Sponsor, SponsoredChild, Sponsorship
from tests.cases.factories import CaseFactory, PersonFactory, unit


class SponsoredChildFactory(factory.django.DjangoModelFactory):
    """A child enrolled in the program, with an open case in the distance unit (as child_enrol makes)."""

    class Meta:
        model = SponsoredChild
        skip_postgeneration_save = True

    person = factory.SubFactory(
        PersonFactory,
        family_name=factory.Iterator(["Смирнова", "Волкова", "Орлова", "Зайцева"]),
        given_name=factory.Iterator(["Алина", "Вера", "Софья", "Полина"]),
        birth_date=date(2015, 3, 10),
    )
    avsi_code = factory.Sequence(lambda n: f"RU-C{n:05d}")
    school = "School No. 94"
    grade = "5"
    living_situation = choices.LivingSituation.FAMILY
    enrolled_on = date(2024, 9, 1)

    @factory.post_generation
    def distance_case(self, create, extracted, **kwargs):
        """Pass `distance_case=False` for a child whose distance case is missing."""
        if create and extracted is not False:
            CaseFactory(unit=unit("distance"), primary_person=self.person, opened_on=self.enrolled_on)


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    kind = choices.SponsorKind.FAMILY
    name = factory.Iterator(["Famiglia Rossi", "Giulia Bianchi", "Parrocchia San Marco", "Marco Ferrari"])
    country = "IT"
    language = choices.Language.IT
    avsi_code = factory.Sequence(lambda n: f"IT-S{n:05d}")
    email = factory.Sequence(lambda n: f"sponsor{n}@example.it")
    phone = "+39 02 1234567"
    address = "Via Roma 1, Milano"


class SponsorshipFactory(factory.django.DjangoModelFactory):
    """Open-ended from `start` (default 01.09.2024); pass `end` for a closed one."""

    class Meta:
        model = Sponsorship
        exclude = ("start", "end")

    child = factory.SubFactory(SponsoredChildFactory)
    sponsor = factory.SubFactory(SponsorFactory)
    start = date(2024, 9, 1)
    end = None
    period = factory.LazyAttribute(lambda o: DateRange(o.start, o.end, "[)"))


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    sponsorship = factory.SubFactory(SponsorshipFactory)
    period_year = 2025
    amount = Decimal("312.00")
    received_on = date(2025, 3, 14)
    reference = factory.Sequence(lambda n: f"AVSI-2025-{n:05d}")


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    """A yearly update due on 31.10.2025, not sent, without photo."""

    class Meta:
        model = Correspondence
        skip_postgeneration_save = True

    sponsorship = factory.SubFactory(SponsorshipFactory)
    kind = choices.CorrespondenceKind.YEARLY_UPDATE
    due_on = date(2025, 10, 31)
    language = choices.Language.IT
    text = "Cara famiglia, quest'anno Alina ha finito la quinta classe."

    @factory.post_generation
    def transfer_consent(self, create, extracted, **kwargs):
        """`transfer_consent=True`: the child consented to her data going to Italy, so it may be sent."""
        if create and extracted:
            Consent.objects.create(
                person=self.sponsorship.child.person, purpose="share_with_sponsor", given_on=date(2025, 1, 1)
            )
