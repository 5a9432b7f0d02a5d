"""Running queued jobs inside this process: tests, benchmarks and the browser tests' server.

Production runs `manage.py procrastinate worker` instead (one or more processes, on any
machine that reaches the database). Both use procrastinate's own worker on its own
psycopg connections, against the database in the settings (the test database in tests).
"""

import asyncio
import threading

from django.db import connection
from procrastinate.contrib.django import DjangoApp, app


def _close_connection_after_job(call_next, context, worker):
    # The job ran in one of asgiref's pool threads, which outlive this worker: its Django
    # connection would stay open (and keep the test database from being dropped).
    try:
        return call_next()
    finally:
        connection.close()


def worker_app() -> DjangoApp:
    """An app with the project's tasks and a worker connector of its own.

    The site keeps deferring through Django's connection (a job row is written in the
    request's transaction); only this app's worker uses the separate connector.
    """
    worker = DjangoApp(
        connector=app.connector.get_worker_connector(),
        import_paths=app.import_paths,
        worker_defaults={"task_middleware": [_close_connection_after_job]},
    )
    worker.tasks = app.tasks
    worker.periodic_registry = app.periodic_registry
    return worker


def _run_worker_once() -> None:
    worker_app().run_worker(wait=False, install_signal_handlers=False, listen_notify=False, delete_jobs="never")


def run_queued_jobs() -> None:
    """Run every job waiting in the queue (retries due now included), then return.

    The worker runs its own event loop; where this thread already has one running (the
    browser tests' Playwright), it runs in a thread of its own and this one waits for it.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _run_worker_once()
        return
    failure = []

    def run():
        try:
            _run_worker_once()
        except BaseException as error:  # handed back to the caller below
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="procrastinate-run-once")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


class WorkerThread(threading.Thread):
    """A worker that keeps taking jobs until `stop()`; the browser tests' server needs one."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True, name="procrastinate-worker")
        self.interval = interval
        self._stopping = threading.Event()

    def run(self):
        from django.db import connections

        try:
            while not self._stopping.is_set():
                run_queued_jobs()
                self._stopping.wait(self.interval)
        finally:
            connections.close_all()

    def stop(self):
        self._stopping.set()
        self.join(timeout=30)
