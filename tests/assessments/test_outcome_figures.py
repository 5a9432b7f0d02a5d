"""The report's outcome figures on hand-built data: per domain, the cases that ended in 2026
whose last score is above, equal to or below their first (worked out by hand)."""

from datetime import date

import pytest
import time_machine
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from assessments.models import AssessmentTool
from assessments.reports import assessment_outcomes
from assessments.services import assessment_record
from cases.models import Case
from tests.cases.factories import CaseFactory, unit
from tests.shelters.factories import StayFactory

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(date(2026, 12, 2), tick=False):
        yield


@pytest.fixture
def ended_cases(golubka_worker, margarita_worker):
    """closed: housing 1→3 (improved), work 3→3; moved_out: housing 4→2 (declined), work 3→3;
    margarita: housing 2→4 in another house; earlier: ended in 2025; once: a single assessment."""
    tool = AssessmentTool.objects.get()

    def assessed(case, *days_and_housing):
        for day, housing in days_and_housing:
            scores = {d.pk: housing if d.code == "housing" else 3 for d in tool.domains.all()}
            assessment_record(
                case=case, tool=tool, occasion="review", assessed_on=day, scores=scores, by=case.assigned_to
            )

    def closed_on(case, day):
        Case.objects.filter(pk=case.pk).update(status="closed", closed_on=day, closure_reason="other")

    cases = {}
    cases["closed"] = CaseFactory(opened_on=date(2025, 3, 1), assigned_to=golubka_worker)
    assessed(cases["closed"], (date(2025, 3, 5), 1), (date(2026, 2, 1), 3))
    closed_on(cases["closed"], date(2026, 3, 1))
    cases["moved_out"] = CaseFactory(opened_on=date(2025, 4, 20), assigned_to=golubka_worker)
    StayFactory(
        person=cases["moved_out"].primary_person,
        case=cases["moved_out"],
        period=DateRange(date(2025, 5, 1), date(2026, 4, 11), "[)"),
    )
    assessed(cases["moved_out"], (date(2025, 5, 2), 4), (date(2026, 4, 1), 2))
    cases["margarita"] = CaseFactory(unit=unit("margarita"), opened_on=date(2025, 1, 10), assigned_to=margarita_worker)
    assessed(cases["margarita"], (date(2025, 1, 15), 2), (date(2026, 5, 1), 4))
    closed_on(cases["margarita"], date(2026, 6, 1))
    cases["earlier"] = CaseFactory(opened_on=date(2024, 1, 1), assigned_to=golubka_worker)
    assessed(cases["earlier"], (date(2024, 1, 5), 1), (date(2024, 6, 1), 5))
    closed_on(cases["earlier"], date(2025, 1, 1))
    cases["once"] = CaseFactory(opened_on=date(2026, 1, 20), assigned_to=golubka_worker)
    assessed(cases["once"], (date(2026, 1, 25), 1))
    closed_on(cases["once"], date(2026, 5, 1))
    return cases


def ids(figure) -> list[int]:
    return sorted(figure.records.values_list("pk", flat=True))


def test_outcomes_of_the_organisation_by_domain(ended_cases):
    figure = assessment_outcomes(*YEAR)
    housing = figure.breakdown["housing"]
    assert figure.value == 3 and ids(figure) == sorted(ended_cases[k].pk for k in ("closed", "moved_out", "margarita"))
    assert (
        housing.breakdown["improved"].value,
        housing.breakdown["same"].value,
        housing.breakdown["declined"].value,
    ) == (
        2,
        0,
        1,
    )
    assert ids(housing.breakdown["declined"]) == [ended_cases["moved_out"].pk]
    work = figure.breakdown["work"]
    assert (work.value, work.breakdown["same"].value) == (3, 3)


def test_a_coordinator_counts_only_her_units_and_drills_down_to_the_cases(ended_cases, coordinator, as_user):
    figure = assessment_outcomes(*YEAR, user=coordinator)
    assert figure.value == 2  # Margarita is not hers
    client = as_user(coordinator)
    page = client.get(reverse("reports:yearly"), {"year": 2026})
    assert page.status_code == 200 and "Progress on the path to autonomy" in page.content.decode()
    drill = client.get(
        reverse("reports:drilldown", args=["assessment_outcomes", "assessment_outcomes.housing.improved"]),
        {"year": 2026},
    )
    assert drill.status_code == 200
    assert ended_cases["closed"].number in drill.content.decode()
    assert ended_cases["margarita"].number not in drill.content.decode()
