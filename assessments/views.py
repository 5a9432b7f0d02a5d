"""Assessments on the case file: record one, correct it within the week, a coordinator's unlock."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import services
from assessments.forms import AssessmentForm
from assessments.models import Assessment, AssessmentLevel, AssessmentTool
from cases.views.helpers import get_case_for_user
from maksora.access import can_manage_case, get_visible_or_404
from maksora.pages import form_action


def _domains(tool):
    return tool.domains.prefetch_related(Prefetch("levels", queryset=AssessmentLevel.objects.order_by("score")))


@login_required
def assessment_add(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    tool = AssessmentTool.objects.for_case(case).first()
    if tool is None:
        raise Http404
    form = AssessmentForm(request.POST or None, domains=_domains(tool))
    return form_action(
        request,
        form,
        action=lambda data: services.assessment_record(
            case=case,
            tool=tool,
            occasion=data["occasion"],
            assessed_on=data["assessed_on"],
            scores=form.scores(),
            by=request.user,
        ),
        success=_("Assessment recorded."),
        redirect_to=("cases:case_detail", case.pk),
        template="assessments/assessment_form.html",
        context={"case": case, "tool": tool},
    )


@login_required
def assessment_correct(request, pk):
    assessment = get_visible_or_404(Assessment.objects.select_related("tool", "case__unit"), request.user, pk=pk)
    case = get_case_for_user(request.user, assessment.case_id, write=True)
    initial = {
        AssessmentForm.field_name(score.domain): score.score for score in assessment.scores.select_related("domain")
    }
    form = AssessmentForm(
        request.POST or None,
        domains=_domains(assessment.tool),
        correcting=True,
        initial=initial,
        version=assessment.version,
    )
    return form_action(
        request,
        form,
        action=lambda data: services.assessment_correct(
            assessment=assessment,
            scores=form.scores(),
            by=request.user,
            today=timezone.localdate(),
            expected_version=form.expected_version,
        ),
        success=_("Assessment corrected."),
        redirect_to=("cases:case_detail", case.pk),
        template="assessments/assessment_form.html",
        context={
            "case": case,
            "tool": assessment.tool,
            "assessment": assessment,
            "locked": assessment.is_locked(timezone.localdate()),
            "can_unlock": can_manage_case(request.user, case),
        },
    )


@login_required
@require_POST
def assessment_unlock(request, pk):
    assessment = get_visible_or_404(Assessment.objects.select_related("case__unit"), request.user, pk=pk)
    services.assessment_unlock(assessment=assessment, by=request.user, today=timezone.localdate())
    return redirect("assessments:assessment_correct", pk=assessment.pk)
