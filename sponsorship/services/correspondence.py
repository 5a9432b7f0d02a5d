"""Yearly updates and letters: logging them, their photo (re-encoded), sending, the yearly schedule."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import Person
from cases.services import upload_sanitize
from maksora import display
from maksora.constraints import violated_constraint
from maksora.locking import check_version
from maksora.rules import not_in_future
from sponsorship import choices, rules
from sponsorship.models import (
    YEARLY_UPDATE_CONSTRAINT,
    YEARLY_UPDATE_TAKEN,
    ChecklistItemType,
    ChecklistTick,
    Correspondence,
    Sponsorship,
)
from sponsorship.services.common import require_editor

# Kinds that leave the organisation towards the sponsor: their photos need the child's consent.
OUTGOING_KINDS = (choices.CorrespondenceKind.YEARLY_UPDATE, choices.CorrespondenceKind.LETTER_TO_SPONSOR)
EDITABLE_FIELDS = {"text", "language", "translation_status", "due_on"}


def photos_consent_in_force(person: Person, day: date) -> bool:
    return person.has_consent("photos", on=day)


def transfer_consent_in_force(person: Person, day: date) -> bool:
    return person.has_consent("share_with_sponsor", on=day)


def photo_may_go_to_sponsor(person: Person, day: date) -> bool:
    """A child's photo is printed for her sponsor only with both the photo and the transfer consent in force."""
    return photos_consent_in_force(person, day) and transfer_consent_in_force(person, day)


def _clean_photo(upload) -> ContentFile:
    """A JPEG or PNG re-encoded without its metadata (EXIF, GPS); anything else is refused."""
    try:
        content, content_type = upload_sanitize(upload)
        if not content_type.startswith("image/"):
            raise ValidationError(_("The photo must be a JPEG or PNG image."))
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    return content


def _check_due_date(kind: str, due_on: date | None) -> None:
    if kind == choices.CorrespondenceKind.YEARLY_UPDATE and due_on is None:
        raise ValidationError({"due_on": _("A yearly update needs a due date.")})


def _save(item: Correspondence, *, photo: ContentFile | None = None, remove_photo: bool = False) -> None:
    """Check and save `item` with its new photo; a second yearly update in a year is refused next to its due date.

    The database constraint decides (also for two officers saving at the same moment), so
    full_clean leaves it out and the refused insert becomes the form's error.
    Files follow the row: the new photo is written only once the item has passed its
    checks and is removed again if the row is refused; the photo it replaces is deleted
    only after the commit, so a refused change keeps the stored file the row still names.
    """
    item.full_clean(validate_constraints=False)
    replaced = item.photo.name if (photo or remove_photo) else ""
    storage = item.photo.storage
    if photo:
        item.photo.save("photo", photo, save=False)
    elif remove_photo:
        item.photo = ""
    try:
        with transaction.atomic():
            item.save()
    except BaseException as error:
        if photo:
            storage.delete(item.photo.name)
        if isinstance(error, IntegrityError) and violated_constraint(error) == YEARLY_UPDATE_CONSTRAINT:
            raise ValidationError({"due_on": YEARLY_UPDATE_TAKEN}) from error
        raise
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))


@transaction.atomic
def correspondence_add(
    *,
    sponsorship: Sponsorship,
    kind: str,
    language: str,
    by,
    due_on: date | None = None,
    text: str = "",
    photo=None,
    translation_status: str = choices.TranslationStatus.NOT_NEEDED,
) -> Correspondence:
    """Log a yearly update or a letter; a photo is stored privately, re-encoded without EXIF."""
    require_editor(by)
    _check_due_date(kind, due_on)
    item = Correspondence(
        sponsorship=sponsorship,
        kind=kind,
        due_on=due_on,
        language=language,
        text=text,
        translation_status=translation_status,
        created_by=by,
    )
    _save(item, photo=_clean_photo(photo) if photo else None)
    return item


@transaction.atomic
def correspondence_update(
    *,
    correspondence: Correspondence,
    by,
    photo=None,
    remove_photo: bool = False,
    expected_version: int | None = None,
    **fields,
) -> Correspondence:
    """Change the text, language, translation status, due date or photo of an item not sent yet."""
    require_editor(by)
    item = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    check_version(item, expected_version)
    if item.sent_on:
        raise ValidationError(_("This item has already been sent and can no longer be changed."))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(name)
        setattr(item, name, value)
    _check_due_date(item.kind, item.due_on)
    _save(item, photo=_clean_photo(photo) if photo else None, remove_photo=remove_photo and bool(item.photo))
    return item


@transaction.atomic
def correspondence_mark_sent(*, correspondence: Correspondence, sent_on: date, by) -> Correspondence:
    """Mark an update or letter as sent (a letter to the child: handed over) on `sent_on`.

    What leaves for Italy (a yearly update, a letter to the sponsor) carries the child's data:
    it needs her transfer consent in force on the sending day (sponsorship.rules); a photo
    also needs her "photos" consent then (given on or before it, not withdrawn by then).
    """
    require_editor(by)
    item = (
        Correspondence.objects.select_for_update()
        .select_related("sponsorship__child__person")
        .get(pk=correspondence.pk)
    )
    if item.sent_on:
        raise ValidationError(
            _("This item was already marked as sent on %(day)s.") % {"day": display.day(item.sent_on)}
        )
    not_in_future(sent_on, field="sent_on")
    if item.kind == choices.CorrespondenceKind.YEARLY_UPDATE and not (item.text.strip() or item.photo):
        raise ValidationError(_("Add the text or the photo of the yearly update before sending it."))
    person = item.sponsorship.child.person
    if item.kind in OUTGOING_KINDS:
        rules.check_transfer_consent(person, sent_on, in_force=transfer_consent_in_force(person, sent_on))
    if item.photo and item.kind in OUTGOING_KINDS and not photos_consent_in_force(person, sent_on):
        raise ValidationError(
            _(
                "The photo cannot be sent: %(child)s has no consent to photos in force on %(day)s. "
                "Record the consent on the child's page, or remove the photo."
            )
            % {"child": person.full_name, "day": display.day(sent_on)},
            code="no_photo_consent",
        )
    correspondence_ready_check(item)
    item.sent_on = sent_on
    item.save(update_fields=["sent_on"])
    return item


def checklist_of(item: Correspondence) -> list[dict]:
    """The checklist of an update or letter: each item type that applies, ticked or not."""
    ticked = set(item.checklist_ticks.values_list("item_type_id", flat=True)) if item.pk else set()
    return [
        {"type": item_type, "ticked": item_type.pk in ticked}
        for item_type in ChecklistItemType.objects.applying_to(item.kind)
    ]


def missing_checklist_items(item: Correspondence) -> list[str]:
    """Names of the required checklist items of `item` not ticked yet."""
    return list(
        ChecklistItemType.objects.applying_to(item.kind)
        .filter(required=True)
        .exclude(ticks__correspondence=item)
        .values_list("name", flat=True)
    )


def correspondence_ready_check(item: Correspondence) -> None:
    """Refuse, with the reason, an item that may not leave yet: untranslated, or its checklist not done.

    The mark-sent service, its form, the bulk sending and the admin action all ask here.
    """
    rules.check_translated(item.translation_status)
    rules.check_checklist_complete(missing_checklist_items(item))


@transaction.atomic
def correspondence_checklist_set(
    *, correspondence: Correspondence, ticked: Iterable[ChecklistItemType], by
) -> Correspondence:
    """Tick exactly the `ticked` checklist items of an item not sent yet (the others are unticked)."""
    require_editor(by)
    item = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if item.sent_on:
        raise ValidationError(_("This item has already been sent and can no longer be changed."))
    applying = {t.pk for t in ChecklistItemType.objects.applying_to(item.kind)}
    wanted = {t.pk for t in ticked}
    if not wanted <= applying:
        raise ValidationError(_("This checklist item does not apply to this item."))
    item.checklist_ticks.exclude(item_type_id__in=wanted).delete()
    present = set(item.checklist_ticks.values_list("item_type_id", flat=True))
    ChecklistTick.objects.bulk_create(
        ChecklistTick(correspondence=item, item_type_id=pk, ticked_by=by) for pk in sorted(wanted - present)
    )
    return item


@dataclass
class BulkSendResult:
    sent: list[Correspondence] = field(default_factory=list)
    refused: list[tuple[Correspondence, str]] = field(default_factory=list)


@transaction.atomic
def correspondence_bulk_mark_sent(*, correspondences: Iterable[Correspondence], sent_on: date, by) -> BulkSendResult:
    """Mark many items sent on `sent_on`, each through `correspondence_mark_sent` and all its gates.

    Each item is decided on its own (a savepoint each): the ready ones are sent, a refused
    one stays unsent with its reason. Every update goes to a different sponsor, so one
    missing translation must not hold back the others.
    """
    require_editor(by)
    result = BulkSendResult()
    for item in correspondences:
        try:
            with transaction.atomic():
                result.sent.append(correspondence_mark_sent(correspondence=item, sent_on=sent_on, by=by))
        except ValidationError as error:
            result.refused.append((item, " ".join(error.messages)))
    return result


@transaction.atomic
def yearly_updates_schedule(*, year: int, due_on: date, by=None) -> int:
    """Create a yearly update due on `due_on` for each sponsorship in force that day; returns how many.

    `by` is the officer who asked, or None for the yearly run on the job queue (sponsorship.tasks).

    Idempotent: a sponsorship that already has a yearly update due in `year` gets no
    second one, so running the schedule twice creates nothing the second time. The
    database constraint (one yearly update per sponsorship and year) settles two officers
    running it at once: the rows the other one created first are skipped, not doubled.
    """
    if by is not None:
        require_editor(by)
    if due_on.year != year:
        raise ValidationError({"due_on": _("The due date must fall in the chosen year.")})
    kind = choices.CorrespondenceKind.YEARLY_UPDATE
    planned = Correspondence.objects.filter(kind=kind, due_on__year=year).values("sponsorship_id")
    todo = Sponsorship.objects.in_force_on(due_on).exclude(pk__in=planned).select_related("sponsor").order_by("pk")
    todo = list(todo)
    Correspondence.objects.bulk_create(
        (
            Correspondence(
                sponsorship=sponsorship, kind=kind, due_on=due_on, language=sponsorship.sponsor.language, created_by=by
            )
            for sponsorship in todo
        ),
        ignore_conflicts=True,
    )
    # bulk_create cannot say which rows a conflict skipped: count the ones that are ours.
    return Correspondence.objects.filter(kind=kind, due_on=due_on, created_by=by, sponsorship__in=todo).count()
