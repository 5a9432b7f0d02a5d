"""A person's stays in the houses: house, room, bed, period, destination."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from tests.cases.factories import CaseFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory


def url(person):
    return f"/shelters/people/{person.pk}/stays/"


@pytest.fixture
def history(family, golubka_beds, margarita_beds):
    mother, case = family["mother"], family["case"]
    StayFactory(
        person=mother,
        case=case,
        bed=golubka_beds["A1"],
        period=DateRange(date(2024, 1, 10), date(2024, 6, 1), "[)"),
        exit_destination="relatives",
        exit_reason="planned",
    )
    StayFactory(person=mother, case=case, bed=golubka_beds["B1"], period=DateRange(date(2025, 9, 1), None, "[)"))
    margarita_case = CaseFactory(unit=unit("margarita"), primary_person=mother)
    StayFactory(
        person=mother,
        case=margarita_case,
        house=margarita_beds["M1"].room.house,
        bed=margarita_beds["M1"],
        period=DateRange(date(2023, 2, 1), date(2023, 3, 1), "[)"),
        exit_destination="partner",
        exit_reason="own_choice",
    )
    return mother


def test_all_stays_with_house_room_bed_period_and_destination(client, coordinator, history):
    coordinator.units.add(unit("margarita"))
    client.force_login(coordinator)

    page = client.get(url(history)).content.decode()

    assert "10.01.2024" in page and "01.06.2024" in page and "Relatives" in page
    assert "<td>A1</td>" in page and "<td>B1</td>" in page and "<td>M1</td>" in page
    assert "Partner" in page and "staying" in page
    assert page.index("01.09.2025") < page.index("10.01.2024") < page.index("01.02.2023")  # newest first


def test_a_golubka_worker_sees_only_golubka_stays(client, golubka_worker, history):
    client.force_login(golubka_worker)

    page = client.get(url(history)).content.decode()

    assert "<td>A1</td>" in page and "<td>M1</td>" not in page and "01.02.2023" not in page


def test_a_person_of_another_house_is_404(client, margarita_worker, family):
    client.force_login(margarita_worker)

    assert client.get(url(family["mother"])).status_code == 404
    assert client.get("/shelters/people/999999/stays/").status_code == 404


def test_the_person_page_links_to_the_stays(client, golubka_worker, family):
    client.force_login(golubka_worker)

    assert url(family["mother"]) in client.get(f"/cases/people/{family['mother'].pk}/").content.decode()


@pytest.mark.parametrize("stays", [1, 20])
def test_history_runs_a_constant_number_of_queries(
    client, golubka_worker, family, stays, django_assert_max_num_queries
):
    room = RoomFactory(name="H")
    for index in range(stays):
        StayFactory(
            person=family["mother"],
            case=family["case"],
            bed=BedFactory(room=room),
            period=DateRange(date(2000 + index, 1, 1), date(2000 + index, 2, 1), "[)"),
        )
    client.force_login(golubka_worker)

    with django_assert_max_num_queries(8):
        response = client.get(url(family["mother"]))

    assert response.content.decode().count("<tr>") == stays + 1
