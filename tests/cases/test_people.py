from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import CaseMember, Person, Relationship
from tests.cases.factories import CaseMemberFactory, PersonFactory, RelationshipFactory


def test_person_page_shows_family_and_approximate_birth_date(as_user, golubka_worker, golubka_case):
    mother = golubka_case.primary_person
    child = PersonFactory(
        family_name="Иванов", given_name="Пётр", sex="M", birth_date=date(2019, 1, 1), birth_date_precision="year"
    )
    CaseMemberFactory(case=golubka_case, person=child)
    RelationshipFactory(from_person=mother, to_person=child, kind="mother")
    client = as_user(golubka_worker)
    content = client.get(reverse("cases:person_detail", args=[mother.pk])).content.decode()
    # The link reads from the mother's side: her son, never "mother of" and her own name.
    assert "Иванов Пётр" in content and "her son Пётр" in content
    child_page = client.get(reverse("cases:person_detail", args=[child.pk])).content.decode()
    assert "≈</span>2019" in child_page
    assert f"({child.age} years)" in child_page


def test_worker_edits_a_person(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    url = reverse("cases:person_edit", args=[person.pk])
    client = as_user(golubka_worker)
    data = {
        "family_name": "Иванова",
        "given_name": "Мария",
        "sex": "F",
        "birth_date": "1995-05-17",
        "birth_date_precision": "day",
        "citizenship": "RU",
        "phone": "8 (383) 123-45-67",
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.phone == "8 (383) 123-45-67"
    data["birth_date"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    data["phone"] = "12ab"
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "A date of birth cannot be in the future." in content and "Enter a phone number such as" in content
    assert 'value="12ab"' in content


def test_worker_adds_a_newborn_to_the_case(as_user, golubka_worker, golubka_case):
    url = reverse("cases:member_add", args=[golubka_case.pk])
    response = as_user(golubka_worker).post(
        url,
        {"family_name": "Иванова", "given_name": "Ева", "sex": "F", "birth_date_precision": "day", "citizenship": "RU"},
    )
    assert response.status_code == 302
    baby = Person.objects.get(given_name="Ева")
    assert CaseMember.objects.filter(case=golubka_case, person=baby, role="child").exists()
    assert Relationship.objects.filter(from_person=golubka_case.primary_person, to_person=baby).exists()


def test_people_of_other_units_are_404_and_manager_cannot_edit(as_user, margarita_worker, manager, golubka_case):
    person = golubka_case.primary_person
    assert as_user(margarita_worker).get(reverse("cases:person_detail", args=[person.pk])).status_code == 404
    assert as_user(manager).get(reverse("cases:person_edit", args=[person.pk])).status_code == 403
    assert as_user(manager).post(reverse("cases:member_add", args=[golubka_case.pk]), {}).status_code == 403


def test_family_links_towards_other_units_are_hidden(as_user, golubka_worker, golubka_case, margarita_case):
    RelationshipFactory(
        from_person=golubka_case.primary_person, to_person=margarita_case.primary_person, kind="sibling"
    )
    assert Relationship.objects.visible_to(golubka_worker).count() == 0
    page = as_user(golubka_worker).get(reverse("cases:person_detail", args=[golubka_case.primary_person.pk]))
    assert "Петрова" not in page.content.decode()


def test_person_page_query_count_is_constant(as_user, golubka_worker, golubka_case, django_assert_max_num_queries):
    from cases.models import Consent

    mother = golubka_case.primary_person
    url = reverse("cases:person_detail", args=[mother.pk])

    def add_child(n):
        child = PersonFactory(given_name=f"Child{n}")
        CaseMemberFactory(case=golubka_case, person=child)
        RelationshipFactory(from_person=mother, to_person=child, kind="mother")

    add_child(0)
    Consent.objects.create(person=mother, purpose="photos", given_on=date(2026, 1, 1))
    client = as_user(golubka_worker)
    client.get(url)
    with django_assert_max_num_queries(17) as one_row:
        client.get(url)
    for n in range(1, 20):
        add_child(n)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        assert client.get(url).status_code == 200
