"""The report page computes all figures of every section in a handful of queries, at any size."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases.models import CaseMember
from shelters.models import House, Stay
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, unit
from tests.reports.factories import child as sponsored_child
from tests.reports.factories import contribution, letter, sponsor, sponsorship

pytestmark = pytest.mark.django_db
URL = reverse("reports:yearly")
PAGE_QUERY_LIMIT = 15


def _data(size: int) -> None:
    """`size` families in each unit, hosted ones with a stay, local ones with notes."""
    golubka = House.objects.get(unit__code="golubka")
    for n in range(size):
        for code in ("golubka", "margarita", "local", "distance"):
            mother = PersonFactory(birth_date=date(1985 + n % 10, 3, 1), sex="F")
            case = CaseFactory(unit=unit(code), primary_person=mother, opened_on=date(2024 + n % 2, 1 + n % 12, 5))
            child = PersonFactory(birth_date=date(2015, 1, 1))
            CaseMember.objects.create(case=case, person=child, role="child")
            if code == "golubka":
                for person in (mother, child):
                    Stay.objects.create(
                        person=person, case=case, house=golubka,
                        period=DateRange(date(2025, 1 + n % 12, 1), date(2025, 1 + n % 12, 20)),
                    )  # fmt: skip
            if code == "local":
                NoteFactory(case=case, date=date(2025, 4, 1))
        enrolled = sponsored_child(enrolled_on=date(2023, 1, 1))
        sponsored = sponsorship(enrolled, sponsor(), date(2023, 2, 1), date(2025, 2 + n % 10, 1), "sponsor_withdrew")
        contribution(sponsored, "30.00", date(2025, 1, 15))
        letter(sponsored, due_on=date(2025, 11, 30), sent_on=date(2025, 11, 1) if n % 2 else None)


@pytest.mark.parametrize("size", [1, 6])
def test_first_computation_of_the_report_page_stays_within_the_page_limit(
    client, manager, size, django_assert_max_num_queries
):
    _data(size)
    client.force_login(manager)
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT) as captured:
        response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert [s.key for s in response.context["report"].sections] == ["served", "shelters", "outcomes", "local", "distance"]
