"""Picking the sponsor on the match page: a search narrows a short list, any visible sponsor validates."""

import re
from datetime import date

import pytest
from django.urls import reverse

from sponsorship.models import Sponsorship
from tests.sponsorship.factories import SponsoredChildFactory, SponsorFactory, SponsorshipFactory


def match_url(child, query=None):
    url = reverse("sponsorship:sponsorship_start", args=[child.pk])
    return f"{url}?q={query}" if query is not None else url


def listed_codes(response):
    return {sponsor.avsi_code for sponsor in response.context["form"].sponsors_shown}


@pytest.fixture
def sponsors(db):
    return [
        SponsorFactory(name="Famiglia Rossi", avsi_code="IT-ROS-01", email="rossi@example.it"),
        SponsorFactory(name="Parrocchia San Marco", avsi_code="IT-PSM-02", email="parrocchia@example.it"),
        SponsorFactory(name="Giulia Bianchi", avsi_code="IT-BIA-03", email="giulia@example.it"),
    ]


def test_a_name_search_lists_only_matching_sponsors(as_user, sponsorship_officer, child, sponsors):
    response = as_user(sponsorship_officer).get(match_url(child, "rossi"))
    assert response.status_code == 200
    assert listed_codes(response) == {"IT-ROS-01"}
    html = response.content.decode()
    assert 'value="rossi"' in html
    assert "IT-ROS-01 · Famiglia Rossi (IT) · 0 children" in html
    assert "Parrocchia San Marco" not in html


def test_an_avsi_code_prefix_or_an_email_finds_the_sponsor(as_user, sponsorship_officer, child, sponsors):
    client = as_user(sponsorship_officer)
    assert listed_codes(client.get(match_url(child, "it-psm"))) == {"IT-PSM-02"}
    assert listed_codes(client.get(match_url(child, "giulia@"))) == {"IT-BIA-03"}


def test_a_search_without_match_says_so(as_user, sponsorship_officer, child, sponsors):
    response = as_user(sponsorship_officer).get(match_url(child, "Иванов"))
    assert response.status_code == 200
    assert listed_codes(response) == set()
    assert 'id="no-sponsor-found"' in response.content.decode()


def test_each_sponsor_shows_how_many_children_it_supports_now(as_user, sponsorship_officer, child, sponsor):
    SponsorshipFactory(child=SponsoredChildFactory(), sponsor=sponsor, start=date(2024, 9, 1))
    response = as_user(sponsorship_officer).get(match_url(child, "IT-ZAN"))
    assert "IT-ZAN-77 · Famiglia Zanetti (IT) · 1 child" in response.content.decode()


def test_at_most_fifty_sponsors_are_listed_by_name(as_user, sponsorship_officer, child):
    for number in range(55):
        SponsorFactory(name=f"Sponsor {number:02d}")
    response = as_user(sponsorship_officer).get(match_url(child))
    form = response.context["form"]
    assert [sponsor.name for sponsor in form.sponsors_shown] == [f"Sponsor {number:02d}" for number in range(50)]
    assert form.more_sponsors
    assert response.content.decode().count('name="sponsor"') == 50


def test_a_sponsor_outside_the_current_search_can_still_be_matched(as_user, sponsorship_officer, child, sponsors):
    bianchi = sponsors[2]
    response = as_user(sponsorship_officer).post(
        match_url(child, "rossi"), {"sponsor": bianchi.pk, "start": "01.10.2024"}
    )
    assert response.status_code == 302
    assert Sponsorship.objects.get(child=child).sponsor == bianchi


def test_an_error_keeps_the_date_the_chosen_sponsor_and_the_search(as_user, sponsorship_officer, child, sponsors):
    bianchi = sponsors[2]
    response = as_user(sponsorship_officer).post(
        match_url(child, "rossi"), {"sponsor": bianchi.pk, "start": "31.02.2025"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="31.02.2025"' in html
    assert 'value="rossi"' in html
    assert listed_codes(response) == {"IT-ROS-01", "IT-BIA-03"}
    assert re.search(rf'value="{bianchi.pk}"\s+id="id_sponsor_0" required checked>', html)
    assert not Sponsorship.objects.exists()


@pytest.mark.parametrize("bad_id", ["999999", "99999999999999999999", "abc", ""])
def test_a_sponsor_id_that_does_not_exist_is_refused(as_user, sponsorship_officer, child, sponsors, bad_id):
    response = as_user(sponsorship_officer).post(match_url(child), {"sponsor": bad_id, "start": "01.10.2024"})
    assert response.status_code == 400
    assert response.context["form"].errors["sponsor"]
    assert not Sponsorship.objects.exists()


def test_the_match_page_runs_the_same_queries_with_1_and_30_sponsors(
    as_user, sponsorship_officer, child, django_assert_max_num_queries
):
    client = as_user(sponsorship_officer)
    SponsorshipFactory(child=SponsoredChildFactory(), sponsor=SponsorFactory())
    # 6 for the page, plus the check of the officer's second-factor device on each request.
    with django_assert_max_num_queries(7):
        assert client.get(match_url(child)).status_code == 200
    for _ in range(29):
        SponsorshipFactory(child=SponsoredChildFactory(), sponsor=SponsorFactory())
    with django_assert_max_num_queries(7):
        response = client.get(match_url(child))
    assert len(response.context["form"].sponsors_shown) == 30


def test_denied_users_keep_their_403_and_404(client, manager, golubka_worker, distance_worker, child, sponsors):
    for user, status in ((manager, 403), (distance_worker, 403), (golubka_worker, 404)):
        client.force_login(user)
        assert client.get(match_url(child, "rossi")).status_code == status
        assert client.post(match_url(child), {"sponsor": sponsors[0].pk, "start": "01.10.2024"}).status_code == status
    assert not Sponsorship.objects.exists()
