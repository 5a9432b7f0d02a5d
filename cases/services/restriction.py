"""Restricted persons: set, change the named staff, lift (see docs/restricted.md)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases import choices
from cases.models import Case, CaseMember, Person, Restriction, RestrictionGrant
from cases.services.lifecycle import case_log
from maksora import roles
from maksora.access import can_restrict_person


def person_unit_codes(people) -> set[str]:
    """Units of every case they are in, as primary person or member: one Person, or people's ids.

    Two index reads in one statement (memberships by person, cases by primary person): an
    OR of both over their join read every case and membership of the organisation.
    """
    ids = [people.pk] if isinstance(people, Person) else list(people)
    as_member = CaseMember.objects.filter(person__in=ids).order_by().values_list("case__unit__code", flat=True)
    as_primary = Case.objects.filter(primary_person__in=ids).order_by().values_list("unit__code", flat=True)
    return set(as_member.union(as_primary))


def restriction_staff(person: Person):
    """Staff who may be named: active users working in one of her units, with a role there."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            units__code__in=person_unit_codes(person),
            groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR, roles.SPONSORSHIP_OFFICER),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _check_may_restrict(*, person: Person, by) -> set[str]:
    codes = person_unit_codes(person)
    # Seeing her is part of the rule: a coordinator not named cannot change a restriction.
    if not can_restrict_person(by, codes) or not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise PermissionDenied
    return codes


def _named_ids(*, person: Person, named, codes: set[str]) -> set[int]:
    """The named staff's ids, refused unless they work in her units and one coordinates there."""
    named = list(named)
    allowed = {user.pk: user for user in restriction_staff(person)}
    ids = {user.pk for user in named}
    if not ids <= set(allowed):
        raise ValidationError({"named": _("Only staff of her units can be named.")})
    if not any(can_restrict_person(allowed[pk], codes) for pk in ids):
        # Otherwise nobody could change or lift the restriction any more.
        raise ValidationError({"named": _("Name at least one coordinator of her units.")})
    return ids


def _log(*, person: Person, by, summary: str) -> None:
    for case in Case.objects.filter(memberships__person=person).distinct():
        case_log(case=case, kind=choices.CaseActivityKind.OTHER, actor=by, summary=summary)


@transaction.atomic
def person_restrict(*, person: Person, by, reason: str, named=()) -> Restriction:
    """Hide `person` from everyone but `named` (the acting coordinator always among them)."""
    codes = _check_may_restrict(person=person, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is restricted.")})
    if Restriction.objects.filter(person=person).exists():
        raise ValidationError(_("This record is already restricted."))
    ids = _named_ids(person=person, named=[by, *named], codes=codes)
    try:
        with transaction.atomic():
            restriction = Restriction.objects.create(person=person, reason=reason, set_by=by)
    except IntegrityError as exc:  # restricted at the same moment by someone else
        raise ValidationError(_("This record is already restricted.")) from exc
    RestrictionGrant.objects.bulk_create(
        RestrictionGrant(restriction=restriction, user_id=pk, granted_by=by) for pk in sorted(ids)
    )
    _log(person=person, by=by, summary=_("Access to a member's record was restricted to named staff."))
    return restriction


@transaction.atomic
def person_restriction_change(*, person: Person, by, named, reason: str | None = None) -> Restriction:
    """Replace the named staff of a restricted person (and, if given, the reason)."""
    codes = _check_may_restrict(person=person, by=by)
    restriction = Restriction.objects.select_for_update().filter(person=person).first()
    if restriction is None:
        raise ValidationError(_("This record is not restricted."))
    ids = _named_ids(person=person, named=named, codes=codes)
    if reason is not None and reason.strip() and reason.strip() != restriction.reason:
        restriction.reason = reason.strip()
        restriction.save(update_fields=["reason"])
    current = set(restriction.grants.values_list("user_id", flat=True))
    restriction.grants.filter(user_id__in=current - ids).delete()
    RestrictionGrant.objects.bulk_create(
        RestrictionGrant(restriction=restriction, user_id=pk, granted_by=by) for pk in sorted(ids - current)
    )
    if ids != current:
        _log(person=person, by=by, summary=_("The named staff of a restricted record were changed."))
    return restriction


@transaction.atomic
def person_unrestrict(*, person: Person, by) -> None:
    """Lift the restriction: she is visible again to all staff of her units."""
    _check_may_restrict(person=person, by=by)
    restriction = Restriction.objects.select_for_update().filter(person=person).first()
    if restriction is None:
        raise ValidationError(_("This record is not restricted."))
    restriction.delete()  # its grants go with it; the history keeps both
    _log(person=person, by=by, summary=_("A member's record is no longer restricted."))


def is_named(user, person: Person) -> bool:
    return RestrictionGrant.objects.filter(restriction__person=person, user_id=user.pk).exists()
