"""Starting a background job and running it: status, progress, result, failure.

- `background_job_enqueue(...)` (from a request): one row per idempotency key and the
  procrastinate job that will run it, in one transaction; submitting the same form twice
  gives the same job.
- `background_job_run(job_id=..., work=...)` (from a task in `<app>/tasks.py`): claims the
  row, calls `work(run)` and records the outcome. `work` reports progress with
  `run.progress(done, total)` and, for work that writes, calls `run.finish(result=...)`
  inside its own write transaction, so the result is committed with the writes: a retry
  after a crash then finds the job done and writes nothing twice.
"""

import logging
import threading
import time
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from jobs.kinds import kind_named
from jobs.models import BackgroundJob, JobStatus

logger = logging.getLogger("jobs")

# A task is tried this many times in all (procrastinate retries it after an unexpected error).
MAX_ATTEMPTS = 3
# Progress is written at most this often (seconds), and always at the last step.
PROGRESS_EVERY = 0.5
UNEXPECTED_FAILURE = gettext_noop(
    "The work stopped on an unexpected error. Try again; if it happens again, tell the administrators."
)


@transaction.atomic
def background_job_enqueue(*, owner, kind: str, parameters: dict, idempotency_key: str | None) -> BackgroundJob:
    """The job of `owner` for `idempotency_key`, created and queued the first time only.

    The key is the owner's own (it is stored prefixed with the kind and her id), so one
    user's key never reaches another user's job. Without a key (a download link, which
    carries no form token) an unfinished job of hers with the same parameters is reused,
    so a double click starts one job. The queue row is written in the same transaction as
    the job row (procrastinate's Django connector uses this connection).
    """
    job_kind = kind_named(kind)
    if job_kind is None:
        raise ValueError(f"unknown background job kind {kind!r}")
    if idempotency_key is None:
        unfinished = (
            BackgroundJob.objects.select_for_update()
            .filter(owner=owner, kind=kind, parameters=parameters, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            .first()
        )
        if unfinished is not None:
            return unfinished
        idempotency_key = uuid.uuid4().hex
    key = f"{kind}:{owner.pk}:{idempotency_key}"[:200]
    job, created = BackgroundJob.objects.get_or_create(
        idempotency_key=key, defaults={"owner": owner, "kind": kind, "parameters": parameters}
    )
    if created:
        job_kind.task.configure(queueing_lock=f"background-job-{job.pk}").defer(job_id=job.pk)
    return job


class JobRun:
    """What a running job's work may do: report progress, attach a file, finish."""

    def __init__(self, job: BackgroundJob):
        self.job = job
        self.finished = False
        self._written_at = 0.0

    def progress(self, done: int, total: int | None = None) -> None:
        """`done` steps out of `total`; written at most every PROGRESS_EVERY seconds.

        The work usually runs inside its own transaction (a consistent snapshot of the
        data), where an update of this row would stay invisible to the status page until
        the end: progress therefore goes through a connection of its own.
        """
        if self.finished:  # the row is locked by the finishing transaction from here on
            return
        total = self.job.progress_total if total is None else total
        done = min(done, total) if total is not None else done
        self.job.progress_done, self.job.progress_total = done, total
        now = time.monotonic()
        if now - self._written_at < PROGRESS_EVERY and done != total:
            return
        self._written_at = now
        _write_progress(self.job.pk, done, total)

    def attach(self, content, name: str) -> None:
        """The file the owner downloads when the job is done (kept in private storage).

        `content` is bytes, or a binary file read from its start (a big export written to a
        temporary file is copied to storage in chunks, never held in memory whole).
        """
        upload = ContentFile(content) if isinstance(content, bytes) else File(content, name=name)
        self.job.result_file.save(f"{self.job.pk}-{name}", upload, save=False)
        self.job.result_name = name

    def finish(self, *, result=None) -> None:
        """Mark the job done with its result; call it inside the transaction that writes the work."""
        job = self.job
        job.status, job.result, job.finished_at = JobStatus.DONE, result, timezone.now()
        if job.progress_total is not None:
            job.progress_done = job.progress_total
        job.save(
            update_fields=[
                "status",
                "result",
                "result_file",
                "result_name",
                "finished_at",
                "progress_done",
                "progress_total",
            ]
        )
        self.finished = True


_progress = threading.local()


def _write_progress(job_id: int, done: int, total: int | None) -> None:
    sql = "UPDATE jobs_backgroundjob SET progress_done = %s, progress_total = %s WHERE id = %s"
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(sql, [done, total, job_id])
        return
    # A side connection of this thread to the same database (the test database in tests).
    side = getattr(_progress, "connection", None)
    if side is None:
        side = _progress.connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:
            cursor.execute(sql, [done, total, job_id])
    except Exception:  # progress is a courtesy: never let it stop the work
        logger.warning("progress of job %s not written", job_id, exc_info=True)
        close_progress_connection()


def close_progress_connection() -> None:
    side = getattr(_progress, "connection", None)
    if side is not None:
        side.close()
        _progress.connection = None


def _claim(job_id: int) -> BackgroundJob | None:
    """Mark the job running (committed at once, so the page shows it); None if it is already finished."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        job.status, job.attempts = JobStatus.RUNNING, job.attempts + 1
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "attempts", "started_at"])
        return job


def _fail(job: BackgroundJob, msgid: str, params: dict) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error_msgid=msgid, error_params=params, finished_at=timezone.now()
    )


def _plain_params(params) -> dict:
    if not isinstance(params, dict):
        return {}
    return {key: value if isinstance(value, int | float) else str(value) for key, value in params.items()}


def background_job_run(*, job_id: int, work) -> None:
    """Run `work(run)` for the job; the outcome (done, or failed with a message) is saved on its row.

    A refusal the user can act on (ValidationError from a service) fails the job at once
    with that message. Any other error is raised again, so procrastinate retries the task;
    on the last attempt the job fails with a general message. The work runs with English
    active, so a message is kept as its msgid and shown later in the reader's language.
    """
    job = _claim(job_id)
    if job is None:
        return
    run = JobRun(job)
    started = time.monotonic()
    try:
        with translation.override("en"):
            result = work(run)
            if not run.finished:
                run.finish(result=result)
    except ValidationError as error:
        first = error.error_list[0] if hasattr(error, "error_list") else error
        _fail(job, str(first.message), _plain_params(first.params))
        logger.info("job %s (%s) refused: %s", job.pk, job.kind, first.message)
    except Exception:
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job, UNEXPECTED_FAILURE, {})
        logger.exception("job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        raise
    else:
        logger.info("job %s (%s) done in %.1f s", job.pk, job.kind, time.monotonic() - started)
    finally:
        close_progress_connection()
