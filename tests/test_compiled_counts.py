"""A count every page shows is compiled once per process for who asks, and still counts what is there now."""

import pytest

from cases.models import Person
from maksora import sql
from tests.cases.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_statements_kept(monkeypatch):
    monkeypatch.setattr(sql, "_COUNT_STATEMENTS", {})


def test_the_statement_is_built_once_per_key_and_the_rows_counted_each_time():
    builds = []

    def build():
        builds.append(1)
        return Person.objects.filter(family_name="Иванова")

    PersonFactory(family_name="Иванова")
    assert sql.count_compiled_once(("people", "Иванова"), build) == 1
    PersonFactory(family_name="Иванова")
    PersonFactory(family_name="Петрова")
    assert sql.count_compiled_once(("people", "Иванова"), build) == 2
    assert len(builds) == 1


def test_a_scope_that_reaches_nothing_counts_zero_without_a_query(django_assert_num_queries):
    assert sql.count_compiled_once(("nobody",), Person.objects.none) == 0
    with django_assert_num_queries(0):
        assert sql.count_compiled_once(("nobody",), Person.objects.none) == 0


def test_a_full_store_starts_again(monkeypatch):
    monkeypatch.setattr(sql, "COUNT_STATEMENTS_KEPT", 2)
    for name in ("А", "Б", "В"):
        sql.count_compiled_once((name,), Person.objects.all)
    assert list(sql._COUNT_STATEMENTS) == [("В",)]
