"""`{% case_assessments case can_edit %}`: the case page's scores over time and the next one due.

A template tag keeps the layers: the case page (cases) shows what this app, above it, knows.
"""

from django import template
from django.utils import timezone

from assessments.models import Assessment
from assessments.progress import case_assessment_due, case_progress

register = template.Library()


@register.inclusion_tag("assessments/partials/case_progress.html")
def case_assessments(case, can_edit):
    return {
        "case": case,
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "progress": case_progress(case),
        "assessment_due": case_assessment_due(case),
        "assessments": Assessment.objects.filter(case=case).order_by("assessed_on", "pk"),
    }
