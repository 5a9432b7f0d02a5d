"""Every list and page of the program runs the same number of queries for 1 row and for ~20."""

from datetime import date

import pytest
from django.urls import reverse

from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorFactory,
    SponsorshipFactory,
)

LIST_QUERIES = 8
# A page also checks the session's second-factor device and writes its access-log row.
PAGE_QUERIES = 12


def sponsored_children(sponsor, count):
    """`count` sponsored children of `sponsor`, each with a contribution and a yearly update."""
    for _ in range(count):
        sponsorship = SponsorshipFactory(sponsor=sponsor)
        ContributionFactory(sponsorship=sponsorship)
        CorrespondenceFactory(sponsorship=sponsorship)


@pytest.fixture
def program(db):
    """Build the program at a given size: sponsored children, awaiting children, sponsors."""

    def build(size):
        sponsor = SponsorFactory(name="Famiglia Grande")
        sponsored_children(sponsor, size)
        for _ in range(size):
            SponsoredChildFactory()
            SponsorFactory()
        return sponsor

    return build


@pytest.mark.parametrize("size", [1, 20])
@pytest.mark.parametrize(
    ("url_name", "params", "actor"),
    [
        ("sponsorship:child_list", {}, "sponsorship_officer"),
        ("sponsorship:child_list", {}, "distance_worker"),
        ("sponsorship:child_awaiting", {}, "sponsorship_officer"),
        ("sponsorship:sponsor_list", {}, "manager"),
        ("sponsorship:tracker", {"state": "overdue"}, "sponsorship_officer"),
    ],
)
def test_lists_run_a_constant_number_of_queries(
    client, request, django_assert_max_num_queries, program, size, url_name, params, actor
):
    program(size)
    client.force_login(request.getfixturevalue(actor))
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) >= size


@pytest.mark.parametrize("size", [1, 20])
def test_sponsor_detail_runs_a_constant_number_of_queries(
    client, sponsorship_officer, django_assert_max_num_queries, program, size
):
    sponsor = program(size)
    client.force_login(sponsorship_officer)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("sponsorship:sponsor_detail", args=[sponsor.pk]))
    assert response.content.decode().count("RU-C") >= size


@pytest.mark.parametrize("size", [1, 20])
def test_child_detail_runs_a_constant_number_of_queries(
    client, sponsorship_officer, django_assert_max_num_queries, size
):
    child = SponsoredChildFactory(enrolled_on=date(2000, 1, 1))
    # `size` past sponsorships of one year each, with their contributions and updates.
    for year in range(2001, 2001 + size):
        sponsorship = SponsorshipFactory(child=child, start=date(year, 1, 1), end=date(year + 1, 1, 1))
        ContributionFactory(sponsorship=sponsorship)
        CorrespondenceFactory(sponsorship=sponsorship, due_on=date(year, 10, 31))
    client.force_login(sponsorship_officer)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("sponsorship:child_detail", args=[child.pk]))
    assert response.content.decode().count("AVSI-2025-") == size
