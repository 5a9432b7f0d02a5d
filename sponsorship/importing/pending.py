"""The checked file waiting for "Apply": kept in private storage, named in the session with its hash.

The browser only sends back a random token; the file itself, its name and its SHA-256
stay on the server, and the hash is checked again before anything is applied, so what
is applied is byte for byte what was checked.
"""

import hashlib
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "sponsorship_import"
FOLDER = "imports"
# Checks abandoned without "Apply" are removed by the next upload after this delay.
ABANDONED_AFTER = timedelta(days=1)


class PendingFileMissing(Exception):
    """No checked file for this token, or it changed since the check."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pending_store(session, *, data: bytes, name: str, rows: int = 0) -> str:
    """Keep `data` (a file of `rows` rows) for a later apply; returns the token the confirmation form carries."""
    pending_forget(session)
    _remove_abandoned()
    token = uuid.uuid4().hex
    path = default_storage.save(f"{FOLDER}/{token}", ContentFile(data))
    session[SESSION_KEY] = {"token": token, "path": path, "sha256": _digest(data), "name": name[:100], "rows": rows}
    return token


def pending_rows(session) -> int:
    """How many rows the checked file has (what decides whether it is applied in the background)."""
    return (session.get(SESSION_KEY) or {}).get("rows", 0)


def pending_hand_over(session) -> dict:
    """The checked file's path, SHA-256 and name for a background job, which now owns (and removes) the file."""
    return session.pop(SESSION_KEY)


def pending_job_load(*, path: str, sha256: str) -> bytes:
    """The file a job was handed, unchanged since the check; PendingFileMissing otherwise."""
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise PendingFileMissing from exc
    if _digest(data) != sha256:
        raise PendingFileMissing
    return data


def pending_job_done(path: str) -> None:
    default_storage.delete(path)


def pending_load(session, token: str) -> tuple[bytes, str]:
    """(data, original name) of the file checked under `token`, unchanged since."""
    pending = session.get(SESSION_KEY)
    if not pending or not token or token != pending["token"]:
        raise PendingFileMissing
    try:
        with default_storage.open(pending["path"], "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise PendingFileMissing from exc
    if _digest(data) != pending["sha256"]:
        raise PendingFileMissing
    return data, pending["name"]


def pending_forget(session) -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(pending["path"])


def _remove_abandoned() -> None:
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - ABANDONED_AFTER
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
