"""Running the data checks and dismissing what they found."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from datachecks.checks import CHECKS
from datachecks.models import DataProblem


@dataclass
class RunSummary:
    found: int = 0
    new: int = 0
    resolved: int = 0


@transaction.atomic
def data_checks_run(*, today: date, kinds: list[str] | None = None) -> RunSummary:
    """Run the checks and bring the stored problems in line, idempotently.

    A problem found again keeps its row (and its first day); one no longer found is
    resolved; one resolved and found again reopens; a dismissed one stays dismissed.
    Its worker follows the case (a reassigned case moves its problems with it).
    """
    summary = RunSummary()
    for kind in kinds or list(CHECKS):
        findings = {finding.record_key: finding for finding in CHECKS[kind](today)}
        stored = DataProblem.objects.select_for_update().filter(kind=kind)
        known = dict(stored.values_list("record_key", "assigned_to_id"))
        new = [
            DataProblem(
                kind=kind,
                record_key=key,
                unit_id=finding.unit_id,
                person_id=finding.person_id,
                case_id=finding.case_id,
                pair_id=finding.pair_id,
                assigned_to_id=finding.assigned_to_id,
                found_on=today,
                seen_on=today,
            )
            for key, finding in findings.items()
            if key not in known
        ]
        DataProblem.objects.bulk_create(new)
        again = stored.filter(record_key__in=[key for key in findings if key in known])
        again.filter(resolved_on__isnull=False).update(resolved_on=None, found_on=today)
        again.update(seen_on=today)
        for key, finding in findings.items():
            if key in known and known[key] != finding.assigned_to_id:
                stored.filter(record_key=key).update(assigned_to_id=finding.assigned_to_id)
        summary.resolved += (
            stored.filter(resolved_on__isnull=True).exclude(record_key__in=list(findings)).update(resolved_on=today)
        )
        summary.found += len(findings)
        summary.new += len(new)
    return summary


@transaction.atomic
def data_problem_dismiss(*, problem: DataProblem, by, reason: str, on: date) -> DataProblem:
    """Set a finding aside with a reason (a child truly has no known birth date): not raised again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this is not a problem.")})
    if problem.dismissed_on is not None:
        raise ValidationError(_("This problem has already been dismissed."))
    problem.dismissed_on, problem.dismissed_by, problem.dismissal_reason = on, by, reason
    problem.save(update_fields=["dismissed_on", "dismissed_by", "dismissal_reason"])
    return problem
