"""The kinds of background work, each registered by the app that does it (in its tasks.py).

The jobs app sits on the ground floor: it knows a kind only by this registration, so the
apps above it (reports, sponsorship) never have to be imported from here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    label: object  # lazily translated: "Saving a report snapshot"
    task: object  # the procrastinate task that runs one job of this kind, given `job_id`
    # Partial shown on the job page once done (context: job, result); the download link otherwise.
    result_template: str = ""


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> JobKind | None:
    return _KINDS.get(name)
