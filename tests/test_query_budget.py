"""Every main page reads the database at most 15 times, with one record of each kind or many.

The count includes everything a request costs: the session, the user, her second-factor
device, her roles and units, the access log and the bell in the top bar. Each page is read
twice, on a small data set and on a larger one built with the factories; both stay within
the budget, and the larger never costs more than the smaller.
"""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from cases.models import Case
from notifications.models import Notification
from shelters.models import Stay
from sponsorship.models import Contribution, Sponsor, SponsoredChild
from tests.query_budget_data import case_with_everything
from tests.sponsorship.factories import ContributionFactory, CorrespondenceFactory

BUDGET = 15
SMALL, LARGE = 1, 6


@dataclass
class Data:
    case: Case
    child: SponsoredChild
    assessment: Assessment


def _build(size: int, worker) -> Data:
    """`size` cases of Golubka, each with `size` records of every kind its pages show."""
    for _ in range(size):
        case = case_with_everything(size=size, worker=worker)
    children = list(SponsoredChild.objects.filter(person__memberships__case=case))
    for child in children:
        sponsorship = child.sponsorships.first()
        ContributionFactory(sponsorship=sponsorship)
        CorrespondenceFactory(sponsorship=sponsorship)
    for index in range(size):
        Notification.objects.create(
            user=worker,
            day=case.opened_on,
            key=f"budget:{case.pk}:{index}",
            kind="task_due",
            params={"title": "t", "case": case.number, "due_on": "2026-03-09"},
            case=case,
        )
    return Data(case=case, child=children[0], assessment=Assessment.objects.filter(case=case).first())


PAGES = {
    "case page (worker)": ("golubka_worker", lambda d: reverse("cases:case_detail", args=[d.case.pk])),
    "case page (coordinator)": ("coordinator", lambda d: reverse("cases:case_detail", args=[d.case.pk])),
    "person page": ("golubka_worker", lambda d: reverse("cases:person_detail", args=[d.case.primary_person_id])),
    "family page": ("golubka_worker", lambda d: reverse("cases:person_family", args=[d.case.primary_person_id])),
    "case list": ("golubka_worker", lambda d: reverse("cases:case_list")),
    "case list, searched": (
        "golubka_worker",
        lambda d: reverse("cases:case_list") + f"?q={d.case.primary_person.family_name}",
    ),
    "board": ("golubka_worker", lambda d: reverse("shelters:board")),
    "children list": ("sponsorship_officer", lambda d: reverse("sponsorship:child_list")),
    "sponsorship tracker": ("sponsorship_officer", lambda d: reverse("sponsorship:tracker")),
    "home (worker)": ("golubka_worker", lambda d: reverse("home")),
    "home (coordinator)": ("coordinator", lambda d: reverse("home")),
    "home (manager)": ("manager", lambda d: reverse("home")),
    "home (sponsorship officer)": ("sponsorship_officer", lambda d: reverse("home")),
    "search": ("golubka_worker", lambda d: reverse("search") + f"?q={d.case.primary_person.family_name}"),
    "caseload review": ("coordinator", lambda d: reverse("cases:caseload")),
    "notifications": ("golubka_worker", lambda d: reverse("notifications:list")),
    "assessment form": ("golubka_worker", lambda d: reverse("assessments:assessment_add", args=[d.case.pk])),
    "assessment correction": (
        "golubka_worker",
        lambda d: reverse("assessments:assessment_correct", args=[d.assessment.pk]),
    ),
    "admin: cases": ("coordinator", lambda d: reverse("admin:cases_case_changelist")),
    "admin: persons": ("coordinator", lambda d: reverse("admin:cases_person_changelist")),
    "admin: stays": ("coordinator", lambda d: reverse("admin:shelters_stay_changelist")),
    "admin: sponsored children": (
        "sponsorship_officer",
        lambda d: reverse("admin:sponsorship_sponsoredchild_changelist"),
    ),
    "admin: sponsors": ("sponsorship_officer", lambda d: reverse("admin:sponsorship_sponsor_changelist")),
    "admin: contributions": ("sponsorship_officer", lambda d: reverse("admin:sponsorship_contribution_changelist")),
    "admin: a case": ("coordinator", lambda d: reverse("admin:cases_case_change", args=[d.case.pk])),
    "admin: a person": ("coordinator", lambda d: reverse("admin:cases_person_change", args=[d.case.primary_person_id])),
}


def _count(client, url) -> int:
    client.get(url)  # the first request of a session may fill caches (translations, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_page_stays_within_the_query_budget_at_two_sizes(request, as_user, golubka_worker, page):
    who, url = PAGES[page]
    client = as_user(request.getfixturevalue(who))
    small = _count(client, url(_build(SMALL, golubka_worker)))
    large = _count(client, url(_build(LARGE, golubka_worker)))
    print(f"\n{page}: {small} / {large}")
    assert small <= BUDGET and large <= BUDGET, (small, large)
    assert large <= small, (small, large)


def test_the_larger_data_set_is_larger(golubka_worker):
    _build(SMALL, golubka_worker)
    before = (Stay.objects.count(), Contribution.objects.count(), Sponsor.objects.count())
    _build(LARGE, golubka_worker)
    assert all(
        after > count
        for after, count in zip(
            (Stay.objects.count(), Contribution.objects.count(), Sponsor.objects.count()), before, strict=True
        )
    )
