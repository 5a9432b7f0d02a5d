"""The admission page of a case: a bed for each member on a grid of the day's free beds."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from shelters.models import Stay
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.shelters.factories import StayFactory, add_member


def radio(page: str, person, bed) -> str:
    """The <input> tag of `bed` in the grid of `person`."""
    at = page.index(f'id="bed_{person.pk}-{bed.pk}"')
    return page[page.rindex("<input", 0, at) : page.index(">", at)]


def url(case):
    return f"/shelters/admit/{case.pk}/"


def post_admission(client, family, beds, **extra):
    data = {
        "start": "01.09.2025",
        "planned_exit_on": "2026-03-01",
        f"bed_{family['mother'].pk}": beds["A1"].pk,
        f"bed_{family['dasha'].pk}": beds["A2"].pk,
        f"bed_{family['misha'].pk}": "shared",
        "notes": "Пришли ночью",
    }
    return client.post(url(family["case"]), {**data, **extra})


def test_the_page_shows_each_member_with_a_grid_of_free_beds(client, golubka_worker, family, golubka_beds):
    StayFactory(bed=golubka_beds["B2"], period=DateRange(date(2025, 8, 1), None, "[)"))
    client.force_login(golubka_worker)

    response = client.get(url(family["case"]), {"on": "2025-09-01"})

    page = response.content.decode()
    assert response.status_code == 200
    for person in ("mother", "dasha", "misha"):
        assert f'name="bed_{family[person].pk}"' in page
    free = radio(page, family["mother"], golubka_beds["A1"])
    assert f'value="{golubka_beds["A1"].pk}"' in free and "disabled" not in free
    assert "disabled" in radio(page, family["mother"], golubka_beds["B2"])


def test_a_worker_admits_the_family(client, golubka_worker, family, golubka_beds):
    client.force_login(golubka_worker)

    response = post_admission(client, family, golubka_beds)

    assert response.status_code == 302
    assert response.url == "/shelters/?house=golubka&on=2025-09-01"
    stays = {s.person: s for s in Stay.objects.select_related("bed")}
    assert stays[family["mother"]].bed == golubka_beds["A1"]
    assert stays[family["dasha"]].bed == golubka_beds["A2"]
    assert stays[family["misha"]].bed is None
    assert stays[family["mother"]].planned_exit_on == date(2026, 3, 1)
    assert stays[family["mother"]].notes == "Пришли ночью"


def test_a_taken_bed_gives_a_message_naming_the_stay_and_keeps_the_choices(
    client, golubka_worker, family, golubka_beds
):
    StayFactory(
        person=PersonFactory(family_name="Козлова", given_name="Ирина"),
        bed=golubka_beds["A1"],
        period=DateRange(date(2025, 8, 20), None, "[)"),
    )
    client.force_login(golubka_worker)

    response = post_admission(client, family, golubka_beds)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Bed A1 is taken by Козлова Ирина" in page and "since 20.08.2025" in page
    assert "Пришли ночью" in page and 'value="2025-09-01"' in page
    assert "checked" in radio(page, family["dasha"], golubka_beds["A2"])
    assert Stay.objects.count() == 1


def test_bad_input_is_refused_with_messages(client, golubka_worker, family, golubka_beds):
    client.force_login(golubka_worker)

    response = post_admission(
        client, family, golubka_beds, start="31.02.2025", **{f"bed_{family['dasha'].pk}": "999999"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date as dd.mm.yyyy or yyyy-mm-dd." in page
    assert "Select a valid choice" in page
    assert not Stay.objects.exists()


def test_nobody_chosen_is_refused(client, golubka_worker, family, golubka_beds):
    client.force_login(golubka_worker)

    response = client.post(url(family["case"]), {"start": "2025-09-01"})

    assert response.status_code == 400
    assert "Choose a bed for at least one person." in response.content.decode()


def test_show_free_beds_redraws_the_grid_for_the_new_day_without_admitting(
    client, golubka_worker, family, golubka_beds
):
    StayFactory(bed=golubka_beds["A1"], period=DateRange(date(2025, 8, 1), date(2025, 9, 1), "[)"))
    client.force_login(golubka_worker)

    response = post_admission(client, family, golubka_beds, refresh="1", start="2025-08-15")

    page = response.content.decode()
    assert response.status_code == 200 and Stay.objects.count() == 1
    assert "checked" in radio(page, family["mother"], golubka_beds["A1"])  # kept, though taken on that day
    assert 'value="2025-08-15"' in page


def test_a_closed_case_cannot_be_admitted(client, golubka_worker, golubka_beds):
    case = CaseFactory(unit=unit("golubka"), status="closed", closed_on=date(2026, 2, 1))
    client.force_login(golubka_worker)

    response = client.post(url(case), {"start": "2025-09-01", f"bed_{case.primary_person.pk}": golubka_beds["A1"].pk})

    assert response.status_code == 400 and "is closed" in response.content.decode()


@pytest.mark.parametrize(
    "actor, status", [("margarita_worker", 404), ("manager", 403), ("sponsorship_officer", 404), ("outsider", 403)]
)
def test_others_cannot_admit_into_golubka(client, request, family, golubka_beds, actor, status):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url(family["case"])).status_code == status
    assert post_admission(client, family, golubka_beds).status_code == status
    assert not Stay.objects.exists()


def test_a_local_services_case_has_no_house(client, coordinator):
    case = CaseFactory(unit=unit("local"))
    client.force_login(coordinator)

    assert client.get(url(case)).status_code == 404


@pytest.mark.parametrize("children", [1, 20])
def test_the_page_runs_a_constant_number_of_queries(
    client, golubka_worker, family, golubka_beds, children, django_assert_max_num_queries
):
    for index in range(children):
        add_member(family["case"], PersonFactory(given_name=f"Child {index}", birth_date=date(2015, 1, 1)))
    client.force_login(golubka_worker)

    with django_assert_max_num_queries(15):
        response = client.get(url(family["case"]))

    assert response.status_code == 200
