"""The transfer page of a stay: a new bed (room or house) from a given day."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from shelters.models import Stay
from tests.shelters.factories import StayFactory

SINCE = DateRange(date(2025, 9, 1), None, "[)")


@pytest.fixture
def dasha_in_a2(family, golubka_beds):
    return StayFactory(person=family["dasha"], case=family["case"], bed=golubka_beds["A2"], period=SINCE)


def url(stay):
    return f"/shelters/stays/{stay.pk}/transfer/"


def test_the_page_offers_the_beds_of_the_house(client, golubka_worker, dasha_in_a2, golubka_beds):
    client.force_login(golubka_worker)

    page = client.get(url(dasha_in_a2), {"on": "2025-09-20"}).content.decode()

    assert f'id="bed-{golubka_beds["B1"].pk}"' in page
    assert 'value="2025-09-20"' in page


def test_a_worker_moves_a_child_to_another_room(client, golubka_worker, dasha_in_a2, golubka_beds):
    client.force_login(golubka_worker)

    response = client.post(url(dasha_in_a2), {"on": "20.09.2025", "bed": golubka_beds["B1"].pk})

    assert response.status_code == 302 and response.url == "/shelters/?house=golubka&on=2025-09-20"
    assert Stay.objects.on(date(2025, 9, 20)).get(person=dasha_in_a2.person).bed == golubka_beds["B1"]
    assert Stay.objects.get(pk=dasha_in_a2.pk).end == date(2025, 9, 20)


def test_a_taken_bed_is_refused_with_a_message_naming_the_stay(
    client, golubka_worker, dasha_in_a2, family, golubka_beds
):
    StayFactory(person=family["mother"], case=family["case"], bed=golubka_beds["A1"], period=SINCE)
    client.force_login(golubka_worker)

    response = client.post(url(dasha_in_a2), {"on": "2025-09-20", "bed": golubka_beds["A1"].pk})

    assert response.status_code == 400
    assert "Bed A1 is taken by Orlova Olga" in response.content.decode()
    assert Stay.objects.get(pk=dasha_in_a2.pk).end is None


def test_bad_input_is_refused(client, golubka_worker, dasha_in_a2):
    client.force_login(golubka_worker)

    response = client.post(url(dasha_in_a2), {"on": "yesterday"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date as dd.mm.yyyy or yyyy-mm-dd." in page and "Choose the new bed." in page


@pytest.mark.parametrize("actor, status", [("margarita_worker", 404), ("manager", 403), ("outsider", 403)])
def test_others_cannot_move_a_golubka_stay(client, request, dasha_in_a2, golubka_beds, actor, status):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url(dasha_in_a2)).status_code == status
    assert client.post(url(dasha_in_a2), {"on": "2025-09-20", "bed": golubka_beds["B1"].pk}).status_code == status


def test_coordinator_of_golubka_gets_404_for_a_margarita_stay(client, coordinator, margarita_worker, margarita_beds):
    stay = StayFactory(house=margarita_beds["M1"].room.house, bed=margarita_beds["M1"], period=SINCE)

    client.force_login(coordinator)
    assert client.get(url(stay)).status_code == 404
    client.force_login(margarita_worker)
    assert client.get(url(stay)).status_code == 200
