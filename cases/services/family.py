"""Family links between people: added and ended on the site, kept with their history."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import choices
from cases.models import Case, CaseMember, Person, Relationship
from cases.services.lifecycle import case_log
from maksora.access import access_for
from maksora.constraints import violated_constraint


def _may_edit_person(user, person: Person) -> bool:
    """She sees the person and one of the person's cases is in a unit she writes in."""
    access = access_for(user)
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return False
    units = CaseMember.objects.filter(person=person).values_list("case__unit__code", flat=True)
    return any(access.can_edit_unit(code) for code in set(units))


def _require_both(user, *people: Person) -> None:
    if not all(_may_edit_person(user, person) for person in people):
        raise PermissionDenied


def _log_on_shared_cases(link: Relationship, *, by, summary: str) -> None:
    """The line goes into every case both relatives belong to (their family file)."""
    shared = Case.objects.filter(memberships__person=link.from_person).filter(memberships__person=link.to_person)
    for case in shared.distinct():
        case_log(case=case, kind=choices.CaseActivityKind.FAMILY_LINK, actor=by, summary=summary)


@transaction.atomic
def relationship_add(
    *, from_person: Person, to_person: Person, kind: str, by, started_on: date | None = None
) -> Relationship:
    """Record that `from_person` is <kind> of `to_person` (e.g. father of), in force from `started_on`.

    Both people must be reachable and in units the user writes in; a link of the same
    kind between the same two people can be in force only once.
    """
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": _("A person cannot be her own relative.")})
    _require_both(by, from_person, to_person)
    if kind not in choices.RelationshipKind.values:
        raise ValidationError({"kind": _("Choose a kind of family link from the list.")})
    if started_on and started_on > timezone.localdate():
        raise ValidationError({"started_on": _("A family link cannot start in the future.")})
    link = Relationship(from_person=from_person, to_person=to_person, kind=kind, started_on=started_on)
    if Relationship.objects.in_force().filter(from_person=from_person, to_person=to_person, kind=kind).exists():
        raise ValidationError(_("This family link is already recorded: %(link)s.") % {"link": link})
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as error:  # the same link saved a moment ago by someone else
        if violated_constraint(error) != "relationship_unique_in_force":
            raise
        raise ValidationError(_("This family link is already recorded: %(link)s.") % {"link": link}) from error
    _log_on_shared_cases(link, by=by, summary=_("Added: %(link)s") % {"link": link})
    return link


@transaction.atomic
def relationship_end(*, relationship: Relationship, by, ended_on: date) -> Relationship:
    """End a family link on `ended_on`; the link stays on record, shown as ended."""
    link = (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("from_person", "to_person")
        .get(pk=relationship.pk)
    )
    _require_both(by, link.from_person, link.to_person)
    if link.ended_on is not None:
        raise ValidationError(_("This family link has already ended."))
    if ended_on is None:
        raise ValidationError({"ended_on": _("Enter the day the family link ended.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("A family link cannot end in the future.")})
    if link.started_on and ended_on < link.started_on:
        raise ValidationError({"ended_on": _("A family link cannot end before it started.")})
    link.ended_on = ended_on
    link.save(update_fields=["ended_on"])
    _log_on_shared_cases(
        link,
        by=by,
        summary=_("Ended on %(day)s: %(link)s") % {"day": date_format(ended_on, "SHORT_DATE_FORMAT"), "link": link},
    )
    return link
