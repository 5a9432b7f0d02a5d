"""Print views and PDFs of the case summary and the paper intake form; thin, scoped by maksora.access."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.forms import IntakeCaseForm, IntakePersonForm
from cases.models import CaseMember, Goal, Note, Task
from cases.restricted import case_page_restrictions
from cases.views.helpers import get_case_for_user
from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.models import AccessAction, Unit
from maksora.pdf import document_response
from shelters.models import Stay

RECENT_NOTES = 10


def case_summary_context(request, case) -> dict:
    """What the summary shows: only what the reader may see on the case page itself."""
    user = request.user
    members = list(
        CaseMember.objects.visible_to(user)
        .filter(case=case)
        .select_related("person")
        .order_by("role", "person__birth_date")
    )
    restrictions = case_page_restrictions(request, case, members)
    return {
        "case": case,
        "members": members,
        "hidden_member_count": restrictions["hidden_member_count"],
        "goals": Goal.objects.filter(case=case).order_by("status", "target_date", "id"),
        "open_tasks": Task.objects.filter(case=case, done_on__isnull=True).select_related("assigned_to"),
        "notes": Note.objects.visible_to(user)
        .filter(case=case)
        .select_related("author")
        .order_by("-date", "-id")[:RECENT_NOTES],
        "stays": Stay.objects.visible_to(user).filter(case=case).select_related("person", "house", "bed__room"),
        "today": timezone.localdate(),
    }


@login_required
def case_summary(request, pk, as_pdf: bool = False):
    case = get_case_for_user(request.user, pk)
    context = {
        **case_summary_context(request, case),
        "back_url": reverse("cases:case_detail", args=[case.pk]),
        "pdf_url": reverse("documents:case_summary_pdf", args=[case.pk]),
    }
    response = document_response(
        request, "documents/case_summary.html", context, filename=f"{case.number}.pdf", as_pdf=as_pdf
    )
    access_record(request, action=AccessAction.VIEW_CASE, obj=case, kind="case_summary_pdf" if as_pdf else "")
    return response


@login_required
def intake_form(request, unit_code, as_pdf: bool = False):
    """A paper intake form of one of her units, pre-filled with the unit, the day and the worker."""
    access = access_for(request.user)
    if not access.does_intake or unit_code not in access.own_unit_codes or not access.can_edit_unit(unit_code):
        raise Http404
    unit = Unit.objects.get(code=unit_code)
    case_form = IntakeCaseForm(user=request.user)
    person_form = IntakePersonForm(user=request.user)
    context = {
        "unit": unit,
        "worker": request.user,
        "today": timezone.localdate(),
        "person_fields": [
            person_form[name] for name in ("family_name", "given_name", "patronymic", "birth_date", "phone")
        ],
        "sex_field": person_form["sex"],
        "case_fields": [case_form[name] for name in ("referral_source", "risk_level", "problem_areas")],
        "child_rows": range(5),
        "back_url": reverse("cases:intake"),
        "pdf_url": reverse("documents:intake_form_pdf", args=[unit.code]),
    }
    return document_response(
        request, "documents/intake_form.html", context, filename=f"intake-{unit.code}.pdf", as_pdf=as_pdf
    )
