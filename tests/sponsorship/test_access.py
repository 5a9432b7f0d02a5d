"""Who sees which child, and that sponsor identity never reaches social workers' pages."""

import pytest
from django.urls import reverse

from cases.models import Restriction, RestrictionGrant
from sponsorship.models import Contribution, Correspondence
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorshipFactory,
)

SPONSOR_TRACES = ("Famiglia Zanetti", "IT-ZAN-77", "zanetti@example.it", "Via Roma")


def assert_no_sponsor_identity(response):
    content = response.content.decode()
    for trace in SPONSOR_TRACES:
        assert trace not in content


def test_sponsorship_staff_see_the_sponsor_on_list_and_detail(as_user, sponsorship_officer, sponsorship):
    client = as_user(sponsorship_officer)
    assert "Famiglia Zanetti" in client.get(reverse("sponsorship:child_list")).content.decode()
    detail = client.get(reverse("sponsorship:child_detail", args=[sponsorship.child.pk])).content.decode()
    assert "Famiglia Zanetti" in detail and "Record a contribution" in detail


def test_managers_read_the_sponsor_but_get_no_change_links(as_user, manager, sponsorship):
    detail = as_user(manager).get(reverse("sponsorship:child_detail", args=[sponsorship.child.pk]))
    content = detail.content.decode()
    assert "Famiglia Zanetti" in content
    assert reverse("sponsorship:child_edit", args=[sponsorship.child.pk]) not in content
    assert "Record a contribution" not in content


def test_distance_worker_sees_the_child_sponsored_but_never_who_sponsors(as_user, distance_worker, sponsorship):
    client = as_user(distance_worker)
    listing = client.get(reverse("sponsorship:child_list"))
    assert sponsorship.child.person.given_name in listing.content.decode()
    assert "sponsored since 01.09.2024" in listing.content.decode()
    assert_no_sponsor_identity(listing)
    detail = client.get(reverse("sponsorship:child_detail", args=[sponsorship.child.pk]))
    assert "Sponsored since 01.09.2024." in detail.content.decode()
    assert_no_sponsor_identity(detail)
    assert_no_sponsor_identity(client.get(reverse("cases:person_detail", args=[sponsorship.child.person.pk])))


def test_another_units_worker_sees_only_sponsored_on_the_person_page(
    as_user, golubka_worker, sponsorship, golubka_case_of_child
):
    client = as_user(golubka_worker)
    response = client.get(reverse("cases:person_detail", args=[sponsorship.child.person.pk]))
    content = response.content.decode()
    assert "Sponsored since 01.09.2024 (Distance Support Program)" in content
    assert reverse("sponsorship:child_detail", args=[sponsorship.child.pk]) not in content
    assert_no_sponsor_identity(response)
    assert client.get(reverse("sponsorship:child_detail", args=[sponsorship.child.pk])).status_code == 404


def test_person_page_of_a_child_not_in_the_program_says_nothing_about_it(as_user, golubka_worker):
    case = CaseFactory(unit=unit("golubka"))
    response = as_user(golubka_worker).get(reverse("cases:person_detail", args=[case.primary_person.pk]))
    assert 'id="sponsorship-status"' not in response.content.decode()


def test_distance_worker_does_not_see_a_child_without_a_program_case(as_user, distance_worker):
    hidden = SponsoredChildFactory(distance_case=False, person=PersonFactory(given_name="Невидимка"))
    CaseFactory(unit=unit("golubka"), primary_person=hidden.person)
    client = as_user(distance_worker)
    assert "Невидимка" not in client.get(reverse("sponsorship:child_list")).content.decode()
    assert client.get(reverse("sponsorship:child_detail", args=[hidden.pk])).status_code == 404


@pytest.mark.parametrize("actor", ["golubka_worker", "margarita_worker", "coordinator", "site_admin"])
def test_staff_outside_the_program_cannot_open_its_children(client, request, actor, sponsorship):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("sponsorship:child_detail", args=[sponsorship.child.pk])).status_code == 404
    assert client.get(reverse("sponsorship:child_list")).status_code == 403
    assert client.get(reverse("sponsorship:child_awaiting")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, child):
    response = client.get(reverse("sponsorship:child_detail", args=[child.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_child_is_404(as_user, sponsorship_officer):
    assert as_user(sponsorship_officer).get("/sponsorship/children/987654/").status_code == 404


def test_a_restricted_child_s_letters_and_contributions_are_read_only_by_her_named_staff(
    sponsorship_officer, sponsorship
):
    other = SponsorshipFactory()
    letters = [CorrespondenceFactory(sponsorship=s) for s in (sponsorship, other)]
    contributions = [ContributionFactory(sponsorship=s) for s in (sponsorship, other)]
    restriction = Restriction.objects.create(person=sponsorship.child.person, reason="safety")

    def read(model):
        return set(model.objects.visible_to(sponsorship_officer)), set(model.objects.counted_for(sponsorship_officer))

    assert read(Correspondence) == ({letters[1]}, set(letters))
    assert read(Contribution) == ({contributions[1]}, set(contributions))
    RestrictionGrant.objects.create(restriction=restriction, user=sponsorship_officer)
    assert read(Correspondence) == (set(letters), set(letters))
    assert read(Contribution) == (set(contributions), set(contributions))
