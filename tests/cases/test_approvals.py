"""Sign-off: a worker's closure and plan go to the unit's coordinator; nobody approves her own."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Approval, CaseActivity
from tests.cases.factories import CaseFactory, GoalFactory, PersonFactory, UserFactory, unit

CLOSE = {"closure_reason": "goals_achieved", "closed_on": "01.06.2026", "comment": "Живёт самостоятельно"}


def close_url(case):
    return reverse("cases:case_close", args=[case.pk])


def timeline(case) -> list[str]:
    return list(
        CaseActivity.objects.filter(case=case, kind="approval").order_by("pk").values_list("summary", flat=True)
    )


def test_a_worker_s_closure_waits_for_the_coordinator_who_closes_it_as_asked(
    as_user, client, golubka_worker, coordinator, golubka_case
):
    page = as_user(golubka_worker).get(close_url(golubka_case)).content.decode()
    assert 'id="closure-needs-approval"' in page
    assert client.post(close_url(golubka_case), CLOSE).status_code == 302
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"
    approval = Approval.objects.get()
    assert (approval.kind, approval.status, approval.requested_by) == ("case_closure", "pending", golubka_worker)
    assert client.get(reverse("cases:approval_decide", args=[approval.pk])).status_code == 403

    as_user(coordinator)
    assert [a.pk for a in client.get(reverse("cases:approvals")).context["page_obj"]] == [approval.pk]
    answered = client.post(
        reverse("cases:approval_decide", args=[approval.pk]),
        {
            "decision": "approve",
            "comment": "Согласовано",
        },
    )
    assert answered.status_code == 302
    golubka_case.refresh_from_db()
    assert (golubka_case.status, golubka_case.closed_on, golubka_case.closure_reason) == (
        "closed",
        date(2026, 6, 1),
        "goals_achieved",
    )
    assert len(timeline(golubka_case)) == 2 and "Согласовано" in timeline(golubka_case)[1]


def test_a_coordinator_closes_another_worker_s_case_at_once(as_user, coordinator, golubka_case):
    assert as_user(coordinator).post(close_url(golubka_case), CLOSE).status_code == 302
    golubka_case.refresh_from_db()
    assert golubka_case.status == "closed" and not Approval.objects.exists()


def test_nobody_approves_her_own_request_on_the_site_in_the_service_or_the_database(as_user, coordinator):
    own = CaseFactory(unit=unit("golubka"), assigned_to=coordinator)
    client = as_user(coordinator)
    client.post(close_url(own), CLOSE)
    approval = Approval.objects.get(case=own)
    assert client.get(reverse("cases:approval_decide", args=[approval.pk])).status_code == 403
    with pytest.raises(ValidationError, match="your own request"):
        services.approval_decide(approval=approval, by=coordinator, approve=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.filter(pk=approval.pk).update(
            status="approved", decided_by=coordinator, decided_at=timezone.now()
        )
    other = UserFactory(username="coordinator2", role="coordinator", units=["golubka"])
    services.approval_decide(approval=approval, by=other, approve=True)
    own.refresh_from_db()
    assert own.status == "closed"


def test_a_return_needs_a_reason_keeps_the_case_open_and_can_be_asked_again(
    as_user, client, golubka_worker, coordinator, golubka_case
):
    as_user(golubka_worker).post(close_url(golubka_case), CLOSE)
    again = client.post(close_url(golubka_case), CLOSE)
    assert again.status_code == 400 and "already waiting for approval" in again.content.decode()
    approval = Approval.objects.get()
    as_user(coordinator)
    url = reverse("cases:approval_decide", args=[approval.pk])
    refused = client.post(url, {"decision": "return", "comment": ""})
    assert refused.status_code == 400 and "Say why the request is returned." in refused.content.decode()
    assert client.post(url, {"decision": "return", "comment": "Сначала найти жильё"}).status_code == 302
    golubka_case.refresh_from_db()
    assert golubka_case.status == "active"
    assert "Сначала найти жильё" in timeline(golubka_case)[-1]
    assert as_user(golubka_worker).post(close_url(golubka_case), CLOSE).status_code == 302
    assert Approval.objects.filter(status="pending").count() == 1


def test_the_plan_goes_with_its_goals_and_the_case_page_shows_the_answer(
    as_user, client, golubka_worker, coordinator, golubka_case
):
    GoalFactory(case=golubka_case, domain="housing", text="Снять комнату")
    client = as_user(golubka_worker)
    assert client.post(reverse("cases:plan_request", args=[golubka_case.pk]), {"comment": ""}).status_code == 302
    approval = Approval.objects.get(kind="case_plan")
    assert [goal["text"] for goal in approval.details["goals"]] == ["Снять комнату"]
    services.approval_decide(approval=approval, by=coordinator, approve=True, comment="")
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert 'data-kind="case_plan" data-status="approved"' in page


def test_a_plan_without_goals_is_not_sent(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(reverse("cases:plan_request", args=[golubka_case.pk]), {"comment": "x"})
    assert response.status_code == 400 and not Approval.objects.exists()


def test_another_unit_s_coordinator_never_sees_the_request(as_user, margarita_worker, coordinator, margarita_case):
    as_user(margarita_worker).post(close_url(margarita_case), CLOSE)
    approval = Approval.objects.get()
    client = as_user(coordinator)
    assert client.get(reverse("cases:approval_decide", args=[approval.pk])).status_code == 404
    assert list(client.get(reverse("cases:approvals")).context["page_obj"]) == []


def test_the_coordinator_s_list_costs_the_same_queries_at_two_sizes(as_user, golubka_worker, coordinator):
    def ask(count):
        for index in range(count):
            case = CaseFactory(assigned_to=golubka_worker, primary_person=PersonFactory(family_name=f"Ф{index}"))
            services.closure_request(case=case, by=golubka_worker, on=date(2026, 6, 1), closure_reason="goals_achieved")

    client = as_user(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:approvals")).status_code == 200
        return len(captured)

    ask(1)
    one = queries()
    ask(12)
    assert queries() == one
