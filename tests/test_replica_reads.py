"""Reports, exports and drill-downs read from the replica; pages and every write stay on the primary."""

from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.factories import CaseFactory, unit

# Committed data: the replica is a connection of its own, it never sees a test transaction.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_reads(settings):
    settings.REPLICA_READS = True


def test_report_page_and_export_read_from_the_replica_and_log_on_the_primary(client, manager, replica_reads):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    client.force_login(manager)
    # The page computes the figures on the replica; the export reads them back, from the replica too.
    for url, table in (
        (reverse("reports:yearly"), "cases_case"),
        (reverse("reports:export", args=["csv"]), "reports_computedreport"),
    ):
        with CaptureQueriesContext(connections["replica"]) as replica:
            response = client.get(url, {"year": 2025})
        assert response.status_code == 200
        assert any(table in query["sql"] for query in replica), url
    served = next(
        row.value for _s, row in client.get(reverse("reports:yearly"), {"year": 2025}).context["report"].rows()
    )
    assert served == 1


def test_the_case_list_reads_from_the_primary(client, golubka_worker, replica_reads):
    client.force_login(golubka_worker)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(reverse("cases:case_list")).status_code == 200
    assert not replica.captured_queries
