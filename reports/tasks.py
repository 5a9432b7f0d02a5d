"""Background work of the reports: saving a snapshot (thin wrappers around reports.snapshots)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app

from jobs.kinds import JobKind, register
from jobs.services import MAX_ATTEMPTS, background_job_run
from reports import snapshots


def _save_snapshot(run):
    job, parameters = run.job, run.job.parameters
    by = get_user_model().objects.get(pk=job.owner_id)
    saved = snapshots.saved_report_create(
        title=parameters["title"],
        start=date.fromisoformat(parameters["start"]),
        end=date.fromisoformat(parameters["end"]),
        by=by,
        idempotency_key=job.idempotency_key,
        progress=run.progress,
    )
    return {"saved_report": saved.pk}


@app.task(name="reports.save_snapshot", retry=MAX_ATTEMPTS - 1)
def save_snapshot(job_id: int) -> None:
    background_job_run(job_id=job_id, work=_save_snapshot)


register(
    JobKind(
        snapshots.JOB_KIND,
        _("Saving a report snapshot"),
        save_snapshot,
        result_template="reports/partials/saved_report_job_result.html",
    )
)
