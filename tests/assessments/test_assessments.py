"""Scored assessments: recorded at admission and reviews, shown over time, locked after a week."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, AssessmentDomain, AssessmentTool
from assessments.outcomes import outcomes_between
from assessments.progress import case_assessment_due
from assessments.services import assessment_record, assessment_tasks_schedule
from cases.models import Case, CaseActivity, Task
from tests.cases.factories import CaseFactory, unit
from tests.shelters.factories import StayFactory

TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(date(2026, 6, 10), tick=False):
        yield


@pytest.fixture
def tool(db):
    return AssessmentTool.objects.get()


def scores(tool, **by_code) -> dict[int, int]:
    """Every domain at 3 unless given, e.g. scores(tool, housing=1)."""
    return {domain.pk: by_code.get(domain.code, 3) for domain in tool.domains.all()}


def form_data(tool, occasion="admission", day="01.06.2026", **by_code):
    data = {f"domain_{pk}": score for pk, score in scores(tool, **by_code).items()}
    return {"occasion": occasion, "assessed_on": day, **data}


def test_the_form_shows_each_domain_s_levels_in_the_reader_s_language(as_user, golubka_worker, golubka_case, tool):
    page = as_user(golubka_worker).get(reverse("assessments:assessment_add", args=[golubka_case.pk])).content.decode()
    assert "Housing" in page and "1 — Nowhere to live after the shelter" in page
    assert page.count('type="radio"') >= 8 * 5


def test_a_worker_records_an_admission_assessment(as_user, golubka_worker, golubka_case, tool):
    client = as_user(golubka_worker)
    url = reverse("assessments:assessment_add", args=[golubka_case.pk])
    assert client.post(url, form_data(tool, housing=1)).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.scores.get(domain__code="housing").score == 1 and assessment.scores.count() == 8
    assert CaseActivity.objects.filter(case=golubka_case, summary__contains="Assessment").exists()


def test_a_missing_score_or_a_future_day_is_refused_and_the_typed_scores_stay(
    as_user, golubka_worker, golubka_case, tool
):
    client = as_user(golubka_worker)
    url = reverse("assessments:assessment_add", args=[golubka_case.pk])
    data = form_data(tool, housing=4)
    del data[f"domain_{AssessmentDomain.objects.get(code='work').pk}"]
    refused = client.post(url, data)
    assert refused.status_code == 400
    housing = AssessmentDomain.objects.get(code="housing").pk
    assert f'name="domain_{housing}" value="4"' in refused.content.decode().replace(" checked", "") or "checked" in (
        refused.content.decode()
    )
    future = client.post(url, form_data(tool, day="11.06.2026"))
    assert future.status_code == 400 and "An assessment cannot be dated in the future." in future.content.decode()
    assert not Assessment.objects.exists()


def test_the_case_page_shows_each_domain_over_time_and_suggests_goals_where_low(
    as_user, golubka_worker, golubka_case, tool
):
    assessment_record(
        case=golubka_case, tool=tool, occasion="admission", assessed_on=date(2026, 2, 1),
        scores=scores(tool, housing=1, work=2), by=golubka_worker,
    )  # fmt: skip
    assessment_record(
        case=golubka_case, tool=tool, occasion="review", assessed_on=date(2026, 5, 1),
        scores=scores(tool, housing=3, work=2), by=golubka_worker,
    )  # fmt: skip
    page = as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert 'data-domain="housing" data-latest="3" data-change="2"' in page
    assert f"{reverse('cases:goal_add', args=[golubka_case.pk])}?domain=work" in page
    assert "?domain=housing" not in page
    goal_form = as_user(golubka_worker).get(reverse("cases:goal_add", args=[golubka_case.pk]), {"domain": "work"})
    assert goal_form.context["form"]["domain"].value() == "work"


def test_scores_are_corrected_within_the_week_then_locked_until_a_coordinator_unlocks(
    as_user, client, golubka_worker, coordinator, golubka_case, tool
):
    assessment = assessment_record(
        case=golubka_case, tool=tool, occasion="admission", assessed_on=date(2026, 6, 5),
        scores=scores(tool), by=golubka_worker,
    )  # fmt: skip
    url = reverse("assessments:assessment_correct", args=[assessment.pk])
    data = {k: v for k, v in form_data(tool, housing=4).items() if k.startswith("domain_")}
    assert as_user(golubka_worker).post(url, data).status_code == 302
    with time_machine.travel(date(2026, 6, 13), tick=False):
        # Three days on the session has ended: sign in again.
        locked = as_user(golubka_worker).post(
            url, {**data, f"domain_{AssessmentDomain.objects.get(code='housing').pk}": 5}
        )
        assert locked.status_code == 400 and "This assessment is locked" in locked.content.decode()
        unlock = reverse("assessments:assessment_unlock", args=[assessment.pk])
        assert client.post(unlock).status_code == 403
        assert as_user(coordinator).post(unlock).status_code == 302
        assert as_user(golubka_worker).post(url, data).status_code == 302
    assert CaseActivity.objects.filter(case=golubka_case, summary__contains="unlocked").exists()
    assert assessment.scores.get(domain__code="housing").score == 4


def test_another_unit_never_reaches_an_assessment_and_local_services_have_no_form(
    as_user, margarita_worker, golubka_worker, golubka_case, tool
):
    assessment = assessment_record(
        case=golubka_case, tool=tool, occasion="admission", assessed_on=TODAY, scores=scores(tool), by=golubka_worker
    )
    client = as_user(margarita_worker)
    assert client.get(reverse("assessments:assessment_correct", args=[assessment.pk])).status_code == 404
    local = CaseFactory(unit=unit("local"))
    local_worker_client = as_user(golubka_worker)
    assert local_worker_client.get(reverse("assessments:assessment_add", args=[local.pk])).status_code == 404


def test_assessments_fall_due_at_admission_then_every_review_and_become_tasks_once(golubka_worker, golubka_case, tool):
    due = case_assessment_due(golubka_case)
    assert (due.occasion, due.due_on) == ("admission", date(2026, 1, 29))
    assert assessment_tasks_schedule(today=TODAY) == 1
    assert assessment_tasks_schedule(today=TODAY) == 0
    task = Task.objects.get(case=golubka_case)
    assert (task.due_on, task.assigned_to) == (date(2026, 1, 29), golubka_worker)
    assessment_record(
        case=golubka_case, tool=tool, occasion="admission", assessed_on=date(2026, 4, 1),
        scores=scores(tool), by=golubka_worker,
    )  # fmt: skip
    due = case_assessment_due(golubka_case)
    assert (due.occasion, due.due_on) == ("review", date(2026, 6, 30))
    assert assessment_tasks_schedule(today=TODAY) == 0  # twenty days off: no task yet
    assert assessment_tasks_schedule(today=date(2026, 6, 25)) == 1


def test_the_assessment_section_costs_the_same_queries_at_two_sizes(as_user, golubka_worker, golubka_case, tool):
    client = as_user(golubka_worker)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:case_detail", args=[golubka_case.pk])).status_code == 200
        return len(queries)

    def record(day):
        assessment_record(
            case=golubka_case, tool=tool, occasion="review", assessed_on=day, scores=scores(tool), by=golubka_worker
        )

    record(date(2026, 2, 1))
    one = count()
    for month in range(3, 7):
        record(date(2026, month, 2))
    assert count() == one


def test_outcomes_compare_first_and_last_scores_of_the_cases_that_ended(golubka_worker, tool):
    def assessed(case, *days_and_housing, work=3):
        for day, housing in days_and_housing:
            assessment_record(
                case=case, tool=tool, occasion="review", assessed_on=day,
                scores=scores(tool, housing=housing, work=work), by=golubka_worker,
            )  # fmt: skip

    closed = CaseFactory(opened_on=date(2025, 3, 1))
    assessed(closed, (date(2025, 3, 5), 1), (date(2025, 9, 1), 2), (date(2026, 2, 1), 3))
    Case.objects.filter(pk=closed.pk).update(status="closed", closed_on=date(2026, 3, 1), closure_reason="other")
    moved_out = CaseFactory(opened_on=date(2025, 4, 20))
    # Her last night in the house was 10 April 2026.
    StayFactory(
        person=moved_out.primary_person, case=moved_out, period=DateRange(date(2025, 5, 1), date(2026, 4, 11), "[)")
    )
    assessed(moved_out, (date(2025, 5, 2), 4), (date(2026, 4, 1), 2))
    earlier = CaseFactory(opened_on=date(2024, 1, 1))
    assessed(earlier, (date(2024, 1, 5), 1), (date(2024, 6, 1), 5))
    Case.objects.filter(pk=earlier.pk).update(status="closed", closed_on=date(2025, 1, 1), closure_reason="other")
    once = CaseFactory(opened_on=date(2026, 1, 20))
    assessed(once, (date(2026, 1, 25), 1))
    Case.objects.filter(pk=once.pk).update(status="closed", closed_on=date(2026, 5, 1), closure_reason="other")

    outcomes = {row.domain.code: row for row in outcomes_between(start=date(2026, 1, 1), end=date(2026, 12, 31))}
    housing, work = outcomes["housing"], outcomes["work"]
    assert housing.case_ids == {"improved": [closed.pk], "same": [], "declined": [moved_out.pk]}
    assert (work.improved, work.same, work.declined) == (0, 2, 0)
