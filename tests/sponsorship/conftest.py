"""Actors and records of the Distance Support Program, on top of the fixed cast in tests/conftest.py."""

import pytest

from tests.cases.factories import CaseFactory, UserFactory, unit
from tests.sponsorship.factories import SponsoredChildFactory, SponsorFactory, SponsorshipFactory


@pytest.fixture
def distance_worker(db):
    """Social worker of the Distance Support Program: sees its children, never their sponsors."""
    return UserFactory(username="distance_worker", role="social_worker", units=["distance"])


@pytest.fixture
def child(db):
    """A child enrolled on 01.09.2024, awaiting a sponsor."""
    return SponsoredChildFactory(avsi_code="RU-C-0001")


@pytest.fixture
def sponsor(db):
    return SponsorFactory(name="Famiglia Zanetti", avsi_code="IT-ZAN-77", email="zanetti@example.it")


@pytest.fixture
def sponsorship(child, sponsor):
    """The child sponsored by the Zanetti family since 01.09.2024."""
    return SponsorshipFactory(child=child, sponsor=sponsor)


@pytest.fixture
def golubka_case_of_child(child, golubka_worker):
    """The sponsored child is also a member of a Golubka House case (her mother's stay)."""
    return CaseFactory(unit=unit("golubka"), primary_person=child.person, assigned_to=golubka_worker)
