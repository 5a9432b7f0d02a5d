"""The units of a person's cases, which decide who may edit, restrict or destroy her record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseMember
from cases.services import person_unit_codes
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, unit

pytestmark = pytest.mark.django_db


def test_her_units_are_those_of_every_case_she_is_in_as_member_or_primary_person():
    mother, child, stranger = PersonFactory(), PersonFactory(), PersonFactory()
    golubka = CaseFactory(unit=unit("golubka"), primary_person=mother)
    CaseMemberFactory(case=CaseFactory(unit=unit("local")), person=mother, role="mother")
    CaseMemberFactory(case=golubka, person=child, role="child")
    CaseFactory(unit=unit("margarita"), primary_person=stranger)
    # A primary person counts even without her member row.
    CaseMember.objects.filter(case=golubka, person=mother).delete()

    with CaptureQueriesContext(connection) as queries:
        assert person_unit_codes(mother) == {"golubka", "local"}
    assert len(queries.captured_queries) == 1
    assert person_unit_codes(child) == {"golubka"}
    assert person_unit_codes([mother.pk, stranger.pk]) == {"golubka", "local", "margarita"}
    assert person_unit_codes(PersonFactory()) == set()
