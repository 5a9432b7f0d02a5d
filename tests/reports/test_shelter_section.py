"""The shelter figures (shelters.reports, by the shelters team) inside the yearly report."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseMember
from shelters.models import House, Stay
from tests.cases.factories import CaseFactory, PersonFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosted(db):
    """A mother and her daughter across the 2018/2019 boundary; a girl of 17 in 2024 (18 later)."""
    golubka = House.objects.get(unit__code="golubka")
    mother = PersonFactory(family_name="Мать", birth_date=date(1990, 1, 1))
    daughter = PersonFactory(family_name="Дочь", birth_date=date(2012, 6, 1))
    girl = PersonFactory(family_name="Девушка", birth_date=date(2006, 12, 1))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, opened_on=date(2018, 5, 1))
    CaseMember.objects.create(case=case, person=daughter, role="child")
    girls_case = CaseFactory(unit=unit("golubka"), primary_person=girl, opened_on=date(2024, 11, 1))
    for person in (mother, daughter):
        Stay.objects.create(
            person=person, case=case, house=golubka, period=DateRange(date(2018, 12, 20), date(2019, 1, 10))
        )
    Stay.objects.create(
        person=girl, case=girls_case, house=golubka, period=DateRange(date(2024, 11, 1), date(2025, 2, 1))
    )
    return mother, daughter, girl


def test_since_2018_minors_never_exceed_people_hosted(hosted, manager):
    """ "Since 2018: N people hosted, of whom M minors" — the period [2018-01-01, today + 1)."""
    from shelters.reports import people_hosted

    figure = people_hosted(date(2018, 1, 1), timezone.localdate() + timedelta(days=1), user=manager)
    minors = next(child for key, child in figure.breakdown.items() if "minor" in key)
    assert figure.value == 3
    assert minors.value == 2  # the daughter, and the girl who was 17 on her first night
    assert minors.value <= figure.value


def test_a_stay_across_new_year_counts_in_both_years(hosted, manager):
    from shelters.reports import people_hosted

    for year in (2018, 2019):
        assert people_hosted(date(year, 1, 1), date(year + 1, 1, 1), user=manager).value == 2


def test_manager_report_page_has_the_shelter_section(client, manager, hosted):
    client.force_login(manager)
    response = client.get(reverse("reports:yearly"), {"year": 2019})
    assert response.status_code == 200
    assert "shelters" in [section.key for section in response.context["report"].sections]
