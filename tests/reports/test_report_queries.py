"""The report page computes all figures of every section in a handful of queries, at any size."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases.models import CaseMember
from reports.cache import reports_for
from reports.report import compute_report, sections_for
from shelters.models import House, Stay
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, unit
from tests.reports.factories import child as sponsored_child
from tests.reports.factories import contribution, letter, sponsor, sponsorship

pytestmark = pytest.mark.django_db
URL = reverse("reports:yearly")
PAGE_QUERY_LIMIT = 15
YEAR = (date(2025, 1, 1), date(2026, 1, 1))
YEAR_BEFORE = (date(2024, 1, 1), date(2025, 1, 1))


def _data(size: int) -> None:
    """`size` families in each unit (hosted ones with stays, local ones with a note) and `size` sponsorships."""
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


def _values(report) -> list:
    return [(section.key, row.ref, row.value) for section, row in report.rows()]


@pytest.mark.parametrize("size", [1, 6])
def test_first_computation_of_the_report_page_stays_within_the_page_limit(
    client, manager, size, django_assert_max_num_queries
):
    _data(size)
    client.force_login(manager)
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    sections = [section.key for section in response.context["report"].sections]
    assert sections == ["served", "shelters", "outcomes", "local", "distance"]
    assert (
        next(row.value for _s, row in response.context["report"].rows() if row.key == "people_served") == 9 * size
    )  # two in each unit, and the sponsored child


@pytest.mark.parametrize("size", [1, 6])
def test_a_year_and_the_year_before_are_computed_together_within_the_limit(
    manager, size, django_assert_max_num_queries
):
    _data(size)
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT - 6):  # the page's own queries come on top
        this_year, year_before = reports_for([YEAR, YEAR_BEFORE], manager)
    assert _values(this_year) == _values(compute_report(*YEAR, manager))
    assert _values(year_before) == _values(compute_report(*YEAR_BEFORE, manager))
    assert (this_year.start, year_before.start) == (YEAR[0], YEAR_BEFORE[0])


def test_the_report_shows_what_each_figure_function_counts_on_its_own(manager):
    """Read together in one statement, every figure is the number its function gives alone."""
    _data(3)
    report = compute_report(*YEAR, manager)
    alone = {}

    def walk(figure, source):
        alone[f"{source}:{figure.key}"] = figure.value
        for child in figure.breakdown.values():
            walk(child, source)

    for _key, _title, functions in sections_for(manager):
        for function in functions:
            walk(function(*YEAR, user=manager), function.__name__)
    assert {row.ref: row.value for _section, row in report.rows()} == alone
    assert alone["people_served:people_served"] == 27


def test_deferred_values_over_no_records_read_as_the_queryset_would(django_assert_num_queries):
    from django.db.models import Sum

    from cases.models import Person
    from maksora.figures import Figure, aggregate_of, count_of, derived, resolve, rows_of
    from sponsorship.models import Contribution

    PersonFactory(family_name="Единственная")
    nobody = Person.objects.filter(pk__in=[])
    everybody = count_of(Person.objects.all())
    figures = [
        Figure("nobody", "", count_of(nobody)),
        Figure("names", "", rows_of(Person.objects.values_list("family_name"))),
        Figure("sum", "", aggregate_of(Contribution.objects.all(), total=Sum("amount"))["total"]),
        Figure("twice", "", derived(lambda n: 2 * n, everybody)),
        Figure("again", "", everybody),
    ]
    with django_assert_num_queries(1):
        resolve(figures)
    assert [figure.value for figure in figures] == [0, [("Единственная",)], None, 2, 1]
