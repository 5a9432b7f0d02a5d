"""Background work of the programme: a sponsor's statement too big to stream at once."""

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app

from jobs.kinds import JobKind, register
from jobs.services import MAX_ATTEMPTS, background_job_run
from maksora.exports import stream_csv
from sponsorship import exports
from sponsorship.models import Sponsor

STATEMENT_JOB = "sponsorship.statement_csv"


def _statement_csv(run):
    """The statement CSV as the owner would have streamed it (her scope, her language), as a file."""
    parameters = run.job.parameters
    by = get_user_model().objects.get(pk=run.job.owner_id)
    sponsor = Sponsor.objects.visible_to(by).get(pk=parameters["sponsor"])
    year = parameters["year"]
    total = exports.statement_contributions(sponsor, year, user=by).count()
    lines = []
    with translation.override(parameters.get("language") or "ru"):
        for number, line in enumerate(stream_csv(exports.statement_csv_rows(sponsor, year, user=by))):
            lines.append(line)
            if number % 1000 == 0:
                run.progress(min(number, total), total)
    run.attach("".join(lines).encode("utf-8"), parameters["filename"])
    return {"rows": total}


@app.task(name="sponsorship.export_statement", retry=MAX_ATTEMPTS - 1)
def export_statement(job_id: int) -> None:
    background_job_run(job_id=job_id, work=_statement_csv)


register(JobKind(STATEMENT_JOB, _("Exporting a sponsor statement"), export_statement))
