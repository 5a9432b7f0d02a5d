"""The signed-in floor page (/signed-in/): what benchmarks/load.py measures every page against."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

DOMAIN_TABLES = ("cases_", "shelters_", "sponsorship_", "reports_", "assessments_", "notifications_")
# Every page reads the user's role and units (maksora.access): those are who she is, not records.
WHO_SHE_IS = ('"cases_unit"', '"cases_unit_members"')


def test_signed_in_worker_sees_her_name(client, golubka_worker):
    golubka_worker.first_name, golubka_worker.last_name = "Мария", "Орлова"
    golubka_worker.save()
    client.force_login(golubka_worker)
    response = client.get(reverse("signed_in"))
    assert response.status_code == 200
    assert "Signed in as Мария Орлова." in response.content.decode()


def test_coordinator_reaches_it_only_after_the_second_factor(client, coordinator):
    from django.test import Client

    plain = Client(HTTP_ACCEPT_LANGUAGE="en")
    plain.force_login(coordinator)  # signed in, no code entered yet
    assert plain.get(reverse("signed_in")).status_code == 302
    client.force_login(coordinator)  # with the code of her device
    assert client.get(reverse("signed_in")).status_code == 200


def test_reads_no_case_shelter_or_sponsorship_record(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    client.get(reverse("signed_in"))
    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(8):
        assert client.get(reverse("signed_in")).status_code == 200
    records = []
    for query in captured:
        sql = query["sql"]
        for table in WHO_SHE_IS:
            sql = sql.replace(table, "")
        if any(f'"{t}' in sql for t in DOMAIN_TABLES):
            records.append(query["sql"])
    assert records == []


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("signed_in"))
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next=/signed-in/"


def test_account_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("signed_in")).status_code == 403
