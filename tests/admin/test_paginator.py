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
    paginator = CappedCountPaginator(Person.objects.all(), 50)
    assert paginator.count == 3
    assert not paginator.past_cap


def test_count_is_capped_and_then_estimated(monkeypatch):
    monkeypatch.setattr(maksora_admin, "COUNT_CAP", 5)
    PersonFactory.create_batch(8)
    paginator = CappedCountPaginator(Person.objects.all(), 2)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    sql = " ".join(q["sql"] for q in queries)
    assert "LIMIT 6" in sql  # counts at most cap + 1 rows
    assert "EXPLAIN" in sql  # then asks the planner
    assert count >= 6
    assert paginator.past_cap


def test_a_list_past_the_cap_says_more_than_the_cap_not_an_estimate(client, coordinator, monkeypatch):
    """Past the cap the planner's estimate only sizes the page links; the count shown is "more than"."""
    from django.urls import reverse

    from tests.cases.factories import CaseFactory, unit

    monkeypatch.setattr(maksora_admin, "COUNT_CAP", 3)
    for _ in range(5):
        CaseFactory(unit=unit("golubka"), primary_person__family_name="Петрова")
    client.force_login(coordinator)
    url = reverse("admin:cases_person_changelist")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Люди: более 3" in page
    searched = client.get(url, {"q": "Петрова"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "более 3 результатов" in searched

    monkeypatch.setattr(maksora_admin, "COUNT_CAP", 1_000)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "более" not in page.split('class="paginator"')[1]


def test_sponsorship_officer_sees_only_people_of_distance(client, sponsorship_officer):
    from django.urls import reverse

    from tests.cases.factories import CaseFactory, unit

    distance = CaseFactory(unit=unit("distance")).primary_person
    golubka = CaseFactory(unit=unit("golubka")).primary_person
    client.force_login(sponsorship_officer)
    listed = list(client.get(reverse("admin:cases_person_changelist")).context["cl"].result_list)
    assert distance in listed and golubka not in listed
