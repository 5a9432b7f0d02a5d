"""The case page carries the members' consents, stays and programme status, as far as the reader may see."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Consent
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, RelationshipFactory, unit
from tests.shelters.factories import StayFactory, house
from tests.sponsorship.factories import SponsoredChildFactory, SponsorshipFactory


def page(client, case):
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def golubka_stay(golubka_worker):
    today = timezone.localdate()
    stay = StayFactory(house=house("golubka"), period=DateRange(today - timedelta(days=3), None, "[)"))
    stay.case.assigned_to = golubka_worker
    stay.case.save()
    return stay


def test_consents_of_the_members_show_on_the_case_page(as_user, golubka_worker, golubka_case):
    today = timezone.localdate()
    Consent.objects.create(person=golubka_case.primary_person, purpose="data_processing", given_on=today)
    Consent.objects.create(
        person=golubka_case.primary_person, purpose="photos", given_on=date(2024, 1, 1), withdrawn_on=date(2024, 6, 1)
    )
    content = page(as_user(golubka_worker), golubka_case)
    assert 'id="case-consents"' in content
    assert "Personal data processing" in content and "in force" in content
    assert "withdrawn on" in content


def test_a_house_worker_sees_the_stays_of_the_case(as_user, golubka_worker, golubka_stay):
    content = page(as_user(golubka_worker), golubka_stay.case)
    assert 'id="case-stays"' in content and str(golubka_stay.house) in content and "staying" in content


def test_a_local_worker_learns_only_that_a_child_is_in_the_programme(as_user, local_worker):
    child = SponsoredChildFactory()
    SponsorshipFactory(child=child, start=date(2024, 9, 1))
    case = CaseFactory(unit=unit("local"), primary_person=PersonFactory(), assigned_to=local_worker)
    CaseMemberFactory(case=case, person=child.person, role="child")
    content = page(as_user(local_worker), case)
    assert "In the Distance Support Program: yes" in content
    assert "Sponsored since" not in content and child.avsi_code not in content
    assert reverse("sponsorship:child_detail", args=[child.pk]) not in content
    assert 'id="case-stays"' not in content


def test_a_restricted_child_s_programme_status_stays_off_her_mother_s_case_page(as_user, local_worker, coordinator):
    """The programme section lists the members she sees: a restricted child is not one of them."""
    from cases import services

    child = SponsoredChildFactory(person__family_name="Тайнова")
    SponsorshipFactory(child=child, start=date(2024, 9, 1))
    case = CaseFactory(unit=unit("local"), primary_person=PersonFactory(), assigned_to=local_worker)
    CaseMemberFactory(case=case, person=child.person, role="child")
    services.person_restrict(person=child.person, by=coordinator, reason="Named in a court order", named=[])
    content = page(as_user(local_worker), case)
    assert "In the Distance Support Program" not in content
    assert "Тайнова" not in content


def test_a_sponsorship_officer_never_sees_shelter_content(as_user, sponsorship_officer):
    child = SponsoredChildFactory()
    distance_case = child.person.memberships.get().case
    StayFactory(person=child.person, house=house("golubka"))
    content = page(as_user(sponsorship_officer), distance_case)
    assert 'id="case-stays"' not in content and str(house("golubka")) not in content
    assert 'id="case-sponsorship"' in content and reverse("sponsorship:child_detail", args=[child.pk]) in content


def test_another_unit_s_worker_gets_404(as_user, margarita_worker, golubka_stay):
    response = as_user(margarita_worker).get(reverse("cases:case_detail", args=[golubka_stay.case.pk]))
    assert response.status_code == 404


def test_case_page_query_count_does_not_grow_with_members(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)

    def count():
        with CaptureQueriesContext(connection) as captured:
            page(client, golubka_case)
        return len(captured)

    CaseMemberFactory(case=golubka_case, person=PersonFactory(), role="child")
    small = count()
    for _ in range(6):
        person = PersonFactory()
        CaseMemberFactory(case=golubka_case, person=person, role="child")
        Consent.objects.create(person=person, purpose="photos", given_on=date(2024, 1, 1))
    assert count() == small


def test_members_read_from_the_primary_person(ru_client, golubka_worker, golubka_case):
    son = PersonFactory(family_name="Иванов", given_name="Пётр", sex="M", birth_date=date(2019, 1, 1))
    CaseMemberFactory(case=golubka_case, person=son, role="child")
    RelationshipFactory(from_person=golubka_case.primary_person, to_person=son, kind="mother")
    ru_client.force_login(golubka_worker)
    content = page(ru_client, golubka_case)
    age = son.age_on(timezone.localdate())
    assert f"её сын Пётр, {age}" in content
