"""Log lines: UTC timestamps, request id and user id on each line, no query strings (search terms are names)."""

import io
import logging
import re
from logging.config import dictConfig

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path, reverse

from maksora.logs import UTCFormatter, strip_query_strings
from maksora.views import server_error

LINE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (?P<level>[A-Z]+) (?P<logger>\S+) "
    r"request=(?P<request>\S+) user=(?P<user>\S+) (?P<message>.*)$"
)


@login_not_required
def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", failing_view, name="boom")]
handler500 = server_error


@pytest.fixture
def log_lines():
    """The project's console handler (formatter and filters from settings.LOGGING), writing to a buffer."""
    stream = io.StringIO()
    dictConfig(settings.LOGGING)
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    old_stream = handler.setStream(stream)
    yield lambda: [line for line in stream.getvalue().splitlines() if line]
    handler.setStream(old_stream)


def test_a_404_line_has_utc_time_request_id_user_id_and_no_search_terms(client, golubka_worker, log_lines):
    client.force_login(golubka_worker)
    response = client.get("/cases/987654321/", {"q": "Иванова Мария"})
    assert response.status_code == 404
    line = LINE.match(log_lines()[-1])
    assert line, log_lines()
    assert line["logger"] == "django.request" and line["level"] == "WARNING"
    assert line["request"] == response["X-Request-ID"]
    assert line["user"] == str(golubka_worker.pk)
    assert "Иванова" not in "\n".join(log_lines()) and "?" not in line["message"]


def test_server_log_of_a_request_line_loses_its_query_string(log_lines):
    logging.getLogger("django.server").info('"%s" %s %s', "GET /cases/?q=Petrova&page=2 HTTP/1.1", "200", "512")
    line = LINE.match(log_lines()[-1])
    assert line["message"] == '"GET /cases/ HTTP/1.1" 200 512'
    assert line["request"] == "-" and line["user"] == "-"  # outside a request


def test_timestamps_are_utc_whatever_the_time_zone(settings):
    assert settings.TIME_ZONE == "Asia/Novosibirsk"
    record = logging.makeLogRecord({"created": 0.25, "msecs": 250})
    assert UTCFormatter("%(asctime)s").format(record) == "1970-01-01T00:00:00.250Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not Found: /cases/?q=Ivanova", "Not Found: /cases/"),
        ('"GET /reports/export/csv/?year=2025&lang=ru HTTP/1.1" 200', '"GET /reports/export/csv/ HTTP/1.1" 200'),
        ("no url here? fine", "no url here? fine"),
    ],
)
def test_query_strings_are_cut_from_urls_only(text, expected):
    assert strip_query_strings(text) == expected


def test_an_incoming_well_formed_request_id_is_kept_and_a_forged_one_replaced(client, db):
    kept = client.get(reverse("login"), headers={"X-Request-ID": "proxy-abc123-XYZ"})
    assert kept["X-Request-ID"] == "proxy-abc123-XYZ"
    forged = client.get(reverse("login"), headers={"X-Request-ID": "x\nuser=1 forged line"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
    assert client.get(reverse("login"))["X-Request-ID"] != client.get(reverse("login"))["X-Request-ID"]


@pytest.mark.urls(__name__)
def test_the_error_page_shows_the_request_id_that_the_log_line_carries(db, log_lines):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/boom/", {"q": "Сидорова"}, headers={"X-Request-ID": "support-ticket-0042"})
    assert response.status_code == 500
    page = response.content.decode()
    assert 'If you report this error, quote this reference: <code id="request-id">support-ticket-0042</code>' in page
    error_lines = [LINE.match(line) for line in log_lines() if "Internal Server Error" in line]
    assert error_lines and error_lines[0]["request"] == "support-ticket-0042"
    assert "Сидорова" not in "\n".join(log_lines())


def test_error_mail_to_administrators_carries_no_query_string(settings, db):
    from django.core import mail

    settings.ADMINS = [("Admins", "admins@example.org")]
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    dictConfig(settings.LOGGING)
    Client(raise_request_exception=False).get("/boom/", {"q": "Сидорова"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Сидорова" not in message.subject + message.body and "q=" not in message.body
    assert "/boom/" in message.subject and 'raise RuntimeError("boom")' in message.body  # the traceback stays
