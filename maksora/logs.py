"""Log lines that say which request and which user, in UTC, and never carry a search term.

Standard `logging` with a formatter and two filters (see LOGGING in settings): every line
reads `2026-12-02T09:15:01.123Z INFO django.request request=… user=… message`.
"""

import logging
import re
import time
from contextvars import ContextVar

from django.utils.functional import empty
from django.utils.log import AdminEmailHandler

# The request being served in this thread or task; cleared when its response is closed,
# which is after Django's own `django.request` lines are written.
current_request: ContextVar = ContextVar("maksora_current_request", default=None)

# `/cases/?q=Ivanova` → `/cases/`: search terms are people's names.
_QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def current_request_id() -> str:
    request = current_request.get()
    return getattr(request, "request_id", "") if request is not None else ""


def _user_id(request) -> str:
    """The signed-in user's id, without a database query if the user was never looked up."""
    user = request.__dict__.get("user")
    if user is None:
        return "-"
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:  # lazy user never looked up in this request
        return "-"
    return str(wrapped.pk) if getattr(wrapped, "is_authenticated", False) else "anonymous"


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record (handler-level, so all loggers get them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        if request is None:
            record.request_id, record.user_id = "-", "-"
        else:
            record.request_id = getattr(request, "request_id", "-")
            record.user_id = _user_id(request)
        return True


def strip_query_strings(text: str) -> str:
    return _QUERY_STRING.sub(r"\1", text)


class StripQueryStringFilter(logging.Filter):
    """Drops the query string of every URL in a message (`django.server` logs the full request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if "?" in message:
            record.msg, record.args = strip_query_strings(message), None
        return True


class UTCFormatter(logging.Formatter):
    """ISO 8601 timestamps in UTC, whatever TIME_ZONE says (servers and people read them alike)."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's API)
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + f".{int(record.msecs):03d}Z"


class AdminEmailWithoutRequestHandler(AdminEmailHandler):
    """Error mails to administrators without the request's query string, cookies and headers.

    Django's report lists GET parameters and META (QUERY_STRING), where search terms (names)
    would travel by mail; the subject keeps the path and the request id finds the log lines.
    """

    def emit(self, record):
        record = logging.makeLogRecord(record.__dict__)
        record.request = None
        super().emit(record)
