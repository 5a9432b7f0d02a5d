from datetime import date

import pytest

from cases.models import Person
from cases.names import fold_name
from tests.cases.factories import CaseFactory, PersonFactory, unit


@pytest.fixture
def maria(db):
    person = PersonFactory(family_name="Иванова", given_name="Мария", birth_date=date(1995, 5, 17))
    PersonFactory(family_name="Кузнецова", given_name="Ольга", birth_date=date(1980, 1, 1))
    return person


def matches(family, given, birth_date=None):
    return list(Person.objects.likely_matches(family_name=family, given_name=given, birth_date=birth_date))


@pytest.mark.parametrize(
    ("family", "given"),
    [
        ("Ivanova", "Mariya"),  # Latin spelling of a Cyrillic record
        ("ivanova", "maria"),
        ("Иванова", "Мария"),  # same alphabet
        ("Мария", "Иванова"),  # swapped order
        ("Иванва", "Мария"),  # a letter missing
        ("Ivanowa", "Marija"),  # German-style spelling
    ],
)
def test_spellings_of_the_same_name_match(maria, family, given):
    assert matches(family, given)[0] == maria


def test_yo_and_ye_fold_together():
    assert fold_name("Алёна Фёдорова") == fold_name("Алена Федорова") == fold_name("Alena Fedorova")


def test_yo_spelling_matches_ye_record(db):
    person = PersonFactory(family_name="Фёдорова", given_name="Алёна")
    assert matches("Федорова", "Алена")[0] == person


def test_unrelated_names_do_not_match(maria):
    assert matches("Смирнова", "Дарья") == []


def test_same_birth_date_ranks_first(db):
    other = PersonFactory(family_name="Иванова", given_name="Марина", birth_date=date(1990, 1, 1))
    same_day = PersonFactory(family_name="Иванова", given_name="Марьяна", birth_date=date(2001, 2, 3))
    found = matches("Иванова", "Марина", birth_date=date(2001, 2, 3))
    assert found[0] == same_day and other in found


def test_merged_people_are_not_offered(maria):
    duplicate = PersonFactory(family_name="Ivanova", given_name="Maria", merged_into=maria)
    assert duplicate not in matches("Ivanova", "Maria")


def test_only_visible_people_are_offered(golubka_worker, margarita_worker):
    golubka = CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Иванова", given_name="Мария"))
    margarita = CaseFactory(
        unit=unit("margarita"), primary_person=PersonFactory(family_name="Иванова", given_name="Мария")
    )
    found = list(Person.objects.visible_to(golubka_worker).likely_matches(family_name="Ivanova", given_name="Maria"))
    assert found == [golubka.primary_person]
    assert margarita.primary_person not in found


def test_empty_name_finds_nothing(maria):
    assert matches("", "") == []
