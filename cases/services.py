"""Actions on cases: keyword-only functions, atomic, raising ValidationError for users.

Views, admin actions, imports and commands all call these, so the rules (allowed status
transitions, who may reassign) and the timeline entries live in one place.
"""

import io
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices
from cases.models import (
    Attachment,
    Case,
    CaseActivity,
    CaseMember,
    CaseNumberCounter,
    Consent,
    Goal,
    GoalUpdate,
    Note,
    Person,
    Relationship,
    Task,
    Unit,
)
from maksora.access import access_for


@transaction.atomic
def case_number_next(*, unit: Unit, year: int) -> str:
    """Next readable case number of a unit and year, e.g. G-2026-0007 (gap-free per unit/year)."""
    counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.prefix}-{year}-{counter.last:04d}"


def case_log(*, case: Case, kind: str, actor=None, summary: str = "", from_status="", to_status="") -> CaseActivity:
    """Add one readable line to the case timeline."""
    return CaseActivity.objects.create(
        case=case, kind=kind, actor=actor, summary=summary[:500], from_status=from_status, to_status=to_status
    )


@transaction.atomic
def case_open(
    *,
    unit: Unit,
    primary_person: Person,
    members: list[tuple[Person, str]] = (),
    opened_by,
    opened_on: date | None = None,
    status: str = choices.CaseStatus.INTAKE,
    **fields,
) -> Case:
    """Open a case in `unit` for `primary_person` (+ other members with their roles)."""
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot be opened in the future.")})
    case = Case.objects.create(
        number=case_number_next(unit=unit, year=opened_on.year),
        unit=unit,
        primary_person=primary_person,
        opened_on=opened_on,
        status=status,
        **fields,
    )
    CaseMember.objects.create(case=case, person=primary_person, role=choices.MemberRole.PRIMARY)
    for person, role in members:
        if person.pk != primary_person.pk:
            CaseMember.objects.get_or_create(case=case, person=person, defaults={"role": role})
    case_log(case=case, kind=choices.CaseActivityKind.OPENED, actor=opened_by, to_status=status)
    return case


@transaction.atomic
def case_change_status(
    *, case: Case, to_status: str, by, on: date | None = None, closure_reason: str = "", comment: str = ""
) -> Case:
    """Move a case along its workflow; closing needs a reason, reopening clears the closure."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not access_for(by).can_edit_unit(case.unit.code):
        raise PermissionDenied
    if to_status not in choices.CASE_TRANSITIONS[case.status]:
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": case.get_status_display(), "to": choices.CaseStatus(to_status).label}
        )
    on = on or timezone.localdate()
    from_status = case.status
    if to_status == choices.CaseStatus.CLOSED:
        if not closure_reason:
            raise ValidationError({"closure_reason": _("Choose why the case is being closed.")})
        if on < case.opened_on:
            raise ValidationError({"on": _("A case cannot be closed before the day it was opened.")})
        if on > timezone.localdate():
            raise ValidationError({"on": _("A case cannot be closed in the future.")})
        case.closed_on, case.closure_reason = on, closure_reason
    elif from_status == choices.CaseStatus.CLOSED:
        case.closed_on, case.closure_reason = None, ""
    case.status = to_status
    case.version += 1
    case.save(update_fields=["status", "closed_on", "closure_reason", "version"])
    case_log(
        case=case,
        kind=choices.CaseActivityKind.STATUS,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        summary=comment,
    )
    return case


@transaction.atomic
def case_reassign(*, case: Case, to_user, by) -> Case:
    """Give a case to another worker of the same unit (coordinators only)."""
    if not access_for(by).can_manage_unit(case.unit.code):
        raise PermissionDenied
    if not to_user.units.filter(pk=case.unit_id).exists():
        raise ValidationError(
            _("%(worker)s does not work in %(unit)s.") % {"worker": to_user.get_full_name(), "unit": case.unit}
        )
    previous = case.assigned_to
    if previous == to_user:
        return case
    case.assigned_to = to_user
    case.version += 1
    case.save(update_fields=["assigned_to", "version"])
    case_log(
        case=case,
        kind=choices.CaseActivityKind.REASSIGNED,
        actor=by,
        summary=_("From %(old)s to %(new)s")
        % {
            "old": previous.get_full_name() if previous else "—",
            "new": to_user.get_full_name() or to_user.get_username(),
        },
    )
    return case


# --- intake ---------------------------------------------------------------------------


def _person_from(data: Person | dict) -> Person:
    """An existing person is used as is; a dict of fields creates a new person."""
    if isinstance(data, Person):
        return data
    person = Person(**data)
    person.full_clean(exclude=["name_key"])
    person.save()
    return person


@transaction.atomic
def intake_register(
    *, unit: Unit, mother: Person | dict, children: list[Person | dict] = (), registered_by, **case_fields
) -> Case:
    """Register a mother and her children (existing people or new ones) and open their case.

    Each person is either an existing `Person` (picked at the duplicate warning) or a dict
    of Person fields. The mother is linked to every child (kind "mother").
    """
    if not access_for(registered_by).can_edit_unit(unit.code):
        raise PermissionDenied
    mother_person = _person_from(mother)
    child_people = []
    for child in children:
        person = _person_from(child)
        if person.pk == mother_person.pk:
            raise ValidationError(_("The same person cannot be both the mother and a child."))
        if person.pk not in {c.pk for c in child_people}:
            child_people.append(person)
    for child in child_people:
        Relationship.objects.get_or_create(
            from_person=mother_person, to_person=child, kind=choices.RelationshipKind.MOTHER
        )
    return case_open(
        unit=unit,
        primary_person=mother_person,
        members=[(c, choices.MemberRole.CHILD) for c in child_people],
        opened_by=registered_by,
        assigned_to=case_fields.pop("assigned_to", registered_by),
        **case_fields,
    )


@transaction.atomic
def case_member_add(
    *, case: Case, by, person_fields: dict, role: str = choices.MemberRole.CHILD, mother_link: bool = True
) -> Person:
    """Register a new person as a member of `case` (e.g. a baby born during the stay).

    A child is linked to the case's primary person as her mother when she is a woman.
    """
    from maksora.access import can_edit_case

    if not can_edit_case(by, case):
        raise PermissionDenied
    person = _person_from(dict(person_fields))
    CaseMember.objects.create(case=case, person=person, role=role)
    if mother_link and role == choices.MemberRole.CHILD and case.primary_person.sex == choices.Sex.FEMALE:
        Relationship.objects.get_or_create(
            from_person=case.primary_person, to_person=person, kind=choices.RelationshipKind.MOTHER
        )
    case_log(case=case, kind=choices.CaseActivityKind.MEMBER_ADDED, actor=by, summary=person.full_name)
    return person


# --- merge ----------------------------------------------------------------------------


@transaction.atomic
def people_merge(*, keep: Person, duplicate: Person, by) -> Person:
    """Move every link of `duplicate` onto `keep` and mark the duplicate as merged.

    Coordinators only, and only when every case of both people is in a unit they manage.
    A consent in force on both records stays on `keep`; the duplicate's one is withdrawn
    (kept for the record) so only one consent per purpose is in force.
    """
    from shelters.models import Stay
    from sponsorship.models import SponsoredChild

    access = access_for(by)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged into herself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("This person has already been merged."))
    units = set(
        CaseMember.objects.filter(person__in=[keep, duplicate]).values_list("case__unit__code", flat=True)
    ) | set(Case.objects.filter(primary_person__in=[keep, duplicate]).values_list("unit__code", flat=True))
    if not access.is_coordinator or not units or not all(access.can_manage_unit(code) for code in units):
        raise PermissionDenied
    affected_cases = list(
        Case.objects.filter(Q(memberships__person=duplicate) | Q(primary_person=duplicate)).distinct()
    )

    for membership in CaseMember.objects.filter(person=duplicate):
        if CaseMember.objects.filter(case_id=membership.case_id, person=keep).exists():
            membership.delete()
        else:
            membership.person = keep
            membership.save(update_fields=["person"])
    Case.objects.filter(primary_person=duplicate).update(primary_person=keep)

    for link in Relationship.objects.filter(Q(from_person=duplicate) | Q(to_person=duplicate)):
        new_from = keep if link.from_person_id == duplicate.pk else link.from_person
        new_to = keep if link.to_person_id == duplicate.pk else link.to_person
        if (
            new_from.pk == new_to.pk
            or Relationship.objects.filter(from_person=new_from, to_person=new_to, kind=link.kind).exists()
        ):
            link.delete()
        else:
            link.from_person, link.to_person = new_from, new_to
            link.save(update_fields=["from_person", "to_person"])

    today = timezone.localdate()
    for consent in Consent.objects.filter(person=duplicate):
        clash = consent.withdrawn_on is None and Consent.objects.filter(
            person=keep, purpose=consent.purpose, withdrawn_on__isnull=True
        )
        if clash and clash.exists():
            consent.withdrawn_on = max(today, consent.given_on)
        consent.person = keep
        consent.save(update_fields=["person", "withdrawn_on"])
    Attachment.objects.filter(person=duplicate).update(person=keep)
    try:
        with transaction.atomic():
            Stay.objects.filter(person=duplicate).update(person=keep)
    except IntegrityError as exc:
        raise ValidationError(_("Both records have stays in a shelter at the same time.")) from exc
    if SponsoredChild.objects.filter(person=duplicate).exists():
        if SponsoredChild.objects.filter(person=keep).exists():
            raise ValidationError(_("Both records are enrolled in the distance support program."))
        SponsoredChild.objects.filter(person=duplicate).update(person=keep)

    Person.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    for case in affected_cases:
        case_log(
            case=case,
            kind=choices.CaseActivityKind.MERGED,
            actor=by,
            summary=_("%(duplicate)s (#%(dup_id)s) merged into %(keep)s (#%(keep_id)s)")
            % {"duplicate": duplicate, "dup_id": duplicate.pk, "keep": keep, "keep_id": keep.pk},
        )
    return keep


# --- notes, plan, tasks ---------------------------------------------------------------


def _require_edit(case: Case, user) -> None:
    from maksora.access import can_edit_case

    if not can_edit_case(user, case):
        raise PermissionDenied


@transaction.atomic
def note_add(*, case: Case, author, **fields) -> Note:
    """Record a contact with the family (a note) on the case timeline."""
    _require_edit(case, author)
    day = fields.get("date") or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"date": _("A contact cannot be recorded in the future.")})
    note = Note(case=case, author=author, **fields)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def goal_add(*, case: Case, by, **fields) -> Goal:
    _require_edit(case, by)
    goal = Goal(case=case, **fields)
    goal.full_clean()
    goal.save()
    case_log(case=case, kind=choices.CaseActivityKind.GOAL, actor=by, summary=_("New goal: %s") % goal.text)
    return goal


@transaction.atomic
def goal_progress_add(*, goal: Goal, by, text: str, status: str, on: date | None = None) -> GoalUpdate:
    """One step towards a goal; reaching "achieved" dates the goal, leaving it clears the date."""
    _require_edit(goal.case, by)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"date": _("Progress cannot be recorded in the future.")})
    update = GoalUpdate.objects.create(goal=goal, date=on, text=text, status=status, author=by)
    goal.status = status
    goal.achieved_on = on if status == choices.GoalStatus.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_on"])
    return update


@transaction.atomic
def task_add(*, case: Case, by, title: str, due_on: date, assigned_to) -> Task:
    _require_edit(case, by)
    if not assigned_to.units.filter(pk=case.unit_id).exists():
        raise ValidationError({"assigned_to": _("Choose a worker of the case's unit.")})
    return Task.objects.create(case=case, title=title, due_on=due_on, assigned_to=assigned_to)


@transaction.atomic
def task_done(*, task: Task, by, on: date | None = None) -> Task:
    _require_edit(task.case, by)
    if task.done_on is None:
        task.done_on = on or timezone.localdate()
        task.save(update_fields=["done_on"])
        case_log(case=task.case, kind=choices.CaseActivityKind.TASK, actor=by, summary=_("Done: %s") % task.title)
    return task


@transaction.atomic
def case_set_review(*, case: Case, by, next_review_on: date | None) -> Case:
    _require_edit(case, by)
    if next_review_on and next_review_on < case.opened_on:
        raise ValidationError({"next_review_on": _("The review cannot be before the case was opened.")})
    case.next_review_on = next_review_on
    case.version += 1
    case.save(update_fields=["next_review_on", "version"])
    return case


# --- consents and attachments -------------------------------------------------------------


@transaction.atomic
def consent_give(*, person: Person, purpose: str, given_on: date, by, evidence: Attachment | None = None) -> Consent:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be given in the future.")})
    if Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).exists():
        raise ValidationError({"purpose": _("This consent is already in force.")})
    return Consent.objects.create(person=person, purpose=purpose, given_on=given_on, evidence=evidence, recorded_by=by)


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: date, by) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    if on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn in the future.")})
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    return consent


ALLOWED_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def upload_sanitize(upload) -> tuple[ContentFile, str]:
    """Check size and real type of an upload; re-encode images without their metadata.

    The type is read from the content, never from the file name or the browser's claim,
    so a text file renamed .jpg is refused.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return ContentFile(upload.read()), "application/pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Only PDF, JPEG and PNG files can be attached."))
            # Turn phone photos upright before their orientation tag is dropped with the rest.
            upright = ImageOps.exif_transpose(image).convert("RGB" if image_format == "JPEG" else "RGBA")
            # A fresh image gets the pixels only: EXIF (GPS included) and text chunks stay behind.
            clean = Image.new(upright.mode, upright.size)
            clean.paste(upright)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a valid PDF, JPEG or PNG file.")) from exc
    buffer = io.BytesIO()
    if image_format == "JPEG":
        clean.save(buffer, format="JPEG", quality=90)
    else:
        clean.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue()), ALLOWED_IMAGE_FORMATS[image_format]


@transaction.atomic
def attachment_store(
    *, upload, kind: str, by, person: Person | None = None, case: Case | None = None, description: str = ""
) -> Attachment:
    """Store a checked upload privately; images are re-encoded so no EXIF/GPS data survives."""
    content, content_type = upload_sanitize(upload)
    attachment = Attachment(
        person=person,
        case=case,
        original_name=upload.name[:255],
        content_type=content_type,
        size=content.size,
        kind=kind,
        description=description,
        uploaded_by=by,
    )
    attachment.file.save("upload", content, save=False)
    attachment.save()
    return attachment
