from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Case, Person
from sponsorship.models import SponsoredChild
from sponsorship.services import child_enrol
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, unit

NEW_CHILD = {
    "family_name": "Смирнова",
    "given_name": "Алина",
    "patronymic": "Олеговна",
    "sex": "F",
    "birth_date": "2016-04-02",
    "avsi_code": "RU-NSK-0042",
    "school": "School No. 94",
    "grade": "3",
    "living_situation": "orphanage",
    "enrolled_on": "01.09.2025",
}


def test_enrolling_a_new_child_registers_her_once_and_opens_a_distance_case(sponsorship_officer):
    child = child_enrol(
        person={"family_name": "Незабудкина", "given_name": "Вера", "sex": "F"},
        avsi_code="RU-1",
        living_situation="family",
        enrolled_on=date(2025, 9, 1),
        by=sponsorship_officer,
    )
    assert Person.objects.filter(family_name="Незабудкина").count() == 1
    case = Case.objects.get(unit__code="distance", primary_person=child.person)
    assert case.status == "active" and case.opened_on == date(2025, 9, 1)


def test_enrolling_an_existing_person_reuses_her_record_and_open_distance_case(sponsorship_officer):
    person = PersonFactory(family_name="Волкова", given_name="Софья")
    case = CaseFactory(unit=unit("distance"), primary_person=person)
    child = child_enrol(
        person=person, avsi_code="RU-2", living_situation="foster", enrolled_on=date(2025, 9, 1), by=sponsorship_officer
    )
    assert child.person == person
    assert Person.objects.filter(family_name="Волкова").count() == 1
    assert list(Case.objects.filter(unit__code="distance", memberships__person=person)) == [case]


def test_a_taken_avsi_code_is_refused_whatever_its_case(sponsorship_officer, child):
    with pytest.raises(ValidationError) as error:
        child_enrol(
            person={"family_name": "Незабудкина", "given_name": "Вера", "sex": "F"},
            avsi_code=child.avsi_code.lower(),
            living_situation="family",
            enrolled_on=date(2025, 9, 1),
            by=sponsorship_officer,
        )
    assert "avsi_code" in error.value.message_dict
    assert not Person.objects.filter(family_name="Незабудкина").exists()


def test_a_child_cannot_be_enrolled_twice(sponsorship_officer, child):
    with pytest.raises(ValidationError, match="already enrolled"):
        child_enrol(
            person=child.person, avsi_code="RU-9", living_situation="family", enrolled_on=date(2025, 9, 1),
            by=sponsorship_officer,
        )  # fmt: skip


def test_managers_and_social_workers_cannot_enrol(manager, distance_worker):
    for user in (manager, distance_worker):
        with pytest.raises(PermissionDenied):
            child_enrol(
                person={"family_name": "Незабудкина", "given_name": "Вера", "sex": "F"},
                avsi_code="RU-3",
                living_situation="family",
                enrolled_on=date(2025, 9, 1),
                by=user,
            )


def test_enrol_page_registers_a_new_child_with_a_dotted_date(as_user, sponsorship_officer):
    response = as_user(sponsorship_officer).post(reverse("sponsorship:child_enrol"), NEW_CHILD)
    child = SponsoredChild.objects.get(avsi_code="RU-NSK-0042")
    assert response.status_code == 302 and response["Location"] == reverse("sponsorship:child_detail", args=[child.pk])
    assert child.enrolled_on == date(2025, 9, 1)
    assert child.person.given_name == "Алина"


def test_enrol_page_offers_a_child_of_a_program_case_and_enrols_her(as_user, sponsorship_officer):
    member = CaseMemberFactory(case=CaseFactory(unit=unit("distance")), person=PersonFactory(given_name="Дарина"))
    client = as_user(sponsorship_officer)
    assert "Дарина" in client.get(reverse("sponsorship:child_enrol")).content.decode()
    data = {**NEW_CHILD, "person": member.person.pk, "family_name": "", "given_name": "", "sex": ""}
    response = client.post(reverse("sponsorship:child_enrol"), data)
    assert response.status_code == 302
    assert SponsoredChild.objects.get().person == member.person


def test_enrol_page_keeps_what_was_typed_on_errors(as_user, sponsorship_officer):
    data = {**NEW_CHILD, "given_name": "", "enrolled_on": "31.02.2025"}
    response = as_user(sponsorship_officer).post(reverse("sponsorship:child_enrol"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "RU-NSK-0042" in content and "Смирнова" in content
    assert "Needed for a new child" in content
    assert not SponsoredChild.objects.exists()


def test_enrol_page_is_refused_to_managers_and_social_workers(as_user, manager, distance_worker, client):
    for user in (manager, distance_worker):
        client.force_login(user)
        assert client.post(reverse("sponsorship:child_enrol"), NEW_CHILD).status_code == 403
    assert not SponsoredChild.objects.exists()
