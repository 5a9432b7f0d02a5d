"""Saving a report snapshot ("as of" now): computed in a background job, stored once per key."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maksora.access import access_for
from reports.comparison import previous_period, with_previous
from reports.models import SavedReport
from reports.report import compute_report

JOB_KIND = "reports.saved_report"


def saved_report_create(*, title: str, start: date, end: date, by, idempotency_key: str, progress=None) -> SavedReport:
    """Compute the report `by` sees for [start, end) and save it with its record ids and a year earlier's values.

    A second call with the same `idempotency_key` (a job retried after a crash, a form
    sent twice) returns the snapshot already saved and writes nothing. Who may see
    reports is asked again here: a role can change between the request and the job.
    """
    if not access_for(by).sees_reports:
        raise ValidationError(_("You may no longer see reports: nothing was saved."))
    saved = SavedReport.objects.filter(idempotency_key=idempotency_key).first()
    if saved is not None:
        return saved
    report = compute_report(start, end, by, with_record_ids=True, progress=progress)
    # A year earlier's values are frozen with the figures, so the comparison reopens as it was saved.
    report = with_previous(report, compute_report(*previous_period(start, end), by))
    with transaction.atomic():
        saved, _created = SavedReport.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "title": title,
                "start": start,
                "end": end,
                "figures": report.to_json(),
                "record_ids": report.record_ids,
                "unit_codes": sorted(access_for(by).case_unit_codes),
                "created_by": by,
            },
        )
    return saved
