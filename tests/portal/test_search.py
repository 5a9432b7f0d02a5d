"""The top bar's search: grouped results, the intake's matching, and nobody outside the reader's scope."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Restriction, RestrictionGrant
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, unit
from tests.shelters.factories import StayFactory
from tests.sponsorship.factories import SponsoredChildFactory, SponsorFactory

SEARCH = reverse("search")


@pytest.fixture
def vorobyova(golubka_worker):
    """A Golubka mother with a phone number, and her son."""
    mother = PersonFactory(family_name="Воробьёва", given_name="Мария", phone="+7 913 123-45-67")
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, assigned_to=golubka_worker)
    CaseMemberFactory(case=case, person=PersonFactory(family_name="Воробьёв", given_name="Пётр"), role="child")
    return case


def search(client, query):
    response = client.get(SEARCH, {"q": query})
    return response, response.content.decode()


@pytest.mark.parametrize("query", ["Vorobyova", "воробьева маша", "Воробьёва", "8 913 1234567", "9131234567"])
def test_worker_finds_her_unit_s_people_and_cases_by_name_or_phone(as_user, golubka_worker, vorobyova, query):
    response, content = search(as_user(golubka_worker), query)
    assert response.status_code == 200
    assert 'id="results-people"' in content and 'id="results-cases"' in content
    assert "Воробьёва Мария" in content and vorobyova.number in content
    assert content.index('id="results-people"') < content.index('id="results-cases"')


def test_a_case_number_finds_the_case_only(as_user, golubka_worker, vorobyova):
    _, content = search(as_user(golubka_worker), vorobyova.number)
    assert vorobyova.number in content and 'id="results-cases"' in content
    assert 'id="results-people"' not in content


def test_a_worker_never_sees_another_unit_s_people(as_user, golubka_worker):
    CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Сентинелова", given_name="Ада"))
    client = as_user(golubka_worker)
    for query in ("Сентинелова", "Sentinelova", "M-"):
        _, content = search(client, query)
        assert "Сентинелова Ада" not in content and "no-results" in content


def test_a_sponsorship_officer_sees_children_and_sponsors_never_shelter_only_people(as_user, sponsorship_officer):
    child = SponsoredChildFactory(person=PersonFactory(family_name="Орлова", given_name="Софья"))
    SponsorFactory(name="Famiglia Orlandi")
    StayFactory(person=PersonFactory(family_name="Орлова", given_name="Нина"))
    _, content = search(as_user(sponsorship_officer), "Орлова")
    assert 'id="results-children"' in content and child.avsi_code in content
    assert "Орлова Нина" not in content
    _, content = search(as_user(sponsorship_officer), "Orlandi")
    assert 'id="results-sponsors"' in content and "Famiglia Orlandi" in content
    _, content = search(as_user(sponsorship_officer), child.avsi_code)
    assert 'id="results-children"' in content and "Орлова Софья" in content


def test_a_social_worker_never_sees_sponsors(as_user, golubka_worker):
    SponsorFactory(name="Famiglia Rossi")
    _, content = search(as_user(golubka_worker), "Rossi")
    assert "Famiglia Rossi" not in content


def test_a_restricted_person_only_for_her_named_staff(as_user, golubka_worker, coordinator, vorobyova):
    restriction = Restriction.objects.create(person=vorobyova.primary_person, reason="Danger", set_by=coordinator)
    RestrictionGrant.objects.create(restriction=restriction, user=coordinator)
    # The query is echoed in the box: look for her record's link, not her name.
    link = reverse("cases:person_detail", args=[vorobyova.primary_person.pk])
    _, content = search(as_user(golubka_worker), "Воробьёва Мария")
    assert f'href="{link}"' not in content and vorobyova.number not in content
    _, content = search(as_user(coordinator), "Воробьёва Мария")
    assert f'href="{link}"' in content


def test_a_one_letter_query_asks_for_more(as_user, golubka_worker):
    response, content = search(as_user(golubka_worker), "В")
    assert response.status_code == 400 and "Type at least two characters." in content


def test_an_empty_query_shows_the_box(as_user, golubka_worker):
    response, content = search(as_user(golubka_worker), "")
    assert response.status_code == 200 and 'id="search-page-q"' in content and "no-results" not in content


def test_an_account_without_a_role_is_refused(as_user, outsider):
    assert as_user(outsider).get(SEARCH, {"q": "Иванова"}).status_code == 403


def test_the_query_is_never_logged(as_user, golubka_worker, vorobyova, caplog):
    with caplog.at_level(logging.DEBUG):
        search(as_user(golubka_worker), "Воробьёва")
    assert "Воробьёва" not in caplog.text and "%D0%92" not in caplog.text


def test_search_query_count_does_not_grow(as_user, golubka_worker):
    client = as_user(golubka_worker)

    def count():
        with CaptureQueriesContext(connection) as captured:
            search(client, "Смирнова")
        return len(captured)

    CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Смирнова", given_name="Ольга"))
    small = count()
    for _ in range(12):
        CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Смирнова", given_name="Ольга"))
    assert count() == small


def test_suggestions_come_from_the_same_search_within_scope(as_user, golubka_worker, vorobyova):
    CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Воробьёва", given_name="Ада"))
    response = as_user(golubka_worker).get(reverse("search_suggest"), {"q": "vorobyova"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    labels = [result["label"] for result in response.json()["results"]]
    assert "Воробьёва Мария Ивановна" in labels and any(vorobyova.number in label for label in labels)
    assert not any("Ада" in label for label in labels)


def test_suggestions_for_a_short_query_are_empty(as_user, golubka_worker):
    assert as_user(golubka_worker).get(reverse("search_suggest"), {"q": "В"}).json() == {"results": []}
