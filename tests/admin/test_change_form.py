"""The case change form: inline rows do not each query their choices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.factories import CaseFactory, CaseMemberFactory, NoteFactory, TaskFactory, unit

pytestmark = pytest.mark.django_db


def _change_form_queries(client, case):
    url = reverse("admin:cases_case_change", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_change_form_query_count_does_not_grow_with_inline_rows(client, coordinator, golubka_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    TaskFactory(case=case, assigned_to=golubka_worker)
    NoteFactory(case=case, author=golubka_worker)
    client.force_login(coordinator)
    one = _change_form_queries(client, case)
    for _ in range(5):
        TaskFactory(case=case, assigned_to=golubka_worker)
        NoteFactory(case=case, author=golubka_worker)
        CaseMemberFactory(case=case)
    six = _change_form_queries(client, case)
    # Only the member autocomplete widgets query their selected person (one each, a Django limit).
    assert six - one <= 5
