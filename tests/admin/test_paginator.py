"""Big changelists never run an unbounded COUNT(*)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Person
from maksora import admin as maksora_admin
from maksora.admin import CappedCountPaginator
from tests.cases.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_small_result_is_counted_exactly():
    PersonFactory.create_batch(3)
    assert CappedCountPaginator(Person.objects.all(), 50).count == 3


def test_count_is_capped_and_then_estimated(monkeypatch):
    monkeypatch.setattr(maksora_admin, "COUNT_CAP", 5)
    PersonFactory.create_batch(8)
    with CaptureQueriesContext(connection) as queries:
        count = CappedCountPaginator(Person.objects.all(), 2).count
    sql = " ".join(q["sql"] for q in queries)
    assert "LIMIT 6" in sql  # counts at most cap + 1 rows
    assert "EXPLAIN" in sql  # then asks the planner
    assert count >= 6


def test_sponsorship_officer_sees_only_people_of_distance(client, sponsorship_officer):
    from django.urls import reverse

    from tests.cases.factories import CaseFactory, unit

    distance = CaseFactory(unit=unit("distance")).primary_person
    golubka = CaseFactory(unit=unit("golubka")).primary_person
    client.force_login(sponsorship_officer)
    listed = list(client.get(reverse("admin:cases_person_changelist")).context["cl"].result_list)
    assert distance in listed and golubka not in listed
