"""Opening many cases at once writes what case_open writes for one: number, primary member, timeline line."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import CaseActivityKind, CaseStatus, MemberRole
from cases.models import Case
from cases.services import case_open, cases_open_bulk
from tests.cases.factories import PersonFactory, unit


def test_bulk_opening_numbers_each_year_from_the_same_counter_as_case_open(sponsorship_officer):
    distance = unit("distance")
    first = case_open(unit=distance, primary_person=PersonFactory(), opened_by=sponsorship_officer,
                      opened_on=date(2024, 5, 1))  # fmt: skip
    people = [PersonFactory() for _ in range(3)]

    cases = cases_open_bulk(
        unit=distance,
        openings=[(people[0], date(2024, 9, 1)), (people[1], date(2023, 9, 1)), (people[2], date(2024, 10, 1))],
        opened_by=sponsorship_officer,
        status=CaseStatus.ACTIVE,
        assigned_to=sponsorship_officer,
    )

    assert first.number == "D-2024-0001"
    assert [case.number for case in cases] == ["D-2024-0002", "D-2023-0001", "D-2024-0003"]
    for case, person in zip(cases, people, strict=True):
        case = Case.objects.get(pk=case.pk)
        assert (case.primary_person, case.status, case.assigned_to) == (person, CaseStatus.ACTIVE, sponsorship_officer)
        assert list(case.memberships.values_list("person", "role")) == [(person.pk, MemberRole.PRIMARY)]
        opened = case.activities.get()
        assert (opened.kind, opened.actor, opened.to_status) == (
            CaseActivityKind.OPENED,
            sponsorship_officer,
            CaseStatus.ACTIVE,
        )


def test_bulk_opening_refuses_a_case_opened_in_the_future_and_opens_none(sponsorship_officer):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refusal:
        cases_open_bulk(
            unit=unit("distance"),
            openings=[(PersonFactory(), date(2024, 9, 1)), (PersonFactory(), tomorrow)],
            opened_by=sponsorship_officer,
        )
    assert list(refusal.value.message_dict) == ["opened_on"]
    assert not Case.objects.exists()
