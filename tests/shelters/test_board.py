"""The occupancy board: who sleeps where in a house on a day, for the house's own staff."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from tests.cases.factories import PersonFactory
from tests.shelters.factories import BedFactory, BedOutOfServiceFactory, RoomFactory, StayFactory, add_member

DAY = date(2025, 9, 10)


def board(client, user, **params):
    client.force_login(user)
    return client.get("/shelters/", params)


@pytest.fixture
def occupied(family, golubka, golubka_beds):
    """Olga in A1 with infant Misha sharing it, Dasha in B1, bed A3 out of service."""
    case = family["case"]
    since = DateRange(date(2025, 9, 1), None, "[)")
    StayFactory(
        person=family["mother"],
        case=case,
        bed=golubka_beds["A1"],
        period=since,
        planned_exit_on=DAY + timedelta(days=5),
    )
    StayFactory(person=family["misha"], case=case, bed=None, period=since)
    StayFactory(person=family["dasha"], case=case, bed=golubka_beds["B1"], period=since)
    BedOutOfServiceFactory(
        bed=golubka_beds["A3"], period=DateRange(date(2025, 9, 5), date(2025, 9, 30), "[)"), reason="Leaking roof"
    )
    return family


def tile(page: str, label: str) -> str:
    start = page.index(f'data-bed="{label}"')
    return page[start : page.index('data-bed="', start + 10) if 'data-bed="' in page[start + 10 :] else len(page)]


def test_board_shows_who_is_in_each_bed_free_and_out_of_service_beds(client, golubka_worker, occupied):
    response = board(client, golubka_worker, house="golubka", on="2025-09-10")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="taken"' in tile(page, "A1") and "Orlova Olga" in tile(page, "A1")
    assert "Orlov Misha" in tile(page, "A1")  # the infant is shown with her mother
    assert "Orlova Dasha" in tile(page, "B1")
    assert 'data-status="free"' in tile(page, "A2") and 'data-status="free"' in tile(page, "B2")
    assert 'data-status="out"' in tile(page, "A3") and "Leaking roof" in tile(page, "A3")
    assert f'href="/cases/people/{occupied["mother"].pk}/"' in page
    assert f'href="/cases/{occupied["case"].pk}/"' in page
    planned = page[page.index('id="planned-exits"') :]
    assert "15.09.2025" in planned and "Orlova Olga" in planned


def test_board_on_another_day_shows_that_day(client, golubka_worker, occupied):
    page = board(client, golubka_worker, house="golubka", on="31.08.2025").content.decode()

    assert 'data-status="taken"' not in page
    assert "31.08.2025" in page


def test_a_bad_day_shows_today_with_a_message(client, golubka_worker, occupied):
    response = board(client, golubka_worker, house="golubka", on="32.13.2025")

    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a date" in page
    assert timezone.localdate().strftime("%d.%m.%Y") in page


def test_board_opens_on_the_users_own_house(client, margarita_worker, margarita_beds):
    response = board(client, margarita_worker)

    assert response.status_code == 200
    assert 'data-house="margarita"' in response.content.decode()


def test_worker_and_coordinator_of_golubka_get_404_for_margarita(client, golubka_worker, coordinator, margarita_beds):
    for user in (golubka_worker, coordinator):
        assert board(client, user, house="margarita").status_code == 404


def test_margarita_worker_gets_404_for_golubka(client, margarita_worker, occupied):
    response = board(client, margarita_worker, house="golubka")

    assert response.status_code == 404
    assert "Orlova" not in response.content.decode()


def test_people_without_a_house_get_404_and_unknown_house_404(
    client, local_worker, sponsorship_officer, outsider, golubka_worker
):
    for user in (local_worker, sponsorship_officer):
        assert board(client, user).status_code == 404
    assert board(client, outsider).status_code == 403
    assert board(client, golubka_worker, house="nowhere").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, golubka):
    assert client.get("/shelters/").status_code == 302


def test_manager_reads_both_houses_without_admission_controls(client, manager, occupied, margarita_beds):
    page = board(client, manager, house="golubka", on="2025-09-10").content.decode()
    assert "Orlova Olga" in page and 'id="admit-picker"' not in page and "/transfer/" not in page
    assert board(client, manager, house="margarita").status_code == 200


def test_worker_can_pick_a_case_to_admit_from_the_board(client, golubka_worker, family, golubka_beds):
    page = board(client, golubka_worker, house="golubka").content.decode()
    assert 'id="admit-picker"' in page and family["case"].number in page

    response = client.get("/shelters/admit/", {"case": family["case"].pk})
    assert response.status_code == 302 and response.url == f"/shelters/admit/{family['case'].pk}/"
    assert client.get("/shelters/admit/", {"case": "abc"}).status_code == 404
    assert client.get("/shelters/admit/").status_code == 302


def _fill_house(golubka, rooms: int, beds_per_room: int):
    """`rooms` rooms full of mothers, each with an infant sharing her bed, and one bed out of service."""
    for r in range(rooms):
        room = RoomFactory(house=golubka, name=f"Q{r}")
        for b in range(beds_per_room):
            stay = StayFactory(bed=BedFactory(room=room, label=f"Q{r}.{b}"), planned_exit_on=date(2025, 9, 12))
            add_member(stay.case, baby := PersonFactory(birth_date=date(2025, 1, 1)))
            StayFactory(person=baby, case=stay.case, bed=None)
        BedOutOfServiceFactory(
            bed=BedFactory(room=room, label=f"Q{r}.x"), period=DateRange(date(2025, 9, 1), None, "[)")
        )


@pytest.mark.parametrize("rooms, beds_per_room", [(1, 1), (5, 4)])
def test_board_runs_a_constant_number_of_queries(
    client, golubka_worker, golubka, rooms, beds_per_room, django_assert_max_num_queries
):
    _fill_house(golubka, rooms, beds_per_room)
    client.force_login(golubka_worker)

    with django_assert_max_num_queries(11):
        response = client.get("/shelters/", {"house": "golubka", "on": "2025-09-10"})

    assert response.content.decode().count('data-status="taken"') == rooms * beds_per_room
