"""Background work of the programme: a sponsor's statement too big to stream at once, a big AVSI import."""

import tempfile
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from procrastinate.contrib.django import app

from jobs.kinds import JobKind, register
from jobs.services import MAX_ATTEMPTS, background_job_enqueue, background_job_run
from maksora.schedule import scheduled_day
from sponsorship import exports
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.importing.pending import PendingFileMissing, pending_job_done, pending_job_load
from sponsorship.models import Sponsor
from sponsorship.services import yearly_updates_schedule

STATEMENT_JOB = "sponsorship.statement_csv"


def _statement_csv(run):
    """The statement CSV as the owner would have streamed it (her scope, her language), as a file.

    Written chunk by chunk to a temporary file (memory flat however many rows).
    """
    parameters = run.job.parameters
    by = get_user_model().objects.get(pk=run.job.owner_id)
    sponsor = Sponsor.objects.visible_to(by).get(pk=parameters["sponsor"])
    year = parameters["year"]
    total = exports.statement_contributions(sponsor, year, user=by).count()
    written = 0
    with tempfile.TemporaryFile() as output, translation.override(parameters.get("language") or "ru"):
        for chunk in exports.statement_csv(sponsor, year, user=by):
            output.write(chunk.encode("utf-8"))
            written += chunk.count("\n")
            run.progress(min(written, total), total)
        output.seek(0)
        run.attach(output, parameters["filename"])
    return {"rows": total}


@app.task(name="sponsorship.export_statement", retry=MAX_ATTEMPTS - 1)
def export_statement(job_id: int) -> None:
    background_job_run(job_id=job_id, work=_statement_csv)


register(JobKind(STATEMENT_JOB, gettext_lazy("Exporting a sponsor statement"), export_statement))


IMPORT_JOB = "sponsorship.avsi_import"


def import_summary(result) -> dict:
    """What the job page shows of an applied import: counts per record and the rejected rows."""
    return {
        "applied": result.applied,
        "rows": result.rows,
        "summary": [[str(label), counts] for label, counts in result.summary_rows()],
        "rejected": [
            {"row": o.row, "record_label": o.record_label, "key": o.key, "detail": o.detail}
            for o in result.rejected[:500]
        ],
    }


def import_enqueue(pending: dict, *, by, language: str):
    """Apply a checked AVSI file in the background: one job per checked file (its SHA-256 and check)."""
    return background_job_enqueue(
        owner=by,
        kind=IMPORT_JOB,
        parameters={**pending, "language": language},
        idempotency_key=f"{pending['sha256']}:{pending['token']}",
    )


def _apply_import(run):
    parameters = run.job.parameters
    by = get_user_model().objects.get(pk=run.job.owner_id)
    try:
        data = pending_job_load(path=parameters["path"], sha256=parameters["sha256"])
    except PendingFileMissing as exc:
        raise ValidationError(_("That check is no longer available: upload the file again.")) from exc
    run.progress(0, parameters.get("rows") or None)
    # Rejection reasons are kept as written, in the language of the officer who applied the file.
    with translation.override(parameters.get("language") or "ru"), transaction.atomic():
        result = avsi_spreadsheet_import(data=data, name=parameters["name"], dry_run=False, by=by)
        # Committed with the rows: a retry after a crash finds the job done and imports nothing again.
        run.finish(result=import_summary(result))
    pending_job_done(parameters["path"])


@app.task(name="sponsorship.apply_avsi_import", retry=MAX_ATTEMPTS - 1)
def apply_avsi_import(job_id: int) -> None:
    background_job_run(job_id=job_id, work=_apply_import)


register(
    JobKind(
        IMPORT_JOB,
        gettext_lazy("Importing the AVSI spreadsheet"),
        apply_avsi_import,
        result_template="sponsorship/partials/import_job_result.html",
    )
)


@app.periodic(cron="0 2 1 9 *", periodic_id="yearly")  # 1 September, 09:00 in Novosibirsk
@app.task(name="sponsorship.schedule_yearly_updates", queueing_lock="sponsorship.schedule_yearly_updates", retry=2)
def schedule_yearly_updates_task(timestamp: int) -> None:
    """Each sponsorship in force gets this year's update for its sponsor, due on AVSI's day (once)."""
    year = scheduled_day(timestamp).year
    month, day = settings.YEARLY_UPDATE_DUE
    yearly_updates_schedule(year=year, due_on=date(year, month, day))
