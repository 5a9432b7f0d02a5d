"""The admin shows each user only what maksora.access lets her see."""

import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, house

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(db):
    golubka = CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Голубева", given_name="Анна"))
    margarita = CaseFactory(
        unit=unit("margarita"), primary_person=PersonFactory(family_name="Маргаритова", given_name="Ольга")
    )
    return golubka, margarita


def _edited_elsewhere(model) -> bool:
    """History rows, and proxies of a many-to-many table (edited on the models it links)."""
    tracked_link_table = model._meta.proxy and model._meta.concrete_model._meta.auto_created
    return model.__name__.endswith("Event") or bool(tracked_link_table)


def test_every_model_of_the_three_apps_is_registered():
    for label in ("cases", "shelters", "sponsorship"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.app_label != label or _edited_elsewhere(model):
                continue
            assert admin.site.is_registered(model), model


def test_coordinator_changelist_shows_only_her_units(client, coordinator, two_cases):
    golubka, margarita = two_cases
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert golubka.number in page
    assert margarita.number not in page


def test_coordinator_gets_no_margarita_case_by_url(client, coordinator, two_cases):
    _golubka, margarita = two_cases
    client.force_login(coordinator)
    response = client.get(reverse("admin:cases_case_change", args=[margarita.pk]), follow=True)
    body = response.content.decode()
    assert "doesn’t exist" in body or response.status_code == 404
    assert "Маргаритова" not in body


def test_coordinator_person_autocomplete_is_scoped(client, coordinator, two_cases):
    client.force_login(coordinator)
    url = reverse("admin:autocomplete")
    params = {"app_label": "cases", "model_name": "case", "field_name": "primary_person"}
    latin = client.get(url, {**params, "term": "Golubeva"})
    assert [r["text"] for r in json.loads(latin.content)["results"]] == ["Голубева Анна Ивановна"]
    hidden = client.get(url, {**params, "term": "Маргаритова"})
    assert json.loads(hidden.content)["results"] == []


def test_person_search_finds_cyrillic_name_typed_in_latin(client, coordinator, two_cases):
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_person_changelist"), {"q": "golubeva"}).content.decode()
    assert "Голубева" in page
    page = client.get(reverse("admin:cases_person_changelist"), {"q": "Маргаритова"}).content.decode()
    assert "Маргаритова Ольга" not in page


def _listed(response):
    return list(response.context["cl"].result_list)


def test_case_search_by_number(client, coordinator, two_cases):
    golubka, margarita = two_cases
    client.force_login(coordinator)
    url = reverse("admin:cases_case_changelist")
    assert _listed(client.get(url, {"q": golubka.number, "open": "all"})) == [golubka]
    assert _listed(client.get(url, {"q": margarita.number, "open": "all"})) == []


def test_filter_choices_list_only_visible_units_and_workers(client, coordinator, margarita_worker, golubka_worker):
    CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    CaseFactory(unit=unit("margarita"), assigned_to=margarita_worker)
    client.force_login(coordinator)
    response = client.get(reverse("admin:cases_case_changelist"))
    page = response.content.decode()
    assert "Margarita House" not in page
    assert margarita_worker.last_name not in page
    assert golubka_worker.last_name in page


def test_tasks_and_stays_are_added_on_the_site_not_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:cases_task_add")).status_code == 403
    assert client.get(reverse("admin:shelters_stay_add")).status_code == 403


def test_bed_out_of_service_form_offers_only_beds_of_her_house(client, coordinator):
    BedFactory(room=RoomFactory(house=house("golubka")))
    BedFactory(room=RoomFactory(house=house("margarita")))
    client.force_login(coordinator)
    response = client.get(reverse("admin:shelters_bedoutofservice_add"))
    assert response.status_code == 200
    beds = response.context["adminform"].form.fields["bed"].queryset
    assert set(beds.values_list("room__house__unit__code", flat=True)) == {"golubka"}


def test_note_autocomplete_of_cases_is_scoped(client, coordinator, two_cases):
    golubka, margarita = two_cases
    client.force_login(coordinator)
    params = {"app_label": "cases", "model_name": "note", "field_name": "case"}
    found = json.loads(client.get(reverse("admin:autocomplete"), {**params, "term": "2026"}).content)["results"]
    assert [int(r["id"]) for r in found] == [golubka.pk]


def test_cases_are_opened_by_the_intake_not_the_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:cases_case_add")).status_code == 403


def test_manager_sees_all_but_changes_nothing(client, manager, two_cases):
    golubka, margarita = two_cases
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert golubka.number in page and margarita.number in page
    response = client.get(reverse("admin:cases_case_change", args=[margarita.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    posted = client.post(reverse("admin:cases_case_change", args=[margarita.pk]), {"risk_level": "high"})
    assert posted.status_code == 403
    margarita.refresh_from_db()
    assert margarita.risk_level == "low"


def test_sponsorship_officer_sees_only_distance_cases(client, sponsorship_officer, two_cases):
    distance = CaseFactory(unit=unit("distance"))
    client.force_login(sponsorship_officer)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert distance.number in page
    assert two_cases[0].number not in page and two_cases[1].number not in page


def test_site_admin_manages_users_and_units_but_sees_no_cases(client, site_admin, two_cases):
    client.force_login(site_admin)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:maksora_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 403
    page = client.get(reverse("admin:shelters_house_changelist")).content.decode()
    assert "Golubka" in page


def test_user_admin_shows_units_and_roles(client, site_admin, golubka_worker):
    client.force_login(site_admin)
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Golubka House" in page
    assert "Social worker" in page


def test_site_admin_gives_units_and_roles_to_a_user(client, site_admin):
    from django.contrib.auth.models import Group

    from tests.cases.factories import UserFactory

    newcomer = UserFactory(username="newcomer")
    client.force_login(site_admin)
    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "username": "newcomer",
            "first_name": "Нина",
            "last_name": "Новая",
            "email": "",
            "is_active": "on",
            "groups": [Group.objects.get(name="coordinator").pk],
            "unit_memberships": [unit("local").pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    newcomer.refresh_from_db()
    assert list(newcomer.units.values_list("code", flat=True)) == ["local"]
    assert newcomer.is_staff  # coordinators work in the admin


def test_coordinator_cannot_open_user_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_worker_without_admin_role_is_sent_to_admin_login(client, golubka_worker):
    client.force_login(golubka_worker)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302


def test_confidential_note_of_a_worker_is_hidden_from_the_manager(client, manager, golubka_worker):
    from tests.cases.factories import NoteFactory

    note = NoteFactory(case=CaseFactory(unit=unit("golubka")), author=golubka_worker, confidential=True)
    client.force_login(manager)
    page = client.get(reverse("admin:cases_note_changelist")).content.decode()
    assert note.case.number not in page


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:cases_case_changelist",
        "admin:cases_person_changelist",
        "admin:cases_note_changelist",
        "admin:cases_task_changelist",
        "admin:shelters_stay_changelist",
    ],
)
def test_changelists_answer_for_coordinator(client, coordinator, two_cases, url_name):
    client.force_login(coordinator)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:sponsorship_sponsoredchild_changelist",
        "admin:sponsorship_sponsor_changelist",
        "admin:sponsorship_sponsorship_changelist",
        "admin:sponsorship_contribution_changelist",
        "admin:sponsorship_correspondence_changelist",
    ],
)
def test_sponsorship_changelists_answer_for_officer(client, sponsorship_officer, url_name):
    client.force_login(sponsorship_officer)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("actor", ["coordinator", "manager", "sponsorship_officer", "site_admin"])
def test_admin_index_answers_for_each_admin_role(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("admin:index")).status_code == 200


def test_case_changelist_links_the_caseload_review(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert reverse("admin:cases_case_caseload") in page


def test_site_admin_sees_the_rooms_of_a_house_but_no_stays(client, site_admin):
    from shelters.models import House, Room

    house = House.objects.get(unit__code="golubka")
    Room.objects.create(house=house, name="Комната 7")
    client.force_login(site_admin)
    page = client.get(reverse("admin:shelters_house_change", args=[house.pk])).content.decode()
    assert "Комната 7" in page
