"""People-served and local-services figures against a hand-built dataset with known answers.

Year under test: 2025 = [2025-01-01, 2026-01-01).

| person | born       | sex | district     | cases (unit, opened → closed)                          |
|--------|------------|-----|--------------|--------------------------------------------------------|
| A      | 1990-03-10 | F   | lenin        | G 2023-05-01 → 2025-02-10; L 2025-06-01 → open          |
| B      | 2019-07-01 | M   | lenin        | L (the same case as A, child) 2025-06-01 → open          |
| C      | 2008-01-15 | F   | krasnozyorsk | M 2024-11-20 → 2024-12-31 (not active); M 2025-12-31     |
| D      | 1980-06-01 | F   | —            | G 2020-01-01 → 2025-01-01 (last day counts); G 2026-01-01|
| E      | 2001-02-01 | F   | lenin        | G 2022-03-01, closed 2024-06-01 then RE-OPENED           |
| G      | 1999-12-31 | F   | other        | M 2025-03-01 → 2025-04-01                                |
| F      | —          | F   | lenin        | merged into A (member of A's Golubka case): not counted  |
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from cases import reports
from cases.models import CaseMember
from cases.services import case_change_status
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, unit

Y0, Y1 = date(2025, 1, 1), date(2026, 1, 1)


def _case(person, code, opened, closed=None, **kw):
    return CaseFactory(
        unit=unit(code),
        primary_person=person,
        opened_on=opened,
        closed_on=closed,
        status="closed" if closed else "active",
        closure_reason="other" if closed else "",
        **kw,
    )


@pytest.fixture
def people(db, coordinator):
    a = PersonFactory(family_name="A", birth_date=date(1990, 3, 10), sex="F", district="lenin")
    b = PersonFactory(family_name="B", birth_date=date(2019, 7, 1), sex="M", district="lenin")
    c = PersonFactory(family_name="C", birth_date=date(2008, 1, 15), sex="F", district="krasnozyorsk")
    d = PersonFactory(family_name="D", birth_date=date(1980, 6, 1), sex="F", district="")
    e = PersonFactory(family_name="E", birth_date=date(2001, 2, 1), sex="F", district="lenin")
    g = PersonFactory(family_name="G", birth_date=date(1999, 12, 31), sex="F", district="other")
    golubka_a = _case(a, "golubka", date(2023, 5, 1), date(2025, 2, 10))
    f = PersonFactory(family_name="F", birth_date=None, merged_into=a)
    CaseMember.objects.create(case=golubka_a, person=f, role="other")
    local = _case(a, "local", date(2025, 6, 1), problem_areas=["school", "poverty"])
    CaseMember.objects.create(case=local, person=b, role="child")
    _case(c, "margarita", date(2024, 11, 20), date(2024, 12, 31))
    _case(c, "margarita", date(2025, 12, 31))
    _case(d, "golubka", date(2020, 1, 1), date(2025, 1, 1))
    _case(d, "golubka", date(2026, 1, 1))
    reopened = _case(e, "golubka", date(2022, 3, 1), date(2024, 6, 1))
    case_change_status(case=reopened, to_status="active", by=coordinator)
    _case(g, "margarita", date(2025, 3, 1), date(2025, 4, 1))
    # Local-services contacts: 2 meetings (one confidential) + 1 call in 2025; others outside.
    NoteFactory(case=local, date=date(2025, 7, 1), kind="meeting")
    NoteFactory(case=local, date=date(2025, 12, 31), kind="meeting", confidential=True)
    NoteFactory(case=local, date=date(2025, 6, 15), kind="phone_call")
    NoteFactory(case=local, date=date(2026, 1, 1), kind="home_visit")
    NoteFactory(case=local, date=date(2024, 12, 31), kind="phone_call")
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "G": g, "F": f}


def _names(queryset):
    return sorted(queryset.values_list("family_name", flat=True))


def test_people_served_counts_each_person_once_with_new_and_continuing(people):
    figure = reports.people_served(Y0, Y1)
    assert figure.value == 6
    assert _names(figure.records) == ["A", "B", "C", "D", "E", "G"]
    assert figure.breakdown["new"].value == 2
    assert _names(figure.breakdown["new"].records) == ["B", "G"]
    assert figure.breakdown["continuing"].value == 4
    assert _names(figure.breakdown["continuing"].records) == ["A", "C", "D", "E"]


def test_people_served_by_unit_counts_a_person_once_per_unit(people):
    figure = reports.people_served_by_unit(Y0, Y1)
    assert figure.value == 6
    values = {code: f.value for code, f in figure.breakdown.items()}
    assert values == {"golubka": 3, "margarita": 2, "local": 2, "distance": 0}
    assert _names(figure.breakdown["golubka"].records) == ["A", "D", "E"]
    # The label is lazy and the default language is Russian; read it in English.
    with translation.override("en"):
        assert "counts in each" in str(figure.label)


def test_people_served_by_sex_district_and_age(people):
    by_sex = reports.people_served_by_sex(Y0, Y1)
    assert {k: f.value for k, f in by_sex.breakdown.items()} == {"F": 5, "M": 1}
    by_district = reports.people_served_by_district(Y0, Y1)
    assert {k: f.value for k, f in by_district.breakdown.items()} == {
        "lenin": 3,
        "krasnozyorsk": 1,
        "other": 1,
        "unknown": 1,
    }
    by_age = reports.people_served_by_age_group(Y0, Y1)
    assert {k: f.value for k, f in by_age.breakdown.items()} == {"0-6": 1, "7-11": 0, "12-17": 1, "18-24": 1, "25+": 3}
    assert _names(by_age.breakdown["12-17"].records) == ["C"]
    assert by_age.value == 6


def test_people_served_is_scoped_to_the_coordinators_units(people, coordinator):
    figure = reports.people_served(Y0, Y1, user=coordinator)
    assert _names(figure.records) == ["A", "B", "D", "E"]
    assert figure.breakdown["new"].value == 1
    by_unit = reports.people_served_by_unit(Y0, Y1, user=coordinator)
    assert set(by_unit.breakdown) == {"golubka", "local"}


def test_other_years_follow_the_same_definitions(people):
    assert _names(reports.people_served(date(2024, 1, 1), Y0).records) == ["A", "C", "D", "E"]
    assert _names(reports.people_served(Y1, date(2027, 1, 1)).records) == ["A", "B", "C", "D", "E"]


def test_local_services_figures(people):
    assert reports.local_families(Y0, Y1).value == 1
    children = reports.local_children(Y0, Y1)
    assert _names(children.records) == ["B"]
    notes = reports.local_notes_by_kind(Y0, Y1)
    assert notes.value == 3
    assert notes.breakdown["meeting"].value == 2
    assert notes.breakdown["phone_call"].value == 1
    assert notes.breakdown["home_visit"].value == 0
    areas = reports.local_problem_areas(Y0, Y1)
    assert areas.value == 1
    assert areas.breakdown["school"].value == 1 and areas.breakdown["poverty"].value == 1
    assert areas.breakdown["health"].value == 0


def test_local_figures_are_empty_for_someone_without_local(people, golubka_worker):
    assert reports.local_families(Y0, Y1, user=golubka_worker).value == 0


def test_a_period_must_not_be_empty():
    with pytest.raises(ValueError):
        reports.people_served(Y1, Y0)


def test_breakdown_values_are_numbers_not_decimal(people):
    assert not isinstance(reports.people_served(Y0, Y1).value, Decimal)
