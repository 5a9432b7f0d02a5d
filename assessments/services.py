"""Recording, correcting and unlocking assessments; their due dates join the workers' tasks."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.models import HIGHEST_SCORE, LOWEST_SCORE, Assessment, AssessmentScore, AssessmentTool, Occasion
from assessments.progress import assessment_due
from cases.choices import CaseActivityKind, CaseStatus
from cases.models import Case, Task
from cases.services.lifecycle import case_log
from maksora import display
from maksora.access import can_edit_case, can_manage_case
from maksora.locking import check_version
from maksora.rules import not_in_future


def _scores_check(tool: AssessmentTool, scores: dict[int, int]) -> None:
    domains = set(tool.domains.values_list("pk", flat=True))
    if set(scores) != domains:
        raise ValidationError(_("Give a score in every domain."))
    if any(not LOWEST_SCORE <= score <= HIGHEST_SCORE for score in scores.values()):
        raise ValidationError(_("Each score is from 1 to 5."))


@transaction.atomic
def assessment_record(
    *, case: Case, tool: AssessmentTool, occasion: str, assessed_on: date, scores: dict[int, int], by
) -> Assessment:
    if not can_edit_case(by, case):
        raise PermissionDenied
    not_in_future(assessed_on, field="assessed_on", message=_("An assessment cannot be dated in the future."))
    if assessed_on < case.opened_on:
        raise ValidationError({"assessed_on": _("An assessment cannot be dated before the case was opened.")})
    _scores_check(tool, scores)
    assessment = Assessment.objects.create(
        case=case, tool=tool, occasion=occasion, assessed_on=assessed_on, assessed_by=by
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, domain_id=domain_id, score=score) for domain_id, score in scores.items()
    )
    case_log(
        case=case,
        kind=CaseActivityKind.OTHER,
        actor=by,
        summary=_("Assessment (%(occasion)s) of %(day)s recorded.")
        % {"occasion": assessment.get_occasion_display(), "day": display.day(assessed_on)},
    )
    return assessment


@transaction.atomic
def assessment_correct(
    *, assessment: Assessment, scores: dict[int, int], by, today: date, expected_version: int | None = None
) -> Assessment:
    """Change an assessment's scores: allowed for a week after it (or while a coordinator's unlock lasts)."""
    assessment = Assessment.objects.select_for_update().select_related("tool", "case__unit").get(pk=assessment.pk)
    check_version(assessment, expected_version)
    if not can_edit_case(by, assessment.case):
        raise PermissionDenied
    if assessment.is_locked(today):
        raise ValidationError(_("This assessment is locked: ask a coordinator to unlock it for a correction."))
    _scores_check(assessment.tool, scores)
    for domain_id, score in scores.items():
        AssessmentScore.objects.filter(assessment=assessment, domain_id=domain_id).update(score=score)
    assessment.save(update_fields=[])  # a new version: the form that read the old scores is now stale
    return assessment


@transaction.atomic
def assessment_unlock(*, assessment: Assessment, by, today: date) -> Assessment:
    """Let a locked assessment be corrected until the end of today (coordinators; on the timeline)."""
    if not can_manage_case(by, assessment.case):
        raise PermissionDenied
    assessment.unlocked_until = today
    assessment.save(update_fields=["unlocked_until"])
    case_log(
        case=assessment.case,
        kind=CaseActivityKind.OTHER,
        actor=by,
        summary=_("Assessment of %(day)s unlocked for corrections until the end of the day.")
        % {"day": display.day(assessment.assessed_on)},
    )
    return assessment


@transaction.atomic
def assessment_tasks_schedule(*, today: date, within_days: int = 7) -> int:
    """Give each worker a task for every assessment her open cases need within a week (once)."""
    created = 0
    tools = {unit.pk: tool for tool in AssessmentTool.objects.filter(active=True) for unit in tool.units.all()}
    cases = Case.objects.exclude(status=CaseStatus.CLOSED).filter(unit_id__in=tools, assigned_to__isnull=False)
    last = {}
    for assessment in Assessment.objects.filter(case__in=cases).order_by("case_id", "assessed_on", "pk"):
        last[assessment.case_id] = assessment
    for case in cases:
        due = assessment_due(case, tool=tools[case.unit_id], last=last.get(case.pk))
        if due is None or due.due_on > today + timedelta(days=within_days):
            continue
        # A task's title is the case's data, written in the organisation's language.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Assessment due (%(occasion)s)") % {"occasion": Occasion(due.occasion).label}
        _task, made = Task.objects.get_or_create(
            case=case, due_on=due.due_on, title=title, defaults={"assigned_to_id": case.assigned_to_id}
        )
        created += made
    return created
