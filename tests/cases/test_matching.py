"""One matcher, one explanation: the score of a registry record for a typed person, and its reasons."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.functional import Promise

from cases.choices import DatePrecision, Sex
from cases.matching import CANDIDATE_THRESHOLD, Match, PersonFacts, assess, compare
from cases.models import Person

MARIA = PersonFacts(family_name="Иванова", given_name="Мария", patronymic="Петровна", birth_date=date(1995, 3, 14))


def facts(family="", given="", patronymic="", birth=None, precision="day", phone="", sex=""):
    return PersonFacts(
        family_name=family,
        given_name=given,
        patronymic=patronymic,
        birth_date=birth,
        birth_date_precision=precision,
        phone=phone,
        sex=sex,
    )


def reasons(typed, candidate=MARIA) -> list[str]:
    with translation.override("en"):
        return [str(reason) for reason in assess(typed, candidate).reasons]


def differences(typed, candidate=MARIA) -> list[str]:
    with translation.override("en"):
        return [str(difference) for difference in assess(typed, candidate).differences]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_married_name_with_the_same_given_name_and_birth_date_is_a_candidate():
    match = compare(facts("Петрова", "Мария", birth=date(1995, 3, 14)), MARIA)
    assert match is not None
    assert reasons(facts("Петрова", "Мария", birth=date(1995, 3, 14))) == ["same given name", "same date of birth"]


def test_a_married_name_with_another_patronymic_is_not_a_candidate():
    typed = facts("Петрова", "Мария", "Алексеевна", birth=date(1995, 3, 14))
    assert compare(typed, MARIA) is None
    assert differences(typed) == ["another patronymic"]


def test_same_family_name_and_birth_date_with_a_given_name_written_otherwise_is_a_candidate():
    match = compare(facts("Иванова", "Мэри", birth=date(1995, 3, 14)), MARIA)
    assert match is not None and match.score == pytest.approx(0.7)


@pytest.mark.parametrize("given", ["Саша", "Шура", "Sasha", "Shura", "Санечка"])
def test_diminutives_of_alexandra_match_by_variant_without_a_birth_date(given):
    alexandra = facts("Смирнова", "Александра")
    match = compare(facts("Смирнова", given), alexandra)
    assert match is not None
    assert f"given name a known variant ({given} → Александра)" in reasons(facts("Смирнова", given), alexandra)


def test_masha_matches_maria_by_variant_and_says_so():
    typed = facts("Иванова", "Маша", birth=date(1995, 3, 14))
    assert compare(typed, MARIA).score == pytest.approx(0.95)
    assert reasons(typed) == ["same family name", "given name a known variant (Маша → Мария)", "same date of birth"]


def test_forms_that_fold_alike_are_still_explained_as_variants():
    assert reasons(facts("Козлова", "Юля"), facts("Козлова", "Юлия")) == [
        "same family name",
        "given name a known variant (Юля → Юлия)",
    ]


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        (facts("Ivanova", "Mariya", birth=date(1995, 3, 14)), MARIA),
        (MARIA, facts("Ivanova", "Mariya", birth=date(1995, 3, 14))),
    ],
)
def test_cyrillic_and_latin_spellings_match_both_ways(typed, candidate):
    assert compare(typed, candidate) is not None
    assert reasons(typed, candidate)[:2] == [
        "family name the same after transliteration",
        "given name the same after transliteration",
    ]


def test_latin_diminutive_matches_the_cyrillic_full_name_and_back():
    assert compare(facts("Vorobyova", "Masha"), facts("Воробьёва", "Мария")) is not None
    assert compare(facts("Воробьёва", "Маша"), facts("Vorobyova", "Maria")) is not None


def test_family_name_of_the_other_gender_form_is_named():
    typed = facts("Иванов", "Мария", birth=date(1995, 3, 14))
    assert compare(typed, MARIA) is not None
    assert reasons(typed)[0] == "family name of the other gender form (Иванов → Иванова)"


def test_family_name_spelt_otherwise_in_the_same_alphabet_is_named():
    assert reasons(facts("Григорева", "Людмила"), facts("Григорьева", "Людмила"))[0] == (
        "family name the same, spelt differently (Григорева → Григорьева)"
    )


def test_a_typo_in_the_family_name_is_nearly_the_same():
    typed = facts("Иванва", "Мария", birth=date(1995, 3, 14))
    assert compare(typed, MARIA) is not None
    assert reasons(typed)[0] == "family name nearly the same (Иванва → Иванова)"


def test_a_typo_in_the_given_name_is_nearly_the_same():
    typed = facts("Абрамова", "Валетина")
    assert reasons(typed, facts("Абрамова", "Валентина"))[1] == "given name nearly the same (Валетина → Валентина)"


def test_two_different_known_names_are_not_a_typo_of_each_other():
    # Мария and Марина differ by one letter, and are twins' names.
    typed = facts("Иванова", "Марина", birth=date(1995, 3, 14))
    assert compare(typed, MARIA) is None
    assert "another given name" in differences(typed)


def test_names_written_the_other_way_round_are_found_and_said():
    typed = facts("Мария", "Иванова", birth=date(1995, 3, 14))
    assert compare(typed, MARIA) is not None
    assert reasons(typed)[0] == "family and given names written the other way round"


@pytest.mark.parametrize(
    ("birth", "precision", "reason"),
    [
        (date(1995, 3, 14), "day", "same date of birth"),
        (date(1995, 3, 1), "month", "same month and year of birth"),
        (date(1995, 1, 1), "year", "same year of birth"),
        (date(1995, 14 - 11, 14), "day", "same date of birth"),
        (date(1995, 3, 24), "day", "date of birth nearly the same (one digit differs)"),
        (date(1996, 3, 14), "day", "date of birth nearly the same (one digit differs)"),
    ],
)
def test_birth_dates_compare_at_the_coarser_precision(birth, precision, reason):
    assert reason in reasons(facts("Иванова", "Мария", birth=birth, precision=precision))


def test_day_and_month_swapped_is_nearly_the_same_date():
    typed = facts("Смирнова", "Дарья", birth=date(2011, 12, 3))
    assert "date of birth nearly the same (day and month swapped)" in reasons(
        typed, facts("Смирнова", "Дарья", birth=date(2011, 3, 12))
    )


def test_a_namesake_born_in_another_decade_is_not_a_candidate():
    # Mother and daughter: same family and given name, same phone, born 25 years apart.
    mother = facts("Морозова", "Светлана", "Игоревна", date(1970, 5, 5), phone="+7 913 333-44-55")
    daughter = facts("Морозова", "Светлана", "", date(1995, 9, 11), phone="89133334455")
    assert compare(daughter, mother) is None
    assert differences(daughter, mother) == ["another year of birth"]


def test_a_namesake_born_the_same_year_on_another_day_is_not_a_candidate():
    typed = facts("Иванова", "Мария", birth=date(1995, 8, 22))
    assert compare(typed, MARIA) is None
    assert differences(typed) == ["another date of birth"]


def test_one_digit_in_the_decade_of_the_year_is_another_year_not_a_typo():
    assert (
        compare(facts("Захарова", "Юлия", birth=date(1961, 5, 15)), facts("Захарова", "Юлия", birth=date(1991, 5, 15)))
        is None
    )


def test_same_patronymic_raises_the_score_and_another_lowers_it():
    plain = assess(facts("Иванова", "Мария"), MARIA).score
    same = assess(facts("Иванова", "Мария", "Петровна"), MARIA)
    other = assess(facts("Иванова", "Мария", "Сергеевна"), MARIA)
    assert other.score < plain < same.score
    assert "same patronymic" in [str(r) for r in same.reasons]
    assert "patronymic nearly the same" in reasons(facts("Иванова", "Мария", "Петрована"))
    assert compare(facts("Иванова", "Мария", "Сергеевна"), MARIA) is None


@pytest.mark.parametrize("phone", ["+7 913 123-45-67", "8 (913) 123-45-67", "8-913-1234567", "79131234567"])
def test_phone_numbers_compare_on_their_digits(phone):
    candidate = facts("Соколова", "Анастасия", phone="+7 (913) 123 45 67")
    assert "same phone number" in reasons(facts("Соколова", "Настя", phone=phone), candidate)


def test_another_phone_number_neither_adds_nor_takes_away():
    candidate = facts("Соколова", "Анастасия", phone="+7 913 123-45-67")
    assert assess(facts("Соколова", "Анастасия", phone="+7 923 000-00-00"), candidate).score == (
        assess(facts("Соколова", "Анастасия"), candidate).score
    )


def test_another_sex_lowers_the_score():
    typed = facts("Морозова", "Женя", birth=date(2010, 10, 10), sex="m")
    candidate = facts("Морозова", "Евгения", birth=date(2010, 10, 10), sex="f")
    assert "another sex" in differences(typed, candidate)
    assert assess(typed, candidate).score < assess(facts("Морозова", "Женя", birth=date(2010, 10, 10)), candidate).score


def test_twins_with_two_names_are_not_one_person():
    anna = facts("Орлова", "Дарья", "Ивановна", date(2012, 12, 12))
    assert compare(anna, facts("Орлова", "Ксения", "Ивановна", date(2012, 12, 12))) is None


def test_brother_and_sister_twins_are_not_one_person():
    assert (
        compare(
            facts("Смирнов", "Александр", birth=date(2007, 7, 7)),
            facts("Смирнова", "Александра", birth=date(2007, 7, 7)),
        )
        is None
    )


def test_unrelated_people_score_zero_and_give_no_match():
    match = assess(facts("Кузнецова", "Ольга", birth=date(1980, 1, 1)), MARIA)
    assert match.score == 0.0 and compare(facts("Кузнецова", "Ольга", birth=date(1980, 1, 1)), MARIA) is None


def test_score_stays_within_one():
    everything = facts("Иванова", "Мария", "Петровна", date(1995, 3, 14), phone="+79131234567")
    match = compare(everything, PersonFacts(**{**everything.__dict__}))
    assert isinstance(match, Match) and match.score == 1.0 and match.is_candidate


def test_threshold_is_where_a_match_becomes_a_candidate():
    assert CANDIDATE_THRESHOLD == 0.6
    assert assess(facts("Лебедева", "Шура"), facts("Лебедева", "Александра")).score == pytest.approx(0.6)
    assert compare(facts("Лебедева", "Шура"), facts("Лебедева", "Александра")) is not None


def test_facts_of_a_person_record_carry_its_precision_and_sex():
    person = Person(
        family_name="Белова",
        given_name="Арина",
        birth_date=date(2012, 3, 1),
        birth_date_precision=DatePrecision.MONTH,
        sex=Sex.FEMALE,
        phone="8 913 765 43 21",
    )
    person_facts = PersonFacts.of(person)
    assert person_facts.birth_date_precision == "month" and person_facts.sex == "f"
    assert "same month and year of birth" in reasons(facts("Белова", "Арина", birth=date(2012, 3, 17)), person_facts)


def test_reasons_are_rendered_in_the_language_active_when_shown():
    match = assess(facts("Иванова", "Маша"), MARIA)
    with translation.override("en"):
        assert str(match.reasons[1]) == "given name a known variant (Маша → Мария)"
    # A lazy message: looked up when rendered, so a match made in one request reads in the viewer's language.
    assert isinstance(match.reasons[1], Promise)
