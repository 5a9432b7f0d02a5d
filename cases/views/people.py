"""People: registry page, edit, family, consents, attachments and autocomplete (merge: cases.views.merging)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices, consents, services
from cases.forms import AttachmentForm, PersonEditForm
from cases.household import link_phrase
from cases.models import Attachment, Case, MergeRecord, Person, Relationship, Restriction
from cases.restricted import note_restricted_read
from cases.search import PHONE, query_kind
from cases.views.helpers import can_edit_person, get_case_for_user, get_person_for_user
from maksora.access import access_for, can_restrict_person, get_visible_or_404
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import form_action
from sponsorship.status import sponsorship_status_of_visible

AUTOCOMPLETE_LIMIT = 10


@login_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    # Family links are shown only towards relatives the user may see as well; links in
    # force first, ended ones after them (kept for the record), each read from this person.
    links = (
        Relationship.objects.visible_to(request.user)
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person")
        .order_by(F("ended_on").desc(nulls_first=True), "to_person__birth_date", "id")
    )
    today = timezone.localdate()
    relatives = [
        {"link": link, "phrase": link_phrase(link, person, day=today), "relative": link.relative_of(person)}
        for link in links
    ]
    access = access_for(request.user)
    editable = can_edit_person(request.user, person)
    person_consents = _consents_with_state(person)
    access_record(request, action=AccessAction.VIEW_PERSON, obj=person)
    restriction = Restriction.objects.filter(person=person).prefetch_related("grants__user").first()
    if restriction is not None:
        note_restricted_read(request, person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "relatives": relatives,
            "cases": Case.objects.visible_to(request.user).filter(memberships__person=person).for_list(),
            "consents": person_consents,
            "consent_purposes": choices.ConsentPurpose.choices,
            "destruction_due_on": _destruction_due_on(person, person_consents),
            "attachments": person.attachments.select_related("document_type"),
            "can_edit": editable,
            "can_merge": access.is_coordinator and editable,
            "merges_kept": MergeRecord.objects.filter(keep=person, undone_at__isnull=True).select_related("duplicate")
            if access.is_coordinator and editable
            else (),
            "restriction": restriction,
            "can_restrict": can_restrict_person(request.user, services.person_unit_codes(person)),
            "sponsorship_status": sponsorship_status_of_visible(person, request.user, day=today),
            "today": today,
        },
    )


def _consents_with_state(person) -> list:
    rows = list(person.consents.select_related("signed_by", "text").order_by("purpose", "-given_on", "-id"))
    for consent in rows:
        consent.state = consents.state_of(consent)
    return rows


def _destruction_due_on(person, person_consents):
    # Asked only when one of the consents already read is a withdrawn processing consent.
    if any(c.purpose == choices.ConsentPurpose.DATA_PROCESSING and c.withdrawn_on for c in person_consents):
        return consents.destruction_due_on(person)
    return None


@login_required
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonEditForm(request.POST or None, instance=person)
    return form_action(
        request,
        form,
        action=lambda data: form.save(),
        success=_("Saved."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/person_form.html",
        context={"person": person},
    )


@login_required
def person_autocomplete(request):
    """People the user may see found by `q` as the case list finds them (cases.search), as JSON.

    A short number is a record's id (the picker's initial value); a longer one a phone number.
    """
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        visible = Person.objects.visible_to(request.user)
        # The merge picker leaves out the record being merged: never a person with herself.
        exclude = request.GET.get("exclude", "")
        if exclude.isdigit():
            visible = visible.exclude(pk=int(exclude))
        by_id = query.isdigit() and query_kind(query) != PHONE
        people = visible.filter(pk=int(query)) if by_id else visible.search(query)
        for person in people.order_by("family_name", "given_name", "id")[:AUTOCOMPLETE_LIMIT]:
            results.append({"id": person.pk, "label": person.full_name, "birth_date": person.birth_date_display})
    return JsonResponse({"results": results})


def _attachment_upload(request, *, person=None, case=None, redirect_to: tuple):
    holders = None if case is None else Person.objects.visible_to(request.user).filter(memberships__case=case)
    form = AttachmentForm(request.POST or None, request.FILES or None, holders=holders)

    def store(data):
        try:
            return services.attachment_store(
                upload=data["file"],
                kind=data["kind"],
                description=data["description"],
                person=person or data.get("holder"),
                case=case,
                by=request.user,
                document_type=data["document_type"],
                document_number=data["document_number"],
                issued_on=data["issued_on"],
                valid_until=data["valid_until"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            # The service judges the file itself, so its message belongs next to that field.
            raise ValidationError({"file": error.messages}) from error

    return form_action(
        request,
        form,
        action=store,
        success=_("File attached."),
        redirect_to=redirect_to,
        template="cases/attachment_form.html",
        context={"person": person, "case": case},
        renamed={"person": "holder"},
    )


@login_required
def person_attachment_add(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    return _attachment_upload(request, person=person, redirect_to=("cases:person_detail", person.pk))


@login_required
def case_attachment_add(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    return _attachment_upload(request, case=case, redirect_to=("cases:case_detail", case.pk))


@login_required
def attachment_download(request, pk):
    attachment = get_visible_or_404(Attachment.objects, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Served as a download under its original name; never cached by shared proxies.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    access_record(request, action=AccessAction.DOWNLOAD_ATTACHMENT, obj=attachment)
    return response
