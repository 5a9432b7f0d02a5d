"""Background work of the reports: saving a snapshot (reports.snapshots), exporting a report over several years."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
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


EXPORT_JOB = "reports.yearly_export"


def _export_report(run):
    """The yearly report over several years as a file, computed in the owner's scope and written in `lang`."""
    from reports.comparison import previous_period, with_previous
    from reports.exports import csv_rows, pdf_bytes, xlsx_bytes
    from reports.report import compute_report

    parameters = run.job.parameters
    by = get_user_model().objects.get(pk=run.job.owner_id)
    start, end = date.fromisoformat(parameters["start"]), date.fromisoformat(parameters["end"])
    report = compute_report(start, end, by, progress=run.progress)
    report = with_previous(report, compute_report(*previous_period(start, end), by))
    fmt = parameters["format"]
    with translation.override(parameters["language"]):
        if fmt == "csv":
            content = "".join(csv_rows(report)).encode("utf-8")
        elif fmt == "xlsx":
            content = xlsx_bytes(report)
        else:
            content = pdf_bytes(report, title=gettext("Yearly report"))
    run.attach(content, f"{parameters['filename']}.{fmt}")
    return {"rows": report.row_count}


@app.task(name="reports.export_report", retry=MAX_ATTEMPTS - 1)
def export_report(job_id: int) -> None:
    background_job_run(job_id=job_id, work=_export_report)


register(JobKind(EXPORT_JOB, _("Exporting the report"), export_report))
