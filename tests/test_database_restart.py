"""The first request after PostgreSQL dropped the app's connection is answered normally.

Served through Django's WSGI handler, as in production: the test client skips the
per-request connection checks (`close_old_connections`) that this is about.
"""

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from maksora.backups import _libpq_url


def _get(path: str) -> tuple[str, bytes]:
    status = []
    body = WSGIHandler()(RequestFactory().get(path).environ, lambda s, headers: status.append(s))
    return status[0], b"".join(body)


def _terminate(pid: int) -> None:
    other = psycopg2.connect(_libpq_url(connection.settings_dict))
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_the_database_dropped_the_connection_succeeds():
    assert _get("/healthz") == ("200 OK", b"ok")
    assert connection.connection is not None  # kept between requests (CONN_MAX_AGE)
    raw = connection.connection  # psycopg 3 (Django's choice when installed) or psycopg2
    _terminate(raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid())
    assert _get("/healthz") == ("200 OK", b"ok")
