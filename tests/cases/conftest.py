"""Cases seen by the fixed cast: one in Golubka House, one in Margarita House."""

import pytest

from cases.querysets import CaseSearchQuerySet
from tests.cases.factories import CaseFactory, PersonFactory, unit


@pytest.fixture(params=["few namesakes", "many namesakes"])
def namesakes(request, monkeypatch):
    """A case-list name search run both ways (CaseSearchQuerySet.search): from the few people
    found to their cases, and, as a common name is, through each of the reader's cases."""
    if request.param == "many namesakes":
        monkeypatch.setattr(CaseSearchQuerySet, "FEW_NAMESAKES", 0)
    return request.param


@pytest.fixture
def golubka_case(golubka_worker):
    """An active Golubka case assigned to the Golubka worker."""
    return CaseFactory(
        unit=unit("golubka"),
        primary_person=PersonFactory(family_name="Иванова", given_name="Мария"),
        assigned_to=golubka_worker,
    )


@pytest.fixture
def margarita_case(margarita_worker):
    """An active Margarita case the Golubka worker must never reach."""
    return CaseFactory(
        unit=unit("margarita"),
        primary_person=PersonFactory(family_name="Петрова", given_name="Анна", birth_date=None),
        assigned_to=margarita_worker,
    )
