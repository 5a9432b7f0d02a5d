"""What intake recorded about a case, changed later on the site: risk, referral, problem areas, review, worker."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import choices
from cases.models import Case
from cases.services.lifecycle import case_log, case_reassign
from maksora import display
from maksora.access import can_edit_case, can_manage_case
from maksora.locking import check_version


def _areas(codes) -> str:
    return ", ".join(str(choices.ProblemArea(code).label) for code in codes) or "—"


def _referral(code: str) -> str:
    return str(choices.ReferralSource(code).label) if code else "—"


def _check(*, case: Case, risk_level, risk_reason, referral_source, problem_areas, next_review_on) -> None:
    errors = {}
    if risk_level not in choices.RiskLevel.values:
        errors["risk_level"] = _("Choose a risk level from the list.")
    elif risk_level != case.risk_level and not risk_reason:
        errors["risk_reason"] = _("Say why the risk level changes: it goes into the case timeline.")
    if referral_source and referral_source not in choices.ReferralSource.values:
        errors["referral_source"] = _("Choose a referral source from the list.")
    if not set(problem_areas) <= set(choices.ProblemArea.values):
        errors["problem_areas"] = _("Choose problem areas from the list.")
    if next_review_on and next_review_on < case.opened_on:
        errors["next_review_on"] = _("The review cannot be before the case was opened.")
    if errors:
        raise ValidationError(errors)


def _change_lines(case: Case, *, risk_level, risk_reason, referral_source, problem_areas, next_review_on) -> list[str]:
    """One readable timeline line per detail that changes."""
    lines = []
    if risk_level != case.risk_level:
        lines.append(
            _("Risk level: %(old)s → %(new)s (reason: %(reason)s)")
            % {"old": case.get_risk_level_display(), "new": choices.RiskLevel(risk_level).label, "reason": risk_reason}
        )
    if (referral_source or "") != case.referral_source:
        lines.append(
            _("Referral source: %(old)s → %(new)s")
            % {"old": _referral(case.referral_source), "new": _referral(referral_source)}
        )
    if set(problem_areas) != set(case.problem_areas):
        lines.append(
            _("Problem areas: %(old)s → %(new)s") % {"old": _areas(case.problem_areas), "new": _areas(problem_areas)}
        )
    if next_review_on != case.next_review_on:
        lines.append(
            _("Next review: %(old)s → %(new)s")
            % {"old": display.day(case.next_review_on), "new": display.day(next_review_on)}
        )
    return lines


@transaction.atomic
def case_update(
    *,
    case: Case,
    by,
    risk_level: str,
    risk_reason: str = "",
    referral_source: str,
    problem_areas: list[str],
    next_review_on: date | None,
    assigned_to=None,
    expected_version: int | None = None,
) -> Case:
    """Change a case's details after intake; each change becomes one readable timeline line.

    Workers who may edit the case change everything but the worker; a new risk level
    needs a reason, which is kept in the timeline. `assigned_to` (None: unchanged) is for
    the unit's coordinators and goes through `case_reassign`. Nothing changed, nothing
    written: the version stays as it was.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("unit", "assigned_to").get(pk=case.pk)
    if not can_edit_case(by, case):
        raise PermissionDenied
    check_version(case, expected_version)
    if assigned_to is not None and assigned_to != case.assigned_to and not can_manage_case(by, case):
        raise PermissionDenied
    risk_reason = (risk_reason or "").strip()
    problem_areas = list(dict.fromkeys(problem_areas or []))
    _check(
        case=case,
        risk_level=risk_level,
        risk_reason=risk_reason,
        referral_source=referral_source or "",
        problem_areas=problem_areas,
        next_review_on=next_review_on,
    )
    lines = _change_lines(
        case,
        risk_level=risk_level,
        risk_reason=risk_reason,
        referral_source=referral_source,
        problem_areas=problem_areas,
        next_review_on=next_review_on,
    )
    if lines:
        case.risk_level, case.referral_source = risk_level, referral_source or ""
        case.problem_areas, case.next_review_on = problem_areas, next_review_on
        case.save(update_fields=["risk_level", "referral_source", "problem_areas", "next_review_on"])
        for line in lines:
            case_log(case=case, kind=choices.CaseActivityKind.UPDATED, actor=by, summary=line)
    if assigned_to is not None:
        case_reassign(case=case, to_user=assigned_to, by=by)
    return case
