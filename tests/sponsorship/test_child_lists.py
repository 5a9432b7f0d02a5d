from datetime import date

from django.urls import reverse

from tests.cases.factories import PersonFactory
from tests.sponsorship.factories import SponsoredChildFactory, SponsorshipFactory


def names(response):
    return {child.person.given_name for child in response.context["page_obj"]}


def test_awaiting_list_shows_enrolled_children_without_a_sponsor(as_user, sponsorship_officer, sponsorship):
    SponsoredChildFactory(person=PersonFactory(given_name="Ждущая"))
    SponsoredChildFactory(person=PersonFactory(given_name="Ушедшая"), exited_on=date(2025, 1, 1), exit_reason="other")
    response = as_user(sponsorship_officer).get(reverse("sponsorship:child_awaiting"))
    assert names(response) == {"Ждущая"}


def test_list_filters_by_status_and_finds_names_in_either_alphabet(as_user, sponsorship_officer, sponsorship):
    SponsoredChildFactory(person=PersonFactory(family_name="Кузьмичёва", given_name="Ждущая"), avsi_code="RU-Z-1")
    SponsorshipFactory(
        child=SponsoredChildFactory(person=PersonFactory(given_name="Бывшая")), start=date(2024, 9, 1),
        end=date(2025, 1, 1),
    )  # fmt: skip
    client = as_user(sponsorship_officer)
    url = reverse("sponsorship:child_list")
    sponsored_name = sponsorship.child.person.given_name
    assert names(client.get(url, {"status": "sponsored"})) == {sponsored_name}
    assert names(client.get(url, {"status": "awaiting"})) == {"Ждущая", "Бывшая"}
    assert names(client.get(url, {"q": "Kuzmicheva"})) == {"Ждущая"}
    assert names(client.get(url, {"q": "ru-z"})) == {"Ждущая"}


def test_list_survives_nonsense_parameters(as_user, sponsorship_officer):
    response = as_user(sponsorship_officer).get(reverse("sponsorship:child_list"), {"status": "<x>", "page": "abc"})
    assert response.status_code == 200
