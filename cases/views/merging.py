"""Merging a duplicate record: pick the record to keep, confirm with both side by side; undo a merge."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases import services
from cases.forms import MergeConfirmForm, MergeForm
from cases.models import Case, MergeRecord, Relationship
from cases.views.helpers import get_person_for_user
from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import form_action

REFUSED_UNITS = _("You can merge only people whose cases are all in units you coordinate.")


def _coordinator_only(user) -> None:
    if not access_for(user).is_coordinator:
        raise PermissionDenied


@login_required
def person_merge(request, pk):
    """Step one: choose the record to keep (the duplicate itself is never offered)."""
    duplicate = get_person_for_user(request.user, pk, write=True)
    _coordinator_only(request.user)
    form = MergeForm(request.POST or None, user=request.user, duplicate=duplicate)

    def check(data):
        try:
            services.merge_preview(keep=data["keep"], duplicate=duplicate, by=request.user)
        except PermissionDenied as exc:
            # Refused for a unit she does not coordinate: said on the form, not as a 403 page.
            raise ValidationError(REFUSED_UNITS) from exc
        return data["keep"]

    return form_action(
        request,
        form,
        action=check,
        success=_("Check both records before merging."),
        redirect_to=lambda keep: ("cases:person_merge_confirm", duplicate.pk, keep.pk),
        template="cases/person_merge.html",
        context={"person": duplicate},
    )


def _side(user, person) -> dict:
    """What the user may see of one record, for the side-by-side comparison."""
    return {
        "person": person,
        "cases": Case.objects.visible_to(user)
        .filter(Q(memberships__person=person) | Q(primary_person=person))
        .distinct()
        .select_related("unit"),
        "links": Relationship.objects.visible_to(user)
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person"),
        "consents": person.consents.all(),
    }


@login_required
def person_merge_confirm(request, pk, keep_pk):
    """Step two: both records side by side and what will move; the merge happens on POST."""
    duplicate = get_person_for_user(request.user, pk, write=True)
    keep = get_person_for_user(request.user, keep_pk)
    _coordinator_only(request.user)
    # Both records are shown in full: each read is logged as a view of that person.
    for person in {keep, duplicate}:
        access_record(request, action=AccessAction.VIEW_PERSON, obj=person)
    form = MergeConfirmForm(request.POST if request.method == "POST" else None)
    preview, refusals = None, []
    try:
        preview = services.merge_preview(keep=keep, duplicate=duplicate, by=request.user)
    except PermissionDenied:
        refusals = [REFUSED_UNITS]
    except ValidationError as error:
        refusals = error.messages
    context = {
        "person": duplicate,
        "keep": _side(request.user, keep),
        "duplicate": _side(request.user, duplicate),
        "preview": preview,
        "keep_programmes": [(label, kept) for label, kept, _dup in (preview or {}).get("other_programmes", [])],
        "duplicate_programmes": [(label, dup) for label, _kept, dup in (preview or {}).get("other_programmes", [])],
        "form": form,
        "refusals": refusals,
    }
    if preview is None:
        return render(request, "cases/person_merge_confirm.html", context, status=400)
    return form_action(
        request,
        form,
        action=lambda data: services.people_merge_recorded(keep=keep, duplicate=duplicate, by=request.user),
        success=_("The records have been merged."),
        redirect_to=("cases:person_detail", keep.pk),
        template="cases/person_merge_confirm.html",
        context=context,
    )


@login_required
def person_unmerge(request, pk):
    """Undo a merge: shows what will go back to the separated record, restores it on POST."""
    record = get_object_or_404(MergeRecord.objects.select_related("keep", "duplicate", "merged_by"), pk=pk)
    get_person_for_user(request.user, record.keep_id, write=True)
    _coordinator_only(request.user)
    if record.undone_at is not None:
        return redirect("cases:person_detail", record.keep_id)
    form = MergeConfirmForm(request.POST if request.method == "POST" else None)

    def unmerge(data):
        try:
            return services.people_unmerge(merge_record=record, by=request.user)
        except PermissionDenied as exc:
            raise ValidationError(REFUSED_UNITS) from exc

    moved = record.moved
    counts = [
        (_("Case memberships"), len(moved.get("case_members_moved", [])) + len(moved.get("case_members_deleted", []))),
        (_("Cases where she is the main person"), len(moved.get("cases_primary", []))),
        (_("Family links"), len(moved.get("relationships_moved", [])) + len(moved.get("relationships_deleted", []))),
        (_("Consents"), len(moved.get("consents", []))),
        (_("Documents"), len(moved.get("attachments", []))),
        (_("Stays in a shelter"), len(moved.get("stays", []))),
        (_("Enrolment in distance support"), int(moved.get("sponsored_child") is not None)),
    ]
    return form_action(
        request,
        form,
        action=unmerge,
        success=_("The merge has been undone: the two records are separate again."),
        redirect_to=lambda duplicate: ("cases:person_detail", duplicate.pk),
        template="cases/person_unmerge.html",
        context={"person": record.keep, "record": record, "counts": counts},
    )
