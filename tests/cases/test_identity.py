"""One person across units: registry-wide matching, nothing leaked to workers, the stewards' queue.

The sentinel «Секретова» lives in a unit the worker cannot see; she types the same name in
Latin letters (a match by transliteration), so any «Секретова» in a response is a leak.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import reports
from cases.identity import duplicates_queue_for
from cases.models import Case, DuplicateCandidate, Person, Restriction
from cases.services import case_open, duplicate_decide
from sponsorship.models import SponsoredChild
from tests.cases.factories import (
    CaseFactory,
    CaseMemberFactory,
    PersonFactory,
    RelationshipFactory,
    UserFactory,
    unit,
)
from tests.cases.test_intake import intake_data, person_data

SENTINEL = "Секретова"
BIRTH = date(2015, 3, 10)
INTAKE = reverse("cases:intake")
ENROL = reverse("sponsorship:child_enrol")
STEWARDS = reverse("cases:stewards")


@pytest.fixture
def distance_child(db):
    """«Секретова Алина», a child of a Distance case only."""
    person = PersonFactory(family_name=SENTINEL, given_name="Алина", patronymic="", birth_date=BIRTH)
    CaseFactory(unit=unit("distance"), primary_person=person)
    return person


@pytest.fixture
def golubka_child(db):
    """«Секретова Алина» again, this time a child of a Golubka case only."""
    mother = PersonFactory(family_name="Секретова", given_name="Ольга", birth_date=date(1990, 1, 1))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother)
    child = PersonFactory(family_name=SENTINEL, given_name="Алина", patronymic="", birth_date=BIRTH)
    CaseMemberFactory(case=case, person=child, role="child")
    return child


def _intake_of_sekretova(client, match="new"):
    data = intake_data([("Sekretova", "Alina", BIRTH.isoformat(), match)])
    data.update(person_data("mother", "Новикова", "Ирина", "1991-06-06", match="new"))
    data["children-0-sex"] = "F"
    return client.post(INTAKE, data)


def test_intake_never_shows_a_match_from_another_unit_and_files_it_for_stewards(
    as_user, golubka_worker, distance_child
):
    response = _intake_of_sekretova(as_user(golubka_worker), match="")
    assert response.status_code == 302  # nothing to ask her: the only match is out of her scope
    assert SENTINEL not in response.content.decode()
    page = as_user(golubka_worker).get(response["Location"]).content.decode()
    assert SENTINEL not in page
    new_child = Person.objects.get(family_name="Sekretova")
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {new_child.pk, distance_child.pk}
    assert pair.status == "undecided" and pair.found_by == golubka_worker and pair.score >= 0.6
    assert "family name the same after transliteration" in pair.reasons


def test_intake_shows_a_match_of_her_own_unit_with_its_score_and_reasons(as_user, golubka_worker, golubka_child):
    response = _intake_of_sekretova(as_user(golubka_worker), match="")
    content = response.content.decode()
    assert response.status_code == 200 and 'id="duplicate-summary"' in content
    assert SENTINEL in content  # her own unit's record: offered
    assert "1.00" in content or "0.9" in content
    assert not DuplicateCandidate.objects.exists()


def test_enrolment_never_shows_a_match_from_another_unit_and_files_it(as_user, sponsorship_officer, golubka_child):
    client = as_user(sponsorship_officer)
    data = {
        "family_name": "Sekretova",
        "given_name": "Alina",
        "sex": "F",
        "birth_date": BIRTH.isoformat(),
        "avsi_code": "RU-NSK-0777",
        "living_situation": "family",
        "enrolled_on": "01.09.2025",
    }
    response = client.post(ENROL, data)
    assert response.status_code == 302
    assert SENTINEL not in response.content.decode()
    assert SENTINEL not in client.get(response["Location"]).content.decode()
    child = SponsoredChild.objects.get()
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {child.person_id, golubka_child.pk}


def test_enrolment_warns_of_a_match_in_distance_until_the_officer_confirms_a_new_child(
    as_user, sponsorship_officer, distance_child
):
    client = as_user(sponsorship_officer)
    data = {
        "family_name": "Sekretova",
        "given_name": "Alina",
        "sex": "F",
        "birth_date": BIRTH.isoformat(),
        "avsi_code": "RU-NSK-0778",
        "living_situation": "family",
        "enrolled_on": "01.09.2025",
    }
    response = client.post(ENROL, data)
    assert response.status_code == 200 and 'id="enrol-matches"' in response.content.decode()
    assert not SponsoredChild.objects.exists()
    assert client.post(ENROL, {**data, "confirm_new": "on"}).status_code == 302
    assert SponsoredChild.objects.count() == 1


def test_case_search_and_autocomplete_never_show_another_units_sentinel(as_user, golubka_worker, distance_child):
    client = as_user(golubka_worker)
    assert SENTINEL not in client.get(reverse("cases:case_list"), {"q": "Sekretova"}).content.decode()
    for query in ("Sekretova", SENTINEL):
        found = client.get(reverse("cases:person_autocomplete"), {"q": query}).json()["results"]
        assert found == [] and SENTINEL not in str(found)


@pytest.fixture
def pair(golubka_child, sponsorship_officer):
    """A Distance record of the Golubka child, filed as a pair by the officer's enrolment."""
    distance = PersonFactory(family_name="Sekretova", given_name="Alina", patronymic="", birth_date=BIRTH)
    CaseFactory(unit=unit("distance"), primary_person=distance)
    (filed,) = duplicates_queue_for(person=distance, by=sponsorship_officer)
    return filed


def test_a_steward_sees_both_records_of_the_pair_side_by_side(as_user, coordinator, pair):
    content = as_user(coordinator).get(STEWARDS).content.decode()
    assert SENTINEL in content and "Sekretova" in content
    numbers = Case.objects.filter(memberships__person__in=[pair.person_a, pair.person_b]).values_list(
        "number", flat=True
    )
    assert all(number in content for number in numbers)


def test_a_social_worker_and_a_one_unit_coordinator_get_403_on_the_queue(as_user, golubka_worker, pair):
    assert as_user(golubka_worker).get(STEWARDS).status_code == 403
    assert as_user(golubka_worker).post(STEWARDS, {"pair": pair.pk, "decision": "same"}).status_code == 403
    lone = UserFactory(username="lone_coordinator", role="coordinator", units=["margarita"])
    assert as_user(lone).get(STEWARDS).status_code == 403
    with pytest.raises(PermissionDenied):
        duplicate_decide(pair=pair, decision="different", by=golubka_worker)
    pair.refresh_from_db()
    assert pair.status == "undecided"


def test_different_people_is_remembered_and_never_queued_again(as_user, coordinator, sponsorship_officer, pair):
    response = as_user(coordinator).post(STEWARDS, {"pair": pair.pk, "decision": "different"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "different" and pair.decided_by == coordinator and pair.decided_at is not None
    again = Person.objects.get(pk=pair.person_b_id)
    assert duplicates_queue_for(person=again, by=sponsorship_officer) == []
    assert DuplicateCandidate.objects.count() == 1
    assert SENTINEL not in as_user(coordinator).get(STEWARDS).content.decode()


def test_same_person_merges_the_newer_record_into_the_older(as_user, coordinator, golubka_child, pair):
    assert as_user(coordinator).post(STEWARDS, {"pair": pair.pk, "decision": "same"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == "same" and pair.decided_by == coordinator
    newer = Person.objects.get(pk=pair.person_b_id)
    assert newer.merged_into == golubka_child
    units = set(Case.objects.filter(memberships__person=golubka_child).values_list("unit__code", flat=True))
    assert units == {"golubka", "distance"}


def test_the_database_refuses_a_second_open_case_for_one_person_in_one_unit(db, golubka_worker):
    person = PersonFactory()
    CaseFactory(unit=unit("golubka"), primary_person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(number="G-2026-9999", unit=unit("golubka"), primary_person=person, status="active")
    CaseFactory(unit=unit("local"), primary_person=person)  # another unit: allowed
    with pytest.raises(ValidationError, match="already has an open case"):
        case_open(unit=unit("golubka"), primary_person=person, opened_by=golubka_worker)


def test_intake_of_a_woman_with_an_open_case_offers_that_case(as_user, golubka_worker, golubka_case):
    data = intake_data()
    data.update(person_data("mother", "Иванова", "Мария", "1995-05-17", match=str(golubka_case.primary_person.pk)))
    response = as_user(golubka_worker).post(INTAKE, data)
    content = response.content.decode()
    assert response.status_code == 200 and 'id="open-case-offer"' in content
    assert golubka_case.number in content and reverse("cases:case_detail", args=[golubka_case.pk]) in content
    assert Case.objects.count() == 1


def test_intake_of_an_existing_mother_offers_her_known_children(as_user, golubka_worker):
    mother = PersonFactory(family_name="Лебедева", given_name="Анна", birth_date=date(1988, 2, 2))
    old_case = CaseFactory(unit=unit("golubka"), primary_person=mother, status="closed", closed_on=date(2026, 2, 1))
    son = PersonFactory(family_name="Лебедев", given_name="Кирилл", sex="M", birth_date=date(2014, 4, 4))
    CaseMemberFactory(case=old_case, person=son, role="child")
    RelationshipFactory(from_person=mother, to_person=son, kind="mother")
    client = as_user(golubka_worker)
    data = intake_data()
    data.update(person_data("mother", "Лебедева", "Анна", "1988-02-02"))
    asked = client.post(INTAKE, data).content.decode()
    assert "Лебедев Кирилл" in asked and 'name="mother-known_children"' in asked
    data.update({"mother-match": str(mother.pk), "mother-known_children": [str(son.pk)]})
    assert client.post(INTAKE, data).status_code == 302
    case = Case.objects.exclude(pk=old_case.pk).get()
    assert set(case.members.all()) == {mother, son}


def test_report_counts_the_undecided_pairs(pair, coordinator):
    figure = reports.undecided_duplicate_pairs(date(2026, 1, 1), date(2027, 1, 1))
    assert figure.value == 1 and list(figure.records) == [pair]
    duplicate_decide(pair=pair, decision="different", by=coordinator)
    assert reports.undecided_duplicate_pairs(date(2026, 1, 1), date(2027, 1, 1)).value == 0


def test_a_person_in_golubka_local_and_distance_is_served_once(db):
    person = PersonFactory()
    for code in ("golubka", "local", "distance"):
        CaseFactory(unit=unit(code), primary_person=person)
    start, end = date(2026, 1, 1), date(2027, 1, 1)
    assert reports.people_served(start, end).value == 1
    by_unit = reports.people_served_by_unit(start, end)
    assert by_unit.value == 1
    assert {code: figure.value for code, figure in by_unit.breakdown.items()} == {
        "golubka": 1,
        "margarita": 0,
        "local": 1,
        "distance": 1,
    }


def test_the_queue_costs_the_same_queries_for_one_pair_and_for_five(as_user, coordinator, pair):
    client = as_user(coordinator)
    client.get(STEWARDS)  # warm the session and access caches
    with CaptureQueriesContext(connection) as one:
        client.get(STEWARDS)
    for index in range(4):
        person = PersonFactory(family_name=f"Twin{index}", given_name="Alina", patronymic="", birth_date=BIRTH)
        CaseFactory(unit=unit("local"), primary_person=person)
        other = PersonFactory(family_name=f"Twin{index}", given_name="Alina", patronymic="", birth_date=BIRTH)
        CaseFactory(unit=unit("distance"), primary_person=other)
        DuplicateCandidate.objects.create(person_a=person, person_b=other, score=0.9)
    with CaptureQueriesContext(connection) as five:
        content = client.get(STEWARDS).content.decode()
    assert content.count('class="card mb-3 duplicate-pair"') == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_a_restricted_person_is_never_offered_nor_shown_to_a_steward_not_named(
    as_user, golubka_worker, coordinator, golubka_child
):
    Restriction.objects.create(person=golubka_child, reason="safety")
    response = _intake_of_sekretova(as_user(golubka_worker), match="")
    assert response.status_code == 302 and SENTINEL not in response.content.decode()
    assert SENTINEL not in as_user(coordinator).get(STEWARDS).content.decode()


def test_the_report_shows_the_undecided_pairs_to_a_manager(as_user, manager, pair):
    url = reverse("reports:drilldown", args=["undecided_duplicate_pairs", "undecided_duplicate_pairs"])
    response = as_user(manager).get(url, {"year": "2026"})
    assert response.status_code == 200
    assert SENTINEL not in response.content.decode()  # the list names the pair, not the people


def test_the_admin_lists_the_pairs_read_only_to_stewards_only(as_user, coordinator, pair):
    url = reverse("admin:cases_duplicatecandidate_changelist")
    response = as_user(coordinator).get(url)
    assert response.status_code == 200 and SENTINEL in response.content.decode()
    assert as_user(coordinator).get(reverse("admin:cases_duplicatecandidate_add")).status_code == 403
    lone = UserFactory(username="lone_coordinator", role="coordinator", units=["margarita"])
    assert as_user(lone).get(url).status_code == 403
