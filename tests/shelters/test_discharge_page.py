"""The discharge page of a case: who leaves, when, where to and why."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from shelters.models import Stay
from tests.shelters.factories import StayFactory

SINCE = DateRange(date(2025, 9, 1), None, "[)")


@pytest.fixture
def staying(family, golubka_beds):
    case = family["case"]
    return {
        "mother": StayFactory(person=family["mother"], case=case, bed=golubka_beds["A1"], period=SINCE),
        "dasha": StayFactory(person=family["dasha"], case=case, bed=golubka_beds["A2"], period=SINCE),
    }


def url(case):
    return f"/shelters/discharge/{case.pk}/"


def data(stays, **extra):
    return {
        "stays": [s.pk for s in stays],
        "on": "03.11.2025",
        "exit_destination": "relatives",
        "exit_reason": "planned",
    } | extra


def test_the_page_lists_the_current_stays_of_the_case(client, golubka_worker, family, staying):
    client.force_login(golubka_worker)

    page = client.get(url(family["case"]), {"stay": staying["dasha"].pk}).content.decode()

    assert "Orlova Olga" in page and "Orlova Dasha" in page
    assert f'value="{staying["dasha"].pk}"' in page


def test_the_whole_family_leaves(client, golubka_worker, family, staying):
    client.force_login(golubka_worker)

    response = client.post(url(family["case"]), data(staying.values()))

    assert response.status_code == 302 and response.url == "/shelters/?house=golubka&on=2025-11-03"
    assert set(Stay.objects.values_list("period", "exit_destination", "exit_reason")) == {
        (DateRange(date(2025, 9, 1), date(2025, 11, 3), "[)"), "relatives", "planned")
    }


def test_a_child_leaves_alone(client, golubka_worker, family, staying):
    client.force_login(golubka_worker)

    client.post(url(family["case"]), data([staying["dasha"]]))

    assert Stay.objects.get(pk=staying["dasha"].pk).end == date(2025, 11, 3)
    assert Stay.objects.get(pk=staying["mother"].pk).end is None


def test_bad_input_keeps_what_was_typed(client, golubka_worker, family, staying):
    client.force_login(golubka_worker)

    response = client.post(url(family["case"]), data([], on="2025-08-01", exit_destination="", notes="Уехала к сестре"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one person to discharge." in page and "This field is required." in page
    assert "Уехала к сестре" in page and 'value="2025-08-01"' in page


def test_leaving_before_arriving_is_refused_by_the_service(client, golubka_worker, family, staying):
    client.force_login(golubka_worker)

    response = client.post(url(family["case"]), data([staying["mother"]], on="2025-08-01"))

    assert response.status_code == 400 and "cannot leave before arriving" in response.content.decode()


def test_a_case_with_nobody_staying_says_so(client, golubka_worker, family):
    client.force_login(golubka_worker)

    assert 'id="no-stays"' in client.get(url(family["case"])).content.decode()


@pytest.mark.parametrize("actor, status", [("margarita_worker", 404), ("manager", 403), ("sponsorship_officer", 404)])
def test_others_cannot_discharge(client, request, family, staying, actor, status):
    client.force_login(request.getfixturevalue(actor))

    assert client.post(url(family["case"]), data(staying.values())).status_code == status
    assert not Stay.objects.filter(period__upper_inf=False).exists()
