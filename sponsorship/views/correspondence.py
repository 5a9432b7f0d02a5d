"""Yearly updates and letters: the tracker, logging, marking as sent, the access-checked photo."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import apply_errors, form_action, paginate, query_string_without_page
from sponsorship import choices, services
from sponsorship.forms import (
    BulkMarkSentForm,
    ChecklistForm,
    CorrespondenceEditForm,
    CorrespondenceForm,
    MarkSentForm,
    YearlyScheduleForm,
)
from sponsorship.models import Correspondence
from sponsorship.views.helpers import (
    get_correspondence_for_user,
    get_sponsorship_for_user,
    require_editor,
    require_sponsor_reader,
)

TRACKER_STATES = ("due", "overdue", "sent")


def _tracker_year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _tracker_page(request, *, bulk_form=None, bulk_result=None, status=200):
    """Due (not late yet), overdue, or sent; filtered by kind and year due.

    Without a chosen tab it opens where the work is: the overdue ones first, then those due.
    """
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    year = _tracker_year(request)
    items = Correspondence.objects.visible_to(request.user)
    if kind in choices.CorrespondenceKind.values:
        items = items.filter(kind=kind)
    if year:
        items = items.filter(due_on__year=year)
    # Every letter ever logged is read: as few tests a row as can be, due and sent are differences.
    counts = items.aggregate(
        all=Count("pk"),
        pending=Count("pk", filter=Q(sent_on__isnull=True)),
        overdue=Count("pk", filter=Q(sent_on__isnull=True, due_on__lt=today)),
    )
    counts.update(due=counts["pending"] - counts["overdue"], sent=counts["all"] - counts["pending"])
    state = request.GET.get("state", "")
    if state not in TRACKER_STATES:
        state = "overdue" if counts["overdue"] else "due"
    if state == "due":
        items = items.due_from(today).order_by("due_on", "id")
    elif state == "overdue":
        items = items.overdue(today).order_by("due_on", "id")
    else:
        items = items.filter(sent_on__isnull=False).order_by("-sent_on", "-id")
    can_edit = access_for(request.user).edits_sponsorship
    if can_edit and state != "sent" and bulk_form is None:
        bulk_form = BulkMarkSentForm(user=request.user, initial={"sent_on": today})
    return render(
        request,
        "sponsorship/tracker.html",
        {
            "page_obj": paginate(request, items.for_list()),
            "state": state,
            "states": [
                ("overdue", _("Overdue"), counts["overdue"]),
                ("due", _("Due"), counts["due"]),
                ("sent", _("Sent"), counts["sent"]),
            ],
            "kind": kind,
            "kinds": choices.CorrespondenceKind.choices,
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "today": today,
            "query_string": query_string_without_page(request),
            "can_edit": can_edit,
            "bulk_form": bulk_form if state != "sent" else None,
            "bulk_result": bulk_result,
        },
        status=status,
    )


@login_required
def tracker(request):
    require_sponsor_reader(request.user)
    return _tracker_page(request)


@login_required
@require_POST
def tracker_mark_sent(request):
    """Mark the ticked rows sent, each through the one-item service; the refused ones are listed with why."""
    require_editor(request.user)
    form = BulkMarkSentForm(request.POST, user=request.user)
    if not form.is_valid():
        return _tracker_page(request, bulk_form=form, status=400)
    result = services.correspondence_bulk_mark_sent(
        correspondences=form.cleaned_data["items"].order_by("due_on", "id"),
        sent_on=form.cleaned_data["sent_on"],
        by=request.user,
    )
    if result.sent:
        messages.success(request, _("Marked as sent: %(count)s.") % {"count": len(result.sent)})
    if not result.refused:
        return redirect(f"{reverse('sponsorship:tracker')}?{request.GET.urlencode()}")
    return _tracker_page(request, bulk_result=result)


@login_required
def yearly_schedule(request):
    require_editor(request.user)
    today = timezone.localdate()
    form = YearlyScheduleForm(request.POST or None, initial={"year": today.year, "due_on": date(today.year, 12, 1)})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.yearly_updates_schedule(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(count)s yearly updates scheduled.") % {"count": created})
            return redirect(f"{reverse('sponsorship:tracker')}?year={form.cleaned_data['year']}")
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "heading": _("Schedule yearly updates"),
        "intro": _(
            "Each sponsorship in force on the due date gets one yearly update, unless it already has one due "
            "that year: running it twice creates nothing new."
        ),
    }
    return render(request, "sponsorship/form_page.html", context, status=status)


@login_required
def correspondence_add(request, pk):
    sponsorship = get_sponsorship_for_user(request.user, pk, write=True)
    form = CorrespondenceForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": sponsorship.sponsor.language, "kind": request.GET.get("kind", "")},
    )
    return form_action(
        request,
        form,
        action=lambda data: services.correspondence_add(sponsorship=sponsorship, by=request.user, **data),
        success=_("Saved."),
        redirect_to=lambda item: ("sponsorship:correspondence_detail", item.pk),
        template="sponsorship/form_page.html",
        context={
            "child": sponsorship.child,
            "heading": _("Update or letter: %(child)s and %(sponsor)s")
            % {"child": sponsorship.child.person.full_name, "sponsor": sponsorship.sponsor.name},
            "multipart": True,
        },
    )


def _detail_page(request, item, sent_form, *, checklist_form=None, status=200):
    child = item.sponsorship.child
    today = timezone.localdate()
    can_edit = access_for(request.user).edits_sponsorship and not item.sent_on
    checklist = services.checklist_of(item)
    if can_edit and checklist and checklist_form is None:
        checklist_form = ChecklistForm(
            correspondence=item, initial={"ticked": [entry["type"].pk for entry in checklist if entry["ticked"]]}
        )
    blockers = []
    if not item.sent_on:
        try:
            services.correspondence_ready_check(item)
        except ValidationError as error:
            blockers = error.messages
    context = {
        "checklist": checklist,
        "checklist_form": checklist_form if can_edit else None,
        "blockers": blockers,
        "item": item,
        "child": child,
        "can_edit": can_edit,
        "sent_form": sent_form,
        "transfer_consent": services.transfer_consent_in_force(child.person, today),
        "photos_consent": services.photos_consent_in_force(child.person, today),
        "today": today,
    }
    return render(request, "sponsorship/correspondence_detail.html", context, status=status)


@login_required
def correspondence_detail(request, pk):
    item = get_correspondence_for_user(request.user, pk)
    return _detail_page(request, item, MarkSentForm(initial={"sent_on": timezone.localdate()}))


@login_required
@require_POST
def correspondence_checklist(request, pk):
    item = get_correspondence_for_user(request.user, pk, write=True)
    form = ChecklistForm(request.POST, correspondence=item)
    if form.is_valid():
        try:
            services.correspondence_checklist_set(
                correspondence=item, ticked=form.cleaned_data["ticked"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Checklist saved."))
            return redirect("sponsorship:correspondence_detail", pk=item.pk)
    return _detail_page(
        request, item, MarkSentForm(initial={"sent_on": timezone.localdate()}), checklist_form=form, status=400
    )


@login_required
def correspondence_edit(request, pk):
    item = get_correspondence_for_user(request.user, pk, write=True)
    initial = {name: getattr(item, name) for name in ("due_on", "language", "text", "translation_status")}
    form = CorrespondenceEditForm(request.POST or None, request.FILES or None, initial=initial, version=item.version)
    if not item.photo:
        del form.fields["remove_photo"]
    return form_action(
        request,
        form,
        action=lambda data: services.correspondence_update(
            correspondence=item, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("Saved."),
        redirect_to=("sponsorship:correspondence_detail", item.pk),
        template="sponsorship/form_page.html",
        context={"child": item.sponsorship.child, "heading": item.get_kind_display(), "multipart": True},
    )


@login_required
def correspondence_mark_sent(request, pk):
    item = get_correspondence_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return redirect("sponsorship:correspondence_detail", pk=item.pk)
    form = MarkSentForm(request.POST, correspondence=item)
    if form.is_valid():
        try:
            services.correspondence_mark_sent(correspondence=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marked as sent."))
            return redirect("sponsorship:correspondence_detail", pk=item.pk)
    return _detail_page(request, item, form, status=400)


@login_required
def correspondence_photo(request, pk):
    """The photo, to sponsorship staff and managers only; never cached by shared proxies."""
    item = get_correspondence_for_user(request.user, pk)
    if not item.photo:
        raise Http404
    try:
        handle = item.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    head = handle.read(8)
    handle.seek(0)
    content_type = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    access_record(request, action=AccessAction.DOWNLOAD_PHOTO, obj=item)
    return response
