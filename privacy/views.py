"""Coordinators' pages: who is due for destruction, the destruction itself, its act, the subject access export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Person
from maksora.access import can_destroy_person, get_visible_or_404, sees_destruction_lists
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import form_action
from maksora.pdf import pdf_response
from privacy.forms import DestroyForm
from privacy.models import DestructionAct, LegalGround
from privacy.services.destruction import act_categories, destruction_plan, person_destroy
from privacy.services.retention import falling_due_next_month, retention_due, with_blockers, withdrawn_consent_due
from privacy.services.subject_access import person_export


def _coordinators_only(user) -> None:
    if not sees_destruction_lists(user):
        raise PermissionDenied


@login_required
def due(request):
    """Withdrawn consents with their due date, retention periods over, and what falls due next month."""
    _coordinators_only(request.user)
    today = timezone.localdate()
    people = Person.objects.visible_to(request.user)
    withdrawals = with_blockers(withdrawn_consent_due(today=today, people=people), today=today)
    retention = [d for d in retention_due(today, people=people) if d.ground == LegalGround.PURPOSE_ACHIEVED]
    context = {
        "today": today,
        "withdrawals": withdrawals,
        "retention": retention,
        "upcoming": falling_due_next_month(today, people=people),
    }
    return render(request, "privacy/due.html", context)


@login_required
def destroy(request, pk):
    """What will be destroyed (the dry run), then the destruction on POST; refused with an open case or a hold."""
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    plan = destruction_plan(person=person)
    if not can_destroy_person(request.user, plan.unit_codes):
        raise PermissionDenied
    access_record(request, action=AccessAction.VIEW_PERSON, obj=person)
    ground = request.GET.get("ground", LegalGround.CONSENT_WITHDRAWN)
    form = DestroyForm(request.POST or None, initial={"legal_ground": ground})
    return form_action(
        request,
        form,
        action=lambda data: person_destroy(person=person, by=request.user, legal_ground=data["legal_ground"]),
        success=_("Her data have been destroyed. Print the act for the file."),
        redirect_to=lambda act: ("privacy:act_detail", act.pk),
        template="privacy/destroy.html",
        context={"person": person, "plan": plan},
    )


def _act_for(user, pk) -> DestructionAct:
    _coordinators_only(user)
    return get_visible_or_404(DestructionAct.objects.select_related("destroyed_by"), user, pk=pk)


def _act_context(act) -> dict:
    return {"act": act, "categories": act_categories(act), "events": act.event_log_entries}


@login_required
def act_detail(request, pk):
    """The act in the browser's print view (the same template as the PDF)."""
    act = _act_for(request.user, pk)
    return render(request, "documents/destruction_act.html", {**_act_context(act), "for_pdf": False})


@login_required
def act_pdf(request, pk):
    act = _act_for(request.user, pk)
    return pdf_response("documents/destruction_act.html", _act_context(act), f"destruction-act-{act.pk}.pdf", request)


@login_required
def subject_access(request, pk):
    """Everything held about her as a ZIP (PDF summary, CSV per kind of record, her files); logged as an export."""
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    content, rows = person_export(person=person, by=request.user, request=request)
    access_record(request, action=AccessAction.EXPORT_REPORT, obj=person, kind="subject_access", row_count=rows)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.zip"'
    return response
