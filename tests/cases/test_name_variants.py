"""Given-name variants from the data file, family-name gender forms, and the search keys built from them."""

import pytest

from cases import name_variants
from cases.name_variants import (
    VARIANTS_FILE,
    are_variants,
    canonical_names,
    family_name_stem,
    match_key,
    name_search_keys,
    name_search_word_keys,
    sex_of_given_name,
    variant_keys,
)


def test_variants_file_names_its_source_and_holds_a_few_hundred_forms():
    text = VARIANTS_FILE.read_text(encoding="utf-8")
    assert "Petrovsky N. A." in text and "Словарь русских личных имён" in text
    assert "Petrovsky N. A." in name_variants.__doc__
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == "canonical,variant,sex,source"
    assert len(rows) - 1 >= 300
    assert {row.split(",")[2] for row in rows[1:]} == {"m", "f"}
    assert {row.split(",")[3] for row in rows[1:]} <= {"dictionary", "spelling", "usage", "latin"}


def test_forms_of_two_names_meet_only_where_the_data_lists_them_under_both():
    # A spelling that folds onto another name by accident (say «Евгеня» under Евгений folding
    # to Евгения) would make a brother and a sister one person.
    groups, index = name_variants._groups(), name_variants._index()
    for key, group in groups.items():
        for form in group.forms:
            for other in index[match_key(form)] - {key}:
                listed = {match_key(f) for f in groups[other].forms if f.lower() == form.lower()}
                assert listed, f"{form} of {group.canonical} folds onto {groups[other].canonical}"


@pytest.mark.parametrize(
    ("variant", "full"),
    [
        ("Маша", "Мария"),
        ("Машенька", "Мария"),
        ("Марья", "Мария"),
        ("Саша", "Александра"),
        ("Шура", "Александра"),
        ("Саша", "Александр"),
        ("Шура", "Александр"),
        ("Санечка", "Александра"),
        ("Женя", "Евгений"),
        ("Женя", "Евгения"),
        ("Таня", "Татьяна"),
        ("Наташа", "Наталья"),
        ("Наташа", "Наталия"),
        ("Наталия", "Наталья"),
        ("Лена", "Елена"),
        ("Оля", "Ольга"),
        ("Катя", "Екатерина"),
        ("Настя", "Анастасия"),
        ("Дима", "Дмитрий"),
        ("Ваня", "Иван"),
        ("Аня", "Анна"),
        ("Юля", "Юлия"),
        ("Света", "Светлана"),
        ("Ира", "Ирина"),
        ("Галя", "Галина"),
        ("Люба", "Любовь"),
        ("Надя", "Надежда"),
        ("Верочка", "Вера"),
        ("Коля", "Николай"),
        ("Миша", "Михаил"),
        ("Серёжа", "Сергей"),
        ("Лёша", "Алексей"),
        ("Паша", "Павел"),
        ("Петя", "Пётр"),
        ("Вова", "Владимир"),
        ("Володя", "Владимир"),
        ("Вова", "Володя"),
        ("Костя", "Константин"),
        ("Андрюша", "Андрей"),
        ("Гоша", "Георгий"),
        ("Жора", "Георгий"),
        ("Даша", "Дарья"),
        ("Ксюша", "Ксения"),
        ("Поля", "Полина"),
        ("Соня", "Софья"),
        ("Соня", "София"),
        ("Вика", "Виктория"),
        ("Лиза", "Елизавета"),
        ("Рита", "Маргарита"),
    ],
)
def test_diminutive_and_full_name_are_variants_both_ways(variant, full):
    assert are_variants(variant, full)
    assert are_variants(full, variant)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Masha", "Мария"),
        ("Shura", "Александра"),
        ("Sasha", "Александр"),
        ("Zhenya", "Евгения"),
        ("Natasha", "Наталья"),
        ("Seryozha", "Сергей"),
        ("Lyubov", "Люба"),
        ("Lubov", "Любовь"),
        ("Alexander", "Саша"),
        ("Pyotr", "Петя"),
        ("Ksyusha", "Ксения"),
        ("Victoria", "Вика"),
    ],
)
def test_variants_meet_from_latin_to_cyrillic_and_back(latin, cyrillic):
    assert are_variants(latin, cyrillic)
    assert are_variants(cyrillic, latin)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Александр", "Александра"),  # Саша is both, but the full names are brother and sister
        ("Евгений", "Евгения"),
        ("Мария", "Марина"),
        ("Анна", "Анастасия"),
        ("Егор", "Георгий"),  # Егор is a passport name of its own
        ("Елена", "Алёна"),
        ("Мария", "Мария"),  # the same name is not a "variant" of itself
        ("Маша", ""),
    ],
)
def test_different_names_are_not_variants(first, second):
    assert not are_variants(first, second)


def test_gosha_is_said_for_both_georgy_and_egor():
    assert canonical_names("Гоша") == ["Георгий", "Егор"]
    assert are_variants("Егорка", "Егор") and not are_variants("Жора", "Егор")


def test_sex_of_a_given_name_is_known_only_when_every_reading_agrees():
    assert sex_of_given_name("Маша") == "f"
    assert sex_of_given_name("Dima") == "m"
    assert sex_of_given_name("Саша") == ""
    assert sex_of_given_name("Гульнара") == ""


def test_variant_keys_hold_every_form_folded_as_the_name_key():
    keys = variant_keys("Маша")
    assert {"masha", "maria", "mashenka", "marusia"} <= keys
    assert variant_keys("Masha") == keys
    assert {"aleksandr", "aleksandra", "shura", "sasha"} <= variant_keys("Саша")


def test_variant_keys_of_an_unknown_name_is_the_name_itself():
    assert variant_keys("Гульнара") == {"gulnara"}
    assert variant_keys("") == set()


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [
        ("Иванов", "Иванова"),
        ("Петров", "Петрова"),
        ("Ковальский", "Ковальская"),
        ("Троцкий", "Троцкая"),
        ("Пушкин", "Пушкина"),
        ("Птицын", "Птицына"),
        ("Ковалёв", "Ковалёва"),
        ("Толстой", "Толстая"),
        ("Белый", "Белая"),
        ("Ivanov", "Ivanova"),
        ("Ivanoff", "Иванова"),
        ("Kovalsky", "Kovalskaya"),
        ("Kovalyov", "Ковалева"),
        ("Tolstoy", "Толстая"),
        ("Соловьёв", "Solovyova"),
    ],
)
def test_both_gender_forms_of_a_family_name_share_one_stem(masculine, feminine):
    assert family_name_stem(masculine) == family_name_stem(feminine)


@pytest.mark.parametrize("name", ["Шевченко", "Дюма", "Kim", "Черных", "Ли", "Гогуадзе"])
def test_indeclinable_family_names_stay_uncut(name):
    assert family_name_stem(name) == match_key(name)


def test_different_family_names_keep_different_stems():
    assert family_name_stem("Иванова") != family_name_stem("Иванченко")
    assert family_name_stem("Петров") != family_name_stem("Петровский")


def test_search_words_expand_given_names_to_variants_and_family_names_to_both_genders():
    given, family = name_search_word_keys("Маша Воробьёва")
    assert given[0] == "masha" and "maria" in given
    assert family[0] == "vorobeva" and {"vorobev", "vorobiov"} <= set(family)


def test_latin_family_name_search_reaches_the_stored_cyrillic_key():
    # Воробьёва is stored as "vorobeva …"; Vorobyova folds to "vorobiova".
    [family] = name_search_word_keys("Vorobyova")
    assert any(key in "vorobeva maria" for key in family)


def test_name_search_keys_start_with_the_query_and_or_the_variants():
    keys = name_search_keys("Маша Воробьёва")
    assert keys[0] == "masha vorobeva"
    assert "maria vorobeva" in keys and "masha vorobev" in keys
    assert len(keys) == len(set(keys)) <= name_variants.MAX_SEARCH_KEYS


def test_name_search_keys_of_an_empty_query_are_empty():
    assert name_search_keys("") == [] and name_search_keys("  -- ") == []
