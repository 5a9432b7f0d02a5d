from datetime import date

import factory
from django.db.backends.postgresql.psycopg_any import DateRange

from cases.models import CaseMember
from shelters.models import Bed, BedOutOfService, House, Room, Stay
from tests.cases.factories import CaseFactory, PersonFactory, unit


def house(code: str = "golubka") -> House:
    return House.objects.get(unit__code=code)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    house = factory.LazyFunction(house)
    name = factory.Sequence(lambda n: f"R{n}")
    floor = 1


class BedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bed

    room = factory.SubFactory(RoomFactory)
    label = factory.Sequence(lambda n: f"B{n}")


class BedOutOfServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BedOutOfService

    bed = factory.SubFactory(BedFactory)
    period = DateRange(date(2025, 3, 1), date(2025, 4, 1), "[)")
    reason = "Broken frame"


def member_case(person, house_code: str = "golubka", **kwargs):
    """A case of the house's unit with `person` as primary member."""
    return CaseFactory(unit=unit(house_code), primary_person=person, **kwargs)


class StayFactory(factory.django.DjangoModelFactory):
    """A stay in Golubka by default, with its own person, case and bed; pass bed=None for a shared bed."""

    class Meta:
        model = Stay

    house = factory.LazyFunction(house)
    person = factory.SubFactory(PersonFactory)
    case = factory.LazyAttribute(lambda o: member_case(o.person, o.house.unit.code))
    bed = factory.LazyAttribute(lambda o: BedFactory(room=RoomFactory(house=o.house)))
    period = DateRange(date(2025, 1, 10), None, "[)")


def add_member(case, person, role: str = "child"):
    CaseMember.objects.get_or_create(case=case, person=person, defaults={"role": role})
    return person
