"""The «Семья» block reads from the page's person: «её сын Пётр, 6», never «мать» and her own name."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.household import link_phrase
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, RelationshipFactory, unit


def years_ago(n):
    today = timezone.localdate()
    return date(today.year - n, 1, 1)


@pytest.fixture
def mother_and_son(golubka_worker):
    mother = PersonFactory(family_name="Vorobyova", given_name="Masha", sex="F", birth_date=years_ago(30))
    son = PersonFactory(family_name="Vorobyov", given_name="Пётр", sex="M", birth_date=years_ago(6))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, assigned_to=golubka_worker)
    CaseMemberFactory(case=case, person=son, role="child")
    link = RelationshipFactory(from_person=mother, to_person=son, kind="mother")
    return mother, son, link


@pytest.mark.parametrize(
    ("language", "on_mother", "on_son"),
    [
        ("ru", "её сын Пётр, 6", "его мать Masha, 30"),
        ("it", "suo figlio Пётр, 6", "sua madre Masha, 30"),
        ("en", "her son Пётр, 6", "his mother Masha, 30"),
    ],
)
def test_each_side_reads_from_its_page_person(mother_and_son, language, on_mother, on_son):
    mother, son, link = mother_and_son
    today = timezone.localdate()
    with translation.override(language):
        assert link_phrase(link, mother, day=today) == on_mother
        assert link_phrase(link, son, day=today) == on_son


def test_the_mother_s_page_never_reads_mother_and_her_own_name(ru_client, golubka_worker, mother_and_son):
    mother, _son, _link = mother_and_son
    ru_client.force_login(golubka_worker)
    content = ru_client.get(reverse("cases:person_detail", args=[mother.pk])).content.decode()
    assert "её сын Пётр, 6" in content
    assert "мать Vorobyova" not in content


def test_a_daughter_of_a_father_reads_his_daughter(as_user, golubka_worker):
    father = PersonFactory(family_name="Сидоров", given_name="Олег", sex="M")
    daughter = PersonFactory(family_name="Сидорова", given_name="Аня", sex="F", birth_date=None)
    case = CaseFactory(unit=unit("golubka"), primary_person=father, assigned_to=golubka_worker)
    CaseMemberFactory(case=case, person=daughter, role="child")
    RelationshipFactory(from_person=father, to_person=daughter, kind="father")
    content = as_user(golubka_worker).get(reverse("cases:person_detail", args=[father.pk])).content.decode()
    assert "his daughter Аня" in content
    content = as_user(golubka_worker).get(reverse("cases:person_detail", args=[daughter.pk])).content.decode()
    assert "her father Олег" in content
