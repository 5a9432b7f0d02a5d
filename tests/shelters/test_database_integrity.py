"""The database itself refuses impossible stays, whatever code writes them (raw ORM here)."""

from datetime import date

import pytest
from django.db import DataError, IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from shelters.models import BedOutOfService, Stay
from tests.cases.factories import PersonFactory
from tests.shelters.factories import BedOutOfServiceFactory, StayFactory, member_case


def period(start, end=None):
    return DateRange(start, end, "[)")


def new_stay(bed, start, end=None, *, person=None):
    person = person or PersonFactory()
    return Stay(person=person, case=member_case(person), house=bed.room.house, bed=bed, period=period(start, end))


@pytest.fixture
def first(golubka_beds):
    return StayFactory(bed=golubka_beds["A1"], period=period(date(2025, 3, 1), date(2025, 4, 1)))


def test_a_second_stay_of_the_same_person_overlapping_is_refused(first, golubka_beds):
    with pytest.raises(IntegrityError, match="stay_person_no_overlap"), transaction.atomic():
        Stay.objects.create(
            person=first.person,
            case=first.case,
            house=first.house,
            bed=golubka_beds["B1"],
            period=period(date(2025, 3, 31)),
        )


def test_the_same_bed_for_two_people_at_once_is_refused(first):
    with pytest.raises(IntegrityError, match="stay_bed_no_overlap"), transaction.atomic():
        new_stay(first.bed, date(2025, 2, 1), date(2025, 3, 2)).save()


def test_the_bed_is_free_again_on_the_exit_day(first):
    follower = new_stay(first.bed, date(2025, 4, 1))
    follower.save()
    assert follower.pk


def test_moving_a_stay_onto_a_taken_bed_with_save_is_refused(first, golubka_beds):
    other = StayFactory(bed=golubka_beds["A2"], period=period(date(2025, 3, 10)))
    other.bed = first.bed
    with pytest.raises(IntegrityError, match="stay_bed_no_overlap"), transaction.atomic():
        other.save()


def test_infants_without_a_bed_do_not_collide_with_each_other(first):
    for _ in range(2):
        person = PersonFactory(birth_date=date(2024, 12, 1))
        Stay.objects.create(
            person=person, case=first.case, house=first.house, bed=None, period=period(date(2025, 3, 1))
        )
    assert Stay.objects.filter(bed=None).count() == 2


def test_a_bed_out_of_service_cannot_be_given(golubka_beds):
    BedOutOfServiceFactory(bed=golubka_beds["B2"], period=period(date(2025, 3, 1), date(2025, 4, 1)))
    with pytest.raises(IntegrityError, match="stay_bed_in_service"), transaction.atomic():
        new_stay(golubka_beds["B2"], date(2025, 3, 20)).save()


def test_an_occupied_bed_cannot_be_taken_out_of_service(first):
    with pytest.raises(IntegrityError, match="bed_out_of_service_no_stay"), transaction.atomic():
        BedOutOfService.objects.create(bed=first.bed, period=period(date(2025, 3, 15), date(2025, 3, 20)))


def test_an_end_before_the_start_is_refused(golubka_beds):
    with pytest.raises(DataError, match="range lower bound must be less than or equal"), transaction.atomic():
        new_stay(golubka_beds["A3"], date(2025, 5, 10), date(2025, 5, 1)).save()


def test_an_empty_stay_is_refused(golubka_beds):
    with pytest.raises(IntegrityError, match="stay_period_valid"), transaction.atomic():
        new_stay(golubka_beds["A3"], date(2025, 5, 10), date(2025, 5, 10)).save()


def test_a_stay_without_a_start_is_refused(golubka_beds):
    with pytest.raises(IntegrityError, match="stay_period_valid"), transaction.atomic():
        new_stay(golubka_beds["A3"], None, date(2025, 5, 10)).save()
