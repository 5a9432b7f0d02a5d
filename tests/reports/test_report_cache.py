"""The report is computed once per period, reach and data version; any write makes it recomputed."""

from datetime import date

import pytest
from django.apps import apps as current_apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Person
from reports.cache import current_data_version
from reports.models import ComputedReport
from tests.cases.factories import CaseFactory, PersonFactory, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_shelters")]
URL = reverse("reports:yearly")
PAGE_QUERY_LIMIT = 15


def _people_served(response) -> int:
    return next(row.value for _section, row in response.context["report"].rows() if row.key == "people_served")


def _cases(count: int) -> None:
    for n in range(count):
        CaseFactory(unit=unit("golubka" if n % 2 else "margarita"), opened_on=date(2025, 2, 1 + n % 27))


@pytest.mark.parametrize("cases", [1, 20])
def test_a_report_already_computed_is_read_in_a_few_queries_at_any_size(client, manager, cases):
    _cases(cases)
    client.force_login(manager)
    first = client.get(URL, {"year": 2025})
    with CaptureQueriesContext(connection) as again:
        second = client.get(URL, {"year": 2025})
    assert second.status_code == 200
    assert len(again) <= PAGE_QUERY_LIMIT
    assert _people_served(second) == _people_served(first) == cases
    assert [(s.key, [(r.key, r.value) for r in s.rows]) for s in second.context["report"].sections] == [
        (s.key, [(r.key, r.value) for r in s.rows]) for s in first.context["report"].sections
    ]


def test_exports_reuse_the_figures_of_the_page(client, manager):
    _cases(3)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as computed:
        client.get(URL, {"year": 2025})
    for fmt in ("csv", "xlsx"):
        with CaptureQueriesContext(connection) as exported:
            response = client.get(reverse("reports:export", args=[fmt]), {"year": 2025, "lang": "en"})
        assert response.status_code == 200
        assert len(exported) <= PAGE_QUERY_LIMIT, fmt
        # The figures are read from the stored report: the export does not count people again.
        assert any('"cases_person"' in query["sql"] for query in computed)
        assert not any('"cases_person"' in query["sql"] for query in exported), fmt


def test_a_write_to_any_table_read_makes_the_report_recomputed(client, manager):
    _cases(2)
    client.force_login(manager)
    assert _people_served(client.get(URL, {"year": 2025})) == 2
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 6, 1))
    assert _people_served(client.get(URL, {"year": 2025})) == 3
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(merged_into=PersonFactory())
    assert _people_served(client.get(URL, {"year": 2025})) == 2


def test_each_reach_has_its_own_figures(client, manager, coordinator):
    _cases(4)
    client.force_login(manager)
    assert _people_served(client.get(URL, {"year": 2025})) == 4
    client.force_login(coordinator)  # Golubka and Local only
    assert _people_served(client.get(URL, {"year": 2025})) == 2
    # One stored report per reach, for the year and for the year before it (its comparison).
    assert ComputedReport.objects.filter(start=date(2025, 1, 1)).count() == 2
    assert ComputedReport.objects.filter(start=date(2024, 1, 1)).count() == 2


def test_every_table_the_report_reads_moves_the_data_version_on():
    migration = __import__("reports.migrations.0004_data_version_triggers", fromlist=["report_tables"])
    wanted = set(migration.report_tables(current_apps))
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'reports_data_changed'")
        triggered = {row[0].strip('"') for row in cursor.fetchall()}
    assert {"cases_case", "cases_note", "shelters_stay", "sponsorship_contribution"} <= wanted
    assert wanted <= triggered


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_moves_the_version_once_however_many_rows_it_writes():
    before = current_data_version()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS reports_data_changed DEFERRED")  # as in production
        PersonFactory.create_batch(3)
        assert current_data_version() == before  # nothing until the commit
    assert current_data_version() == before + 1
