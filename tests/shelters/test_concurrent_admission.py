"""Two workers admit two families into the same bed at the same moment: only one can win."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from maksora.reference_data import ensure_reference_data
from shelters.models import Stay
from shelters.services import family_admit
from tests.cases.factories import PersonFactory, UserFactory
from tests.shelters.factories import BedFactory, RoomFactory, house, member_case

DAY = date(2025, 9, 1)


@pytest.mark.django_db(transaction=True)
def test_two_admissions_into_one_bed_at_the_same_moment_only_one_succeeds():
    ensure_reference_data()  # a transactional test starts from a flushed database
    golubka = house("golubka")
    bed = BedFactory(room=RoomFactory(house=golubka, name="A"), label="A1")
    workers = [UserFactory(role="social_worker", units=["golubka"]) for _ in range(2)]
    mothers = [
        PersonFactory(family_name="Орлова", given_name="Ольга"),
        PersonFactory(family_name="Kozlova", given_name="Irina"),
    ]
    cases = [member_case(mother) for mother in mothers]
    barrier = threading.Barrier(2, timeout=20)
    results = [None, None]

    def admit(index):
        try:
            barrier.wait()
            with translation.override("en"):  # a new thread has no active language; assertions read the msgids
                results[index] = family_admit(
                    case=cases[index], house=golubka, placements=[(mothers[index], bed)], start=DAY, by=workers[index]
                )
        except ValidationError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    errors = [r for r in results if isinstance(r, ValidationError)]
    admitted = [r for r in results if isinstance(r, list)]
    assert len(errors) == 1 and len(admitted) == 1
    winner = admitted[0][0].person
    assert f"Bed A1 is taken by {winner}" in " ".join(errors[0].messages)
    assert "since 01.09.2025" in " ".join(errors[0].messages)
    assert list(Stay.objects.values_list("person", flat=True)) == [winner.pk]
