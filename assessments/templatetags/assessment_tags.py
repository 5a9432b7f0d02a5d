"""`{% case_assessments case can_edit %}`: the case page's scores over time and the next one due.

A template tag keeps the layers: the case page (cases) shows what this app, above it, knows.
"""

from django import template
from django.utils import timezone

from assessments.progress import case_assessment_due, case_assessments_with_scores, progress_of

register = template.Library()


@register.inclusion_tag("assessments/partials/case_progress.html")
def case_assessments(case, can_edit):
    assessments = case_assessments_with_scores(case)
    return {
        "case": case,
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "progress": progress_of(assessments),
        "assessment_due": case_assessment_due(case, assessments=assessments),
        "assessments": assessments,
    }
