"""The family page: a household across programmes, each member only as far as the viewer may see."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from maksora.models import AccessAction, AccessRecord
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, RelationshipFactory, unit
from tests.shelters.factories import StayFactory
from tests.sponsorship.factories import SponsoredChildFactory


def family_url(person):
    return reverse("cases:person_family", args=[person.pk])


@pytest.fixture
def household(db):
    """Мария in Golubka House with her son Пётр; her daughter Аня followed by Local services (Мария a
    member of that case) and enrolled in Distance support; Мария's sister only in Margarita House.
    """
    maria = PersonFactory(family_name="Воробьёва", given_name="Мария", sex="F", birth_date=date(1990, 4, 2))
    petr = PersonFactory(family_name="Воробьёв", given_name="Пётр", sex="M", birth_date=date(2019, 6, 1))
    anya = PersonFactory(family_name="Воробьёва", given_name="Аня", sex="F", birth_date=date(2014, 2, 3))
    sister = PersonFactory(family_name="Сестрова", given_name="Галина", sex="F", birth_date=date(1988, 1, 1))
    golubka = CaseFactory(unit=unit("golubka"), primary_person=maria)
    CaseMemberFactory(case=golubka, person=petr, role="child")
    StayFactory(person=maria, case=golubka)
    local = CaseFactory(unit=unit("local"), primary_person=anya)
    CaseMemberFactory(case=local, person=maria, role="mother")
    child = SponsoredChildFactory(person=anya)
    distance = child.person.memberships.get(case__unit__code="distance").case
    CaseMemberFactory(case=distance, person=maria, role="mother")
    margarita = CaseFactory(unit=unit("margarita"), primary_person=sister)
    RelationshipFactory(from_person=maria, to_person=petr, kind="mother")
    RelationshipFactory(from_person=maria, to_person=anya, kind="mother")
    RelationshipFactory(from_person=sister, to_person=maria, kind="sibling")
    return {
        "maria": maria,
        "petr": petr,
        "anya": anya,
        "golubka": golubka,
        "local": local,
        "distance": distance,
        "margarita": margarita,
        "child": child,
    }


def test_golubka_worker_sees_her_son_and_his_case_and_nothing_of_the_other_units(as_user, golubka_worker, household):
    response = as_user(golubka_worker).get(family_url(household["maria"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "her son Пётр, " in content
    assert household["golubka"].number in content
    assert reverse("cases:person_detail", args=[household["petr"].pk]) in content
    # Аня is seen only by Local services and the programme; the sister only by Margarita House.
    for absent in ("Аня", "Сестрова", "Галина", household["local"].number, household["margarita"].number):
        assert absent not in content, absent
    assert "Distance Support" not in content


def test_local_worker_sees_the_daughter_in_distance_support_at_most(as_user, local_worker, household):
    content = as_user(local_worker).get(family_url(household["maria"])).content.decode()
    assert "her daughter Аня, " in content
    assert household["local"].number in content
    assert "In the Distance Support Program, awaiting a sponsor" in content
    assert reverse("sponsorship:child_detail", args=[household["child"].pk]) not in content
    assert household["child"].avsi_code not in content
    for absent in ("Пётр", "Сестрова", household["golubka"].number, household["distance"].number, "Golubka"):
        assert absent not in content, absent


def test_sponsorship_officer_never_sees_shelter_content(as_user, sponsorship_officer, household):
    content = as_user(sponsorship_officer).get(family_url(household["anya"])).content.decode()
    assert "her mother Мария, " in content
    assert household["distance"].number in content
    assert reverse("sponsorship:child_detail", args=[household["child"].pk]) in content
    for absent in ("Пётр", "Сестрова", household["golubka"].number, household["local"].number, "Golubka", "Голубка"):
        assert absent not in content, absent


def test_the_relationship_is_read_from_the_page_persons_side(as_user, coordinator, household):
    client = as_user(coordinator)
    assert "his mother Мария, " in client.get(family_url(household["petr"])).content.decode()
    content = client.get(family_url(household["anya"])).content.decode()
    assert "her mother Мария, " in content and "Пётр" not in content  # siblings are not linked


def test_person_of_another_unit_is_404_and_names_no_one(as_user, margarita_worker, golubka_worker, household):
    response = as_user(margarita_worker).get(family_url(household["maria"]))
    assert response.status_code == 404
    assert "Воробьёва" not in response.content.decode()
    assert as_user(golubka_worker).get(family_url(household["anya"])).status_code == 404


def test_outsider_reaches_no_family_page(as_user, outsider, household):
    assert as_user(outsider).get(family_url(household["maria"])).status_code in (403, 404)


def test_person_page_links_to_the_family_page(as_user, golubka_worker, household):
    content = as_user(golubka_worker).get(reverse("cases:person_detail", args=[household["maria"].pk])).content
    assert family_url(household["maria"]) in content.decode()


def test_one_access_log_row_per_read(as_user, golubka_worker, household):
    before = AccessRecord.objects.count()
    as_user(golubka_worker).get(family_url(household["maria"]))
    records = list(AccessRecord.objects.order_by("-id")[: AccessRecord.objects.count() - before])
    assert [(r.action, r.person_id) for r in records] == [(AccessAction.VIEW_PERSON, household["maria"].pk)]


def _family_of(children: int):
    mother = PersonFactory(family_name="Мамина", given_name="Ольга", sex="F", birth_date=date(1991, 1, 1))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother)
    for n in range(children):
        child = PersonFactory(family_name="Мамин", given_name=f"Ребёнок{n}", sex="M", birth_date=date(2015, 1, n + 1))
        CaseMemberFactory(case=case, person=child)
        SponsoredChildFactory(person=child)
        RelationshipFactory(from_person=mother, to_person=child, kind="mother")
    return mother


def test_query_count_does_not_grow_with_the_family(as_user, coordinator):
    client = as_user(coordinator)
    small, large = _family_of(1), _family_of(6)
    client.get(family_url(small))  # warm the per-user caches (units, roles, session)
    counts = []
    for mother, members in ((small, 2), (large, 7)):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(family_url(mother)).content.decode()
        assert content.count('class="list-group-item household-member') == members
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_restricted_relative_is_left_out_for_staff_not_named(as_user, golubka_worker, coordinator, household):
    services.person_restrict(person=household["petr"], by=coordinator, reason="Court order", named=[coordinator])
    content = as_user(golubka_worker).get(family_url(household["maria"])).content.decode()
    assert "Пётр" not in content and "Воробьёва Мария" in content
    assert "Пётр" in as_user(coordinator).get(family_url(household["maria"])).content.decode()
