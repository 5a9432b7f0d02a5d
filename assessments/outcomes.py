"""Outcomes: per domain, how many people moved up, stayed or moved down between their first
and last assessment, over the cases that ended in the period.

A case "ended in the period" when it was closed in it, or when one of its stays in a house
ended in it (a mother may move out before her case is closed). A case counts in a domain
only with at least two assessments scoring that domain; each figure drills down to its cases.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Q

from assessments.models import AssessmentDomain, AssessmentScore
from cases.models import Case

IMPROVED, SAME, DECLINED = "improved", "same", "declined"


@dataclass
class DomainOutcome:
    domain: AssessmentDomain
    case_ids: dict[str, list[int]] = field(default_factory=lambda: {IMPROVED: [], SAME: [], DECLINED: []})

    def count(self, outcome: str) -> int:
        return len(self.case_ids[outcome])

    @property
    def improved(self) -> int:
        return self.count(IMPROVED)

    @property
    def same(self) -> int:
        return self.count(SAME)

    @property
    def declined(self) -> int:
        return self.count(DECLINED)


def cases_ended_between(cases, start: date, end: date):
    """Cases closed in [start, end], or with a stay that ended in it (both days included)."""
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    # A stay's period is [first night, day after the last night): it ended on upper - 1.
    stay_ended = Q(stays__period__endswith__gt=start, stays__period__endswith__lte=end + timedelta(days=1))
    return cases.filter(closed | stay_ended).distinct()


def domain_outcomes(cases) -> list[DomainOutcome]:
    """First against last score of each case in each domain (one query: the scores with their domains)."""
    scores = (
        AssessmentScore.objects.filter(assessment__case__in=cases.values("pk"))
        .select_related("domain")
        .order_by("domain__position", "domain_id", "assessment__case_id", "assessment__assessed_on", "assessment_id")
        .annotate(case_id=F("assessment__case_id"))
    )
    first_last: dict[tuple[int, int], list[int]] = {}
    domains: dict[int, AssessmentDomain] = {}
    for scored in scores:
        domains[scored.domain_id] = scored.domain
        pair = first_last.setdefault((scored.domain_id, scored.case_id), [scored.score, scored.score, 0])
        pair[1], pair[2] = scored.score, pair[2] + 1
    outcomes: dict[int, DomainOutcome] = {}
    for (domain_id, case_id), (first, last, assessed) in first_last.items():
        if assessed < 2:
            continue
        row = outcomes.setdefault(domain_id, DomainOutcome(domains[domain_id]))
        row.case_ids[IMPROVED if last > first else DECLINED if last < first else SAME].append(case_id)
    return sorted(outcomes.values(), key=lambda row: (row.domain.tool_id, row.domain.position, row.domain.pk))


def outcomes_between(*, start: date, end: date, cases=None) -> list[DomainOutcome]:
    return domain_outcomes(cases_ended_between(cases if cases is not None else Case.objects.all(), start, end))
