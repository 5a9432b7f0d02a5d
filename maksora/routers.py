"""Reads that may be a little behind go to the replica: reports, exports, drill-downs.

Views opt in with `reads_from_replica` (a decorator) or `reading_from_replica()` (a block);
everything else, and every write, stays on the primary. `DATABASES["replica"]` is the
server of `DATABASE_REPLICA_URL`, or the primary itself when none is set (see settings).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def reading_from_replica():
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


def read_alias() -> str:
    """The database alias reads go to now: the replica inside an opted-in view, if reads may go there."""
    return REPLICA if _reading_from_replica.get() and settings.REPLICA_READS else "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
