"""A fixed cast of actors, the same in every test module (see each fixture's docstring)."""

import pytest

from maksora.reference_data import ensure_reference_data
from tests.cases.factories import UserFactory
from tests.security.helpers import SignedInClient


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_rows(request, django_db_setup, django_db_blocker):
    """Units, houses and role groups, which migrations create, are there for every test.

    A transactional test (browser tests, the concurrent admission) ends by emptying the
    database, reference rows included: they are put back right after it, and before
    each database test, so no test depends on the order tests run in.
    """
    fixtures = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker or {"db", "transactional_db"} & fixtures:
        with django_db_blocker.unblock():
            ensure_reference_data(only_if_missing=True)
    yield
    flushed = marker is not None and marker.kwargs.get("transaction", bool(marker.args and marker.args[0]))
    if flushed or "transactional_db" in fixtures or "live_server" in fixtures:
        with django_db_blocker.unblock():
            ensure_reference_data()


@pytest.fixture
def golubka_worker(db):
    """Social worker of Golubka House only."""
    return UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])


@pytest.fixture
def margarita_worker(db):
    """Social worker of Margarita House only."""
    return UserFactory(username="margarita_worker", role="social_worker", units=["margarita"])


@pytest.fixture
def local_worker(db):
    """Social worker of Local services only."""
    return UserFactory(username="local_worker", role="social_worker", units=["local"])


@pytest.fixture
def coordinator(db):
    """Coordinator of Golubka House and Local services (not Margarita)."""
    return UserFactory(username="coordinator", role="coordinator", units=["golubka", "local"])


@pytest.fixture
def manager(db):
    """Manager: reads every unit, edits nothing."""
    return UserFactory(username="manager", role="manager")


@pytest.fixture
def sponsorship_officer(db):
    """Sponsorship officer of the Distance Support Program."""
    return UserFactory(username="sponsorship_officer", role="sponsorship_officer", units=["distance"])


@pytest.fixture
def outsider(db):
    """Logged-in account with no role and no unit."""
    return UserFactory(username="outsider")


@pytest.fixture
def site_admin(db):
    """Administrator: users, units and reference lists; no case content."""
    return UserFactory(username="site_admin", role="admin")


@pytest.fixture
def client():
    """Test client that asks for the English interface, so assertions read the msgids.

    Russian stays the default for real users; tests of that default pass
    HTTP_ACCEPT_LANGUAGE="ru" or use `ru_client`.
    """
    return SignedInClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def ru_client(db):
    return SignedInClient(HTTP_ACCEPT_LANGUAGE="ru")


@pytest.fixture
def as_user(client):
    """Log the test client in as `user` and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login
