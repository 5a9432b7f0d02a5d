"""Her names are cut out of text shared with others in every grammatical case, and nothing else is."""

import pytest

from privacy.services.destruction import placeholder, redactor
from tests.cases.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redact(db):
    person = PersonFactory(
        family_name="Сентинелова", given_name="Вера", patronymic="Игоревна", phone="+7 913 555-12-34"
    )
    return redactor([person.pk])


@pytest.mark.parametrize(
    "text",
    ["Веры Сентинеловой", "с Верой", "Сентинелову Веру", "SENTINELOVA Vera", "Sentinelovoi", "звонок +7 913 555-12-34"],
)
def test_her_names_in_any_case_and_spelling_and_her_phone_are_cut_out(redact, text):
    result = redact(text)
    assert placeholder() in result
    for word in ("Вер", "Сентинелов", "entinelov", "555-12-34"):
        assert word.lower() not in result.lower()


@pytest.mark.parametrize("text", ["верить в лучшее", "версия документа", "Иванова Ольга", "Пётр здоров"])
def test_other_words_and_other_peoples_names_stay(redact, text):
    assert redact(text) == text


def test_json_is_walked_value_by_value(redact):
    assert redact({"q": "Сентинелова", "page": 2, "list": ["Вера", "x"]}) == {
        "q": placeholder(),
        "page": 2,
        "list": [placeholder(), "x"],
    }


def test_e_and_yo_are_the_same_letter(db):
    person = PersonFactory(family_name="Сидоров", given_name="Пётр", sex="M")
    assert placeholder() in redactor([person.pk])("у Петра всё хорошо")
