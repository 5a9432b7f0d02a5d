"""Reading a case's assessments: each domain's scores over time, and when the next one is due."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import OuterRef

from assessments.models import Assessment, AssessmentDomain, AssessmentScore, AssessmentTool, Occasion
from cases.models import Case
from maksora.bundles import instances_of, rows_column

# A score at or under this suggests a goal in the domain.
LOW_SCORE = 2
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 30, 3


@dataclass
class DomainProgress:
    domain: AssessmentDomain
    points: list[tuple[date, int]] = field(default_factory=list)

    @property
    def first(self) -> int | None:
        return self.points[0][1] if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1][1] if self.points else None

    @property
    def change(self) -> int | None:
        return None if len(self.points) < 2 else self.latest - self.first

    @property
    def suggests_goal(self) -> bool:
        return self.latest is not None and self.latest <= LOW_SCORE and bool(self.domain.goal_domain)

    @property
    def spark(self) -> str:
        """SVG polyline points of the scores, 1 at the bottom and 5 at the top."""
        if not self.points:
            return ""
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(self.points) - 1, 1)
        height = SPARK_HEIGHT - 2 * SPARK_PAD
        return " ".join(
            f"{SPARK_PAD + index * step:.1f},{SPARK_PAD + height * (5 - score) / 4:.1f}"
            for index, (_day, score) in enumerate(self.points)
        )


def case_progress(case: Case) -> list[DomainProgress]:
    """Each domain of the case's assessments with its scores, oldest first (one query)."""
    return progress_of(case_assessments_with_scores(case))


def case_assessments_with_scores(case: Case) -> list[Assessment]:
    """The case's assessments, oldest first, each with its `domain_scores` (one query, any number)."""
    scores = AssessmentScore.objects.filter(assessment=OuterRef("pk")).order_by("domain__position", "domain_id")
    assessments = list(
        Assessment.objects.filter(case=case)
        .annotate(page_scores=rows_column(scores, related=("domain",)))
        .order_by("assessed_on", "pk")
    )
    for assessment in assessments:
        assessment.domain_scores = instances_of(AssessmentScore, assessment.page_scores, related=("domain",))
    return assessments


def progress_of(assessments: list[Assessment]) -> list[DomainProgress]:
    """Each domain of `assessments` (oldest first, read by `case_assessments_with_scores`) with its scores."""
    progress: dict[int, DomainProgress] = {}
    for assessment in assessments:
        for score in assessment.domain_scores:
            row = progress.setdefault(score.domain_id, DomainProgress(score.domain))
            row.points.append((assessment.assessed_on, score.score))
    return sorted(progress.values(), key=lambda row: (row.domain.position, row.domain.pk))


@dataclass(frozen=True)
class AssessmentDue:
    tool: AssessmentTool
    occasion: str
    due_on: date


def assessment_due(case: Case, *, tool: AssessmentTool | None, last: Assessment | None) -> AssessmentDue | None:
    """The next assessment a case needs: at admission, then a review every N days."""
    if tool is None or case.closed_on:
        return None
    if last is None:
        return AssessmentDue(tool, Occasion.ADMISSION, case.opened_on + timedelta(days=tool.admission_within_days))
    return AssessmentDue(tool, Occasion.REVIEW, last.assessed_on + timedelta(days=tool.review_every_days))


def case_assessment_due(case: Case, *, assessments: list[Assessment] | None = None) -> AssessmentDue | None:
    """`assessment_due` of the case; `assessments` (oldest first), when already read, spare a query."""
    tool = AssessmentTool.objects.for_case(case).first()
    if assessments is None:
        last = Assessment.objects.filter(case=case).order_by("-assessed_on", "-pk").first()
    else:
        last = assessments[-1] if assessments else None
    return assessment_due(case, tool=tool, last=last)
