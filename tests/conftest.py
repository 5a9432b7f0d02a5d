"""A fixed cast of actors, the same in every test module (see each fixture's docstring)."""

import pytest
from django.core.cache import cache
from django.db import connection

from maksora.reference_data import ensure_reference_data
from tests.cases.factories import UserFactory
from tests.security.helpers import SignedInClient


@pytest.fixture(autouse=True)
def _empty_cache():
    # What a page keeps a while (the manager's headlines) is not carried from one test to the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_rows(django_db_setup, django_db_blocker):
    """Units, houses and role groups, which migrations create, are there before every test.

    A transactional test (browser tests, the concurrent admission) ends by emptying the
    database, reference rows included, and a test may reach the database only through a
    fixture it asks for at run time: so they are checked (cheaply) before each test.
    """
    # Only when the session made a test database (a run of database-free tests makes none).
    if connection.settings_dict["NAME"].startswith("test_"):
        with django_db_blocker.unblock():
            ensure_reference_data(only_if_missing=True)


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


def _empty_job_queue():
    # procrastinate's tables are not Django-managed, so a transactional test's flush leaves them.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers RESTART IDENTITY CASCADE")


@pytest.fixture
def run_jobs(transactional_db, settings, tmp_path):
    """Runs the queued jobs with procrastinate's worker, on its own connections to the test database.

    Transactional, so the worker sees what the test and its requests committed; result files
    go to a temporary private folder. Returns the function to call; the queue is emptied
    before and after.
    """
    from jobs.worker import run_queued_jobs

    settings.MEDIA_ROOT = tmp_path / "private"

    _empty_job_queue()
    yield run_queued_jobs
    _empty_job_queue()


@pytest.fixture(autouse=True)
def _report_data_version_moves_at_each_write(request):
    """A test is one transaction that never commits: the data-version trigger (reports.cache), deferred
    to the commit in production, fires at each write here so a report read after a write is recomputed."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS reports_data_changed IMMEDIATE")
