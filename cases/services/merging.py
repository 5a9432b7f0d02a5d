"""Merging a duplicate record into the one kept, previewing it, and undoing it exactly."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices
from cases.models import Attachment, Case, CaseMember, Consent, MergeRecord, Person, Relationship
from cases.services.lifecycle import case_log
from cases.signals import person_merge_preview, person_merging, person_unmerging
from maksora.access import access_for


def row_values(obj) -> dict:
    """Every stored column of a row, enough to re-create it with its own id."""
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def check_may_merge(*, keep: Person, duplicate: Person, by, case_ids=(), as_steward: bool = False) -> None:
    """Coordinators only, and only when every case of both people (and `case_ids`) is in a unit they manage.

    `as_steward`: a pair decided "same person" in the stewards' queue (cases.services.duplicates),
    which a registry steward may merge across units she does not coordinate.
    """
    access = access_for(by)
    if as_steward:
        if not access.is_registry_steward:
            raise PermissionDenied
        return
    units = (
        set(CaseMember.objects.filter(person__in=[keep, duplicate]).values_list("case__unit__code", flat=True))
        | set(Case.objects.filter(primary_person__in=[keep, duplicate]).values_list("unit__code", flat=True))
        | set(Case.objects.filter(pk__in=case_ids).values_list("unit__code", flat=True))
    )
    if not access.is_coordinator or not units or not all(access.can_manage_unit(code) for code in units):
        raise PermissionDenied


def _check_mergeable(*, keep: Person, duplicate: Person) -> None:
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged into herself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("This person has already been merged."))


def _clashing_consents(*, keep: Person, duplicate: Person):
    """The duplicate's consents in force for a purpose the kept record has one in force for too."""
    kept_purposes = Consent.objects.filter(person=keep, withdrawn_on__isnull=True).values("purpose")
    return Consent.objects.filter(person=duplicate, withdrawn_on__isnull=True, purpose__in=kept_purposes)


def merge_preview(*, keep: Person, duplicate: Person, by) -> dict:
    """What a merge of `duplicate` into `keep` would move, for the confirmation page.

    Refuses (ValidationError, PermissionDenied) as the merge itself would.
    """
    _check_mergeable(keep=keep, duplicate=duplicate)
    check_may_merge(keep=keep, duplicate=duplicate, by=by)
    shared_cases = CaseMember.objects.filter(person=keep).values("case_id")
    counts = [
        (_("Case memberships"), CaseMember.objects.filter(person=duplicate).exclude(case_id__in=shared_cases).count()),
        (_("Cases where she is the main person"), Case.objects.filter(primary_person=duplicate).count()),
        (_("Family links"), Relationship.objects.filter(Q(from_person=duplicate) | Q(to_person=duplicate)).count()),
        (_("Consents"), Consent.objects.filter(person=duplicate).count()),
        (_("Documents"), Attachment.objects.filter(person=duplicate).count()),
    ]
    blockers, other_programmes = [], []
    for _receiver, answers in person_merge_preview.send(sender=Person, keep=keep, duplicate=duplicate):
        for answer in answers or ():
            counts.append((answer["label"], answer["moving"]))
            other_programmes.append((answer["label"], answer.get("keep", ""), answer.get("duplicate", "")))
            if answer.get("blocker"):
                blockers.append(answer["blocker"])
    return {
        "counts": counts,
        "withdrawn_consents": list(_clashing_consents(keep=keep, duplicate=duplicate)),
        "dropped_memberships": CaseMember.objects.filter(person=duplicate, case_id__in=shared_cases).count(),
        "blockers": blockers,
        "other_programmes": other_programmes,
    }


def _move_relationships(*, keep: Person, duplicate: Person, moved: dict) -> None:
    """Family links of `duplicate` now link `keep`; a link that would repeat one in force, or point at herself, goes."""
    for link in Relationship.objects.filter(Q(from_person=duplicate) | Q(to_person=duplicate)):
        new_from = keep if link.from_person_id == duplicate.pk else link.from_person
        new_to = keep if link.to_person_id == duplicate.pk else link.to_person
        # Ended links are history and may repeat; only one link of a kind stays in force.
        same = Relationship.objects.filter(from_person=new_from, to_person=new_to, kind=link.kind)
        if new_from.pk == new_to.pk or (link.ended_on is None and same.in_force().exists()):
            moved["relationships_deleted"].append(row_values(link))
            link.delete()
        else:
            moved["relationships_moved"].append(
                {"id": link.pk, "from_person_id": link.from_person_id, "to_person_id": link.to_person_id}
            )
            link.from_person, link.to_person = new_from, new_to
            link.save(update_fields=["from_person", "to_person"])


def _move_consents(*, keep: Person, duplicate: Person, moved: dict) -> None:
    """Consents follow the person; where both records have one in force, the duplicate's is withdrawn."""
    today = timezone.localdate()
    clashing = set(_clashing_consents(keep=keep, duplicate=duplicate).values_list("pk", flat=True))
    for consent in Consent.objects.filter(person=duplicate):
        before = consent.withdrawn_on
        if consent.pk in clashing:
            consent.withdrawn_on = max(today, consent.given_on)
        moved["consents"].append({"id": consent.pk, "withdrawn_on": before, "withdrawn_on_after": consent.withdrawn_on})
        consent.person = keep
        consent.save(update_fields=["person", "withdrawn_on"])


@transaction.atomic
def people_merge(*, keep: Person, duplicate: Person, by, as_steward: bool = False) -> Person:
    """Move every link of `duplicate` onto `keep` and mark the duplicate as merged; returns `keep`.

    `keep.merge_record` is the MergeRecord of this merge (see `people_merge_recorded`).
    """
    keep.merge_record = people_merge_recorded(keep=keep, duplicate=duplicate, by=by, as_steward=as_steward)
    return keep


@transaction.atomic
def people_merge_recorded(*, keep: Person, duplicate: Person, by, as_steward: bool = False) -> MergeRecord:
    """Merge `duplicate` into `keep` and return the MergeRecord that allows undoing it.

    Coordinators only, and only when every case of both people is in a unit they manage.
    A consent in force on both records stays on `keep`; the duplicate's one is withdrawn
    (kept for the record) so only one consent per purpose is in force. Every history event
    of the merge names the coordinator, also outside a web request (admin action, shell).
    """
    with pghistory.context(user=by.pk, action="people_merge"):
        return _people_merge(keep=keep, duplicate=duplicate, by=by, as_steward=as_steward)


def _people_merge(*, keep: Person, duplicate: Person, by, as_steward: bool = False) -> MergeRecord:
    # Read afresh under a lock: a page open for a while may hold a record merged or un-merged since.
    for person in (keep, duplicate):
        person.merged_into_id = (
            Person.objects.select_for_update().values_list("merged_into", flat=True).get(pk=person.pk)
        )
    _check_mergeable(keep=keep, duplicate=duplicate)
    check_may_merge(keep=keep, duplicate=duplicate, by=by, as_steward=as_steward)
    affected_cases = list(
        Case.objects.filter(Q(memberships__person=duplicate) | Q(primary_person=duplicate)).distinct()
    )
    moved = {
        "case_members_moved": [],
        "case_members_deleted": [],
        "relationships_moved": [],
        "relationships_deleted": [],
        "consents": [],
    }
    for membership in CaseMember.objects.filter(person=duplicate):
        if CaseMember.objects.filter(case_id=membership.case_id, person=keep).exists():
            moved["case_members_deleted"].append(row_values(membership))
            membership.delete()
        else:
            moved["case_members_moved"].append(membership.pk)
            membership.person = keep
            membership.save(update_fields=["person"])
    moved["cases_primary"] = list(Case.objects.filter(primary_person=duplicate).values_list("pk", flat=True))
    Case.objects.filter(pk__in=moved["cases_primary"]).update(primary_person=keep)

    _move_relationships(keep=keep, duplicate=duplicate, moved=moved)
    _move_consents(keep=keep, duplicate=duplicate, moved=moved)
    moved["attachments"] = list(Attachment.objects.filter(person=duplicate).values_list("pk", flat=True))
    Attachment.objects.filter(pk__in=moved["attachments"]).update(person=keep)
    # Stays, program enrolment…: the apps built on cases move their own rows (and may refuse).
    person_merging.send(sender=Person, keep=keep, duplicate=duplicate, by=by, moved=moved)

    moved["merged_into"] = list(Person.objects.filter(merged_into=duplicate).values_list("pk", flat=True))
    Person.objects.filter(pk__in=moved["merged_into"]).update(merged_into=keep)
    # An update, not save(): the in-memory copy may carry an older version than the row.
    Person.objects.filter(pk=duplicate.pk).update(merged_into=keep)
    duplicate.merged_into = keep
    record = MergeRecord.objects.create(keep=keep, duplicate=duplicate, merged_by=by, moved=moved)
    for case in affected_cases:
        case_log(
            case=case,
            kind=choices.CaseActivityKind.MERGED,
            actor=by,
            summary=_("%(duplicate)s (#%(dup_id)s) merged into %(keep)s (#%(keep_id)s)")
            % {"duplicate": duplicate, "dup_id": duplicate.pk, "keep": keep, "keep_id": keep.pk},
        )
    return record


# --- un-merge -------------------------------------------------------------------------------


def _unsafe(message: str):
    return ValidationError(_("The merge cannot be undone: %(reason)s") % {"reason": message})


def _check_rows(queryset, ids, *, message: str) -> None:
    """Every one of `ids` is still in `queryset` (still where the merge put it)."""
    if queryset.filter(pk__in=ids).count() != len(set(ids)):
        raise _unsafe(message)


def affected_case_ids(record: MergeRecord) -> set[int]:
    moved = record.moved
    ids = set(moved.get("cases_primary", []))
    ids |= set(CaseMember.objects.filter(pk__in=moved.get("case_members_moved", [])).values_list("case_id", flat=True))
    ids |= {row["case_id"] for row in moved.get("case_members_deleted", [])}
    return ids


def _check_unmerge_safe(*, record: MergeRecord, keep: Person, duplicate: Person) -> None:
    moved = record.moved
    if record.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if duplicate.merged_into_id != keep.pk:
        raise _unsafe(_("the duplicate record no longer points at the record kept."))
    if keep.merged_into_id:
        raise _unsafe(_("the record kept has since been merged into another one."))
    _check_rows(
        CaseMember.objects.filter(person=keep),
        moved["case_members_moved"],
        message=_("a case membership that moved has since been removed or given to someone else."),
    )
    for row in moved["case_members_deleted"]:
        if not Case.objects.filter(pk=row["case_id"]).exists():
            raise _unsafe(_("a case the duplicate was a member of has since been deleted."))
    _check_rows(
        Case.objects.filter(primary_person=keep),
        moved["cases_primary"],
        message=_("a case that moved has since been deleted or given another main person."),
    )
    for row in moved["relationships_moved"]:
        expected_from = keep.pk if row["from_person_id"] == duplicate.pk else row["from_person_id"]
        expected_to = keep.pk if row["to_person_id"] == duplicate.pk else row["to_person_id"]
        if not Relationship.objects.filter(pk=row["id"], from_person=expected_from, to_person=expected_to).exists():
            raise _unsafe(_("a family link that moved has since been deleted or changed."))
    for row in moved["consents"]:
        if not Consent.objects.filter(pk=row["id"], person=keep, withdrawn_on=row["withdrawn_on_after"]).exists():
            raise _unsafe(_("a consent that moved has since been deleted, withdrawn or changed."))
    _check_rows(
        Attachment.objects.filter(person=keep),
        moved["attachments"],
        message=_("a document that moved has since been deleted or moved."),
    )
    _check_rows(
        Person.objects.filter(merged_into=keep),
        moved["merged_into"],
        message=_("a record merged earlier into the duplicate has since changed."),
    )


@transaction.atomic
def people_unmerge(*, merge_record: MergeRecord, by) -> Person:
    """Undo a merge: put every row the merge moved back on the duplicate, as it was; returns the duplicate.

    Same rule as the merge (coordinators of every unit involved). Refused with a reason when
    something has changed since the merge so that putting the rows back would be wrong (a
    moved row deleted or given to someone else, the kept record merged in turn…).
    """
    with pghistory.context(user=by.pk, action="people_unmerge"):
        record = MergeRecord.objects.select_for_update().get(pk=merge_record.pk)
        keep = Person.objects.select_for_update().get(pk=record.keep_id)
        duplicate = Person.objects.select_for_update().get(pk=record.duplicate_id)
        case_ids = affected_case_ids(record)
        check_may_merge(keep=keep, duplicate=duplicate, by=by, case_ids=case_ids)
        _check_unmerge_safe(record=record, keep=keep, duplicate=duplicate)
        moved = record.moved

        duplicate.merged_into = None
        duplicate.save(update_fields=["merged_into"])
        Person.objects.filter(pk__in=moved["merged_into"]).update(merged_into=duplicate)
        person_unmerging.send(sender=Person, keep=keep, duplicate=duplicate, by=by, moved=moved)
        Attachment.objects.filter(pk__in=moved["attachments"]).update(person=duplicate)
        for row in moved["consents"]:
            Consent.objects.filter(pk=row["id"]).update(person=duplicate, withdrawn_on=row["withdrawn_on"])
        for row in moved["relationships_moved"]:
            Relationship.objects.filter(pk=row["id"]).update(
                from_person=row["from_person_id"], to_person=row["to_person_id"]
            )
        try:
            with transaction.atomic():
                for row in moved["relationships_deleted"]:
                    Relationship.objects.create(**row)
                for row in moved["case_members_deleted"]:
                    CaseMember.objects.create(**row)
        except IntegrityError as exc:
            raise _unsafe(_("a family link or case membership it removed cannot be put back.")) from exc
        Case.objects.filter(pk__in=moved["cases_primary"]).update(primary_person=duplicate)
        CaseMember.objects.filter(pk__in=moved["case_members_moved"]).update(person=duplicate)

        record.undone_by, record.undone_at = by, timezone.now()
        record.save(update_fields=["undone_by", "undone_at"])
        for case in Case.objects.filter(pk__in=case_ids):
            case_log(
                case=case,
                kind=choices.CaseActivityKind.UNMERGED,
                actor=by,
                summary=_("%(duplicate)s (#%(dup_id)s) separated again from %(keep)s (#%(keep_id)s)")
                % {"duplicate": duplicate, "dup_id": duplicate.pk, "keep": keep, "keep_id": keep.pk},
            )
        return duplicate
