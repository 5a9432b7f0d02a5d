"""The consents to renew: ending in the next 30 days or already expired, within the user's scope."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cases.services import consent_give
from tests.cases.factories import CaseFactory, unit

URL = reverse("cases:consents_expiring")


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def _consent(case, *, valid_until, purpose="photos"):
    return consent_give(
        person=case.primary_person, purpose=purpose, given_on=date(2026, 1, 20), valid_until=valid_until, by=None
    )


def test_lists_lapsing_and_expired_consents_not_later_ones(as_user, golubka_worker, golubka_case):
    lapsing = _consent(golubka_case, valid_until=date(2026, 6, 20))
    expired = _consent(golubka_case, valid_until=date(2026, 5, 1), purpose="data_processing")
    later = CaseFactory(unit=unit("golubka"))
    _consent(later, valid_until=date(2026, 9, 1))
    response = as_user(golubka_worker).get(URL)
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert rows == [expired, lapsing]
    assert [row.state for row in rows] == ["expired", "lapsing"]
    page = response.content.decode()
    assert "valid until 20.06.2026" in page and reverse("cases:consents_expiring") in page


def test_a_renewed_consent_leaves_the_list(as_user, golubka_worker, golubka_case):
    _consent(golubka_case, valid_until=date(2026, 5, 1))
    consent_give(person=golubka_case.primary_person, purpose="photos", given_on=date(2026, 5, 20), by=None)
    assert list(as_user(golubka_worker).get(URL).context["page_obj"]) == []


def test_another_units_consents_are_not_listed(as_user, margarita_worker, golubka_case):
    _consent(golubka_case, valid_until=date(2026, 6, 20))
    assert list(as_user(margarita_worker).get(URL).context["page_obj"]) == []


def test_a_bad_page_number_shows_the_last_page(as_user, golubka_worker, golubka_case):
    _consent(golubka_case, valid_until=date(2026, 6, 20))
    response = as_user(golubka_worker).get(URL, {"page": "x"})
    assert response.status_code == 200 and len(response.context["page_obj"]) == 1


@pytest.mark.parametrize("who", ["manager", "sponsorship_officer", "outsider"])
def test_staff_who_do_not_collect_consents_get_403(as_user, request, who):
    assert as_user(request.getfixturevalue(who)).get(URL).status_code == 403


def test_query_count_is_the_same_for_1_and_20_consents(as_user, golubka_worker, django_assert_num_queries):
    client = as_user(golubka_worker)
    _consent(CaseFactory(unit=unit("golubka")), valid_until=date(2026, 6, 20))
    client.get(URL)
    with django_assert_num_queries(_count(client)) as one:
        client.get(URL)
    for _ in range(19):
        _consent(CaseFactory(unit=unit("golubka")), valid_until=date(2026, 6, 20))
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(URL).context["page_obj"]) == 20


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    return len(queries.captured_queries)
