"""The case file: list, page with timeline, status workflow, notes, plan, tasks, members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import choices, services
from cases.case_page import page_members, page_sections, timeline_page
from cases.forms import (
    CaseFilterForm,
    CloseForm,
    GoalForm,
    GoalProgressForm,
    NoteForm,
    PersonForm,
    ReviewForm,
    StatusForm,
    TaskForm,
)
from cases.forms_casework import CaseEditForm
from cases.household import link_phrase
from cases.models import (
    Case,
    Goal,
    Relationship,
    Task,
)
from cases.paperwork import papers_missing
from cases.restricted import case_page_restrictions, mask_names
from cases.services import case_change_status
from cases.views.helpers import get_case_for_user
from maksora.access import can_edit_case, can_manage_case, closure_needs_approval, get_visible_or_404
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import apply_errors, form_action, form_status, paginate, query_string_without_page

MAX_TIMELINE_PAGE = 10_000  # 250,000 entries: past any case's history


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases = form.filter(Case.objects.visible_to(request.user).for_list())
    page = paginate(request, cases)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query_string_without_page(request),
            "today": timezone.localdate(),
        },
    )


def _timeline(sections, *, hidden_names=()) -> list[dict]:
    """Activities, notes and goal progress of a case in one list, newest first."""
    entries = []
    for activity in sections["activities"]:
        activity.summary = mask_names(activity.summary, hidden_names)
        local = timezone.localtime(activity.happened_at)
        entries.append({"day": local.date(), "at": local, "type": "activity", "item": activity, "by": activity.actor})
    for note in sections["notes"]:
        entries.append({"day": note.date, "at": note.created_at, "type": "note", "item": note, "by": note.author})
    for update in sections["goal_updates"]:
        entries.append({"day": update.date, "at": None, "type": "goal", "item": update, "by": update.author})
    entries.sort(key=lambda e: (e["day"], e["at"].timestamp() if e["at"] else 0), reverse=True)
    return entries


def _member_consents(members) -> list[dict]:
    """Each member's consents (the members the reader sees, read with them), those in force marked."""
    return [{"person": member.person, "consents": member.consents} for member in members if member.consents]


def _member_phrases(user, case, members, *, day) -> dict[int, str]:
    """Each member as her link to the case's primary person reads: "her son Пётр, 6"."""
    primary = case.primary_person
    links = (
        Relationship.objects.visible_to(user)
        .in_force()
        .filter(Q(from_person=primary) | Q(to_person=primary))
        .select_related("from_person", "to_person")
        .order_by("id")
    )
    member_ids = {member.person_id for member in members}
    phrases = {}
    for link in links:
        relative = link.relative_of(primary)
        if relative.pk in member_ids and relative.pk not in phrases:
            phrases[relative.pk] = link_phrase(link, primary, day=day)
    return phrases


def _timeline_page_number(request) -> int:
    """The timeline page asked for: 1 unless a whole number ≥ 1 (bounded, so a huge one stays a number)."""
    number = request.GET.get("page", "")
    return min(int(number), MAX_TIMELINE_PAGE) if number.isascii() and number.isdigit() and int(number) > 0 else 1


def _case_page(request, case, **forms):
    user = request.user
    editable = can_edit_case(user, case)
    today = timezone.localdate()
    page_number = _timeline_page_number(request)
    sections = page_sections(case, user, timeline_page=page_number)
    members = page_members(user, case, day=today)
    restrictions = case_page_restrictions(request, case, members, hidden_people=sections["hidden_people"])
    phrases = _member_phrases(user, case, members, day=today)
    for member in members:
        member.phrase = phrases.get(member.person_id, "")
    context = {
        "case": case,
        "can_edit": editable,
        "can_manage": can_manage_case(user, case),
        "members": members,
        "hidden_member_count": restrictions["hidden_member_count"],
        "goals": sections["goals"],
        "tasks": sections["tasks"],
        "attachments": sections["attachments"],
        "papers_missing": ()
        if case.closed_on
        else papers_missing(people=[member.person for member in members], unit_id=case.unit_id, today=today),
        "timeline": timeline_page(_timeline(sections, hidden_names=restrictions["hidden_names"]), page_number),
        "member_consents": _member_consents(members),
        "today": today,
        "approvals": sections["approvals"],
        "transitions": [choices.CaseStatus(s) for s in case.allowed_transitions if s != choices.CaseStatus.CLOSED],
        "can_close": choices.CaseStatus.CLOSED in case.allowed_transitions,
    }
    if editable:
        context.update(
            note_form=forms.get("note_form") or NoteForm(initial={"date": timezone.localdate()}),
            review_form=forms.get("review_form") or ReviewForm(instance=case),
        )
    status = max((form_status(form) for form in forms.values()), default=200)
    return render(request, "cases/case_detail.html", context, status=status)


def _case_form(request, case, form, *, context: dict | None = None, **kwargs):
    """`form_action` for a form of the case file: it shows the case, and goes back to its page."""
    return form_action(
        request, form, redirect_to=("cases:case_detail", case.pk), context={"case": case, **(context or {})}, **kwargs
    )


@login_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk, with_page=_timeline_page_number(request))
    access_record(request, action=AccessAction.VIEW_CASE, obj=case)
    return _case_page(request, case)


@login_required
@require_POST
def case_status(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to_status"] == choices.CaseStatus.CLOSED:
        messages.error(request, _("This status change is not possible."))
        return redirect("cases:case_detail", pk=case.pk)
    try:
        case_change_status(
            case=case, to_status=form.cleaned_data["to_status"], by=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect("cases:case_detail", pk=case.pk)


@login_required
def case_close(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    if choices.CaseStatus.CLOSED not in case.allowed_transitions:
        messages.error(request, _("This case is already closed."))
        return redirect("cases:case_detail", pk=case.pk)
    form = CloseForm(request.POST or None)
    asks_approval = closure_needs_approval(request.user, case)
    close = services.closure_request if asks_approval else _close_now
    return _case_form(
        request,
        case,
        form,
        action=lambda data: close(
            case=case,
            by=request.user,
            on=data["closed_on"],
            closure_reason=data["closure_reason"],
            comment=data["comment"],
        ),
        success=_("The closure is sent to the coordinator for approval.")
        if asks_approval
        else _("The case is closed."),
        template="cases/case_close.html",
        context={"asks_approval": asks_approval},
        renamed={"on": "closed_on"},
    )


def _close_now(*, case, by, on, closure_reason, comment):
    return case_change_status(
        case=case, to_status=choices.CaseStatus.CLOSED, by=by, on=on, closure_reason=closure_reason, comment=comment
    )


@login_required
@require_POST
def case_review(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = ReviewForm(request.POST, instance=Case.objects.get(pk=case.pk))
    if form.is_valid():
        try:
            services.case_set_review(
                case=case,
                by=request.user,
                next_review_on=form.cleaned_data["next_review_on"],
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Next review saved."))
            return redirect("cases:case_detail", pk=case.pk)
    return _case_page(request, case, review_form=form)


@login_required
def note_add(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST or None, initial={"date": timezone.localdate()})
    return _case_form(
        request,
        case,
        form,
        action=lambda data: services.note_add(case=case, author=request.user, **data),
        success=_("Note saved."),
        template="cases/note_form.html",
    )


@login_required
def goal_add(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    # A low assessment score links here with its domain already chosen.
    form = GoalForm(request.POST or None, case=case, initial={"domain": request.GET.get("domain")})
    return _case_form(
        request,
        case,
        form,
        action=lambda data: services.goal_add(case=case, by=request.user, **data),
        success=_("Goal added."),
        template="cases/goal_form.html",
    )


@login_required
def goal_progress(request, pk):
    goal = get_visible_or_404(Goal.objects.select_related("case__unit"), request.user, pk=pk)
    case = get_case_for_user(request.user, goal.case_id, write=True)
    form = GoalProgressForm(request.POST or None, initial={"status": goal.status})
    return _case_form(
        request,
        case,
        form,
        action=lambda data: services.goal_progress_add(
            goal=goal, by=request.user, text=data["text"], status=data["status"], on=data["date"]
        ),
        success=_("Progress saved."),
        template="cases/goal_progress.html",
        context={"goal": goal},
    )


@login_required
def task_add(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = TaskForm(request.POST or None, case=case, initial={"assigned_to": request.user.pk})
    return _case_form(
        request,
        case,
        form,
        action=lambda data: services.task_add(case=case, by=request.user, **data),
        success=_("Task added."),
        template="cases/task_form.html",
    )


def _task_for_user(request, pk) -> Task:
    task = get_visible_or_404(Task.objects.select_related("case__unit"), request.user, pk=pk)
    if not can_edit_case(request.user, task.case):
        raise PermissionDenied
    return task


def _back_after_task(request, task):
    # Ticked off from the caseload page: go back there. Only a known page name is
    # accepted, never a URL, so the form cannot be used to send anyone elsewhere.
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect("cases:case_detail", pk=task.case_id)


@login_required
@require_POST
def task_done(request, pk):
    task = _task_for_user(request, pk)
    services.task_done(task=task, by=request.user)
    messages.success(request, _("Task marked as done."))
    return _back_after_task(request, task)


@login_required
@require_POST
def task_reopen(request, pk):
    task = _task_for_user(request, pk)
    services.task_reopen(task=task, by=request.user)
    messages.success(request, _("Task reopened."))
    return _back_after_task(request, task)


@login_required
def case_edit(request, pk):
    """Risk level (with a reason), referral source, problem areas, next review; coordinators also the worker."""
    case = get_case_for_user(request.user, pk, write=True)
    form = CaseEditForm(request.POST or None, case=case, with_worker=can_manage_case(request.user, case))
    return _case_form(
        request,
        case,
        form,
        action=lambda data: services.case_update(
            case=case, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("Case details saved."),
        template="cases/case_edit.html",
    )


@login_required
def member_add(request, pk):
    """Register a new family member (e.g. a baby born during the stay) in the case."""
    case = get_case_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None)
    return form_action(
        request,
        form,
        action=lambda data: services.case_member_add(case=case, by=request.user, person_fields=data),
        success=_("Family member added."),
        redirect_to=lambda person: ("cases:person_detail", person.pk),
        template="cases/member_form.html",
        context={"case": case},
    )
