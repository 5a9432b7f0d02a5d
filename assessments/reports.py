"""Outcome figures of the yearly report: who moved forward in each domain of the path to autonomy.

`assessment_outcomes(start, end, *, user=None)` counts, over the cases that ended in the
half-open period [start, end) (closed in it, or with a stay in a house that ended in it;
assessments.outcomes), those with at least two assessments scoring a domain, and splits
them by the last score against the first: improved, the same, declined. Each number drills
down to its cases. With `user`, only the cases of her units count.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from assessments.outcomes import DECLINED, IMPROVED, SAME, cases_ended_between, domain_outcomes
from cases.choices import GoalDomain
from cases.models import Case
from maksora.figures import Figure

OUTCOME_LABELS = {IMPROVED: _("Improved"), SAME: _("Stayed the same"), DECLINED: _("Declined")}


def _domain_label(domain):
    # The catalogue's word where the domain is one of the plan's (translated when shown).
    return GoalDomain(domain.goal_domain).label if domain.goal_domain in GoalDomain.values else domain.name_ru


def assessment_outcomes(start: date, end: date, *, user=None) -> Figure:
    cases = Case.objects.all() if user is None else Case.objects.counted_for(user)
    ended = cases_ended_between(cases, start, end - timedelta(days=1))
    outcomes = domain_outcomes(ended)
    assessed = sorted({case_id for row in outcomes for ids in row.case_ids.values() for case_id in ids})
    breakdown = {}
    for row in outcomes:
        code = row.domain.code
        counted = [case_id for ids in row.case_ids.values() for case_id in ids]
        breakdown[code] = Figure(
            f"assessment_outcomes.{code}",
            _domain_label(row.domain),
            len(counted),
            Case.objects.filter(pk__in=counted).order_by("number"),
            breakdown={
                outcome: Figure(
                    f"assessment_outcomes.{code}.{outcome}",
                    OUTCOME_LABELS[outcome],
                    row.count(outcome),
                    Case.objects.filter(pk__in=row.case_ids[outcome]).order_by("number"),
                )
                for outcome in (IMPROVED, SAME, DECLINED)
            },
            definition=_(
                "Cases ended in the period with at least two assessments scoring this domain, by the last "
                "score against the first."
            ),
        )
    return Figure(
        "assessment_outcomes",
        _("Cases ended with at least two assessments"),
        len(assessed),
        Case.objects.filter(pk__in=assessed).order_by("number"),
        breakdown=breakdown,
        definition=_(
            "Cases that ended in the period (closed, or a shelter stay ended) with at least two assessments "
            "scoring a domain; in each domain, whether the last score is higher, the same or lower than the first."
        ),
    )
