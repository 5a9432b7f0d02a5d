"""The registry stewards' decisions on possible duplicates across units (docs/identity.md)."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import DuplicateCandidate, DuplicateDecision
from cases.services.merging import people_merge
from maksora.access import access_for


@transaction.atomic
def duplicate_decide(*, pair: DuplicateCandidate, decision: str, by, keep=None, note: str = "") -> DuplicateCandidate:
    """Record a steward's decision on `pair`: "same" merges the two records, "different" is remembered.

    The record kept is the older one (the lower id) unless `keep` names one of the two.
    A pair is decided once; "different people" is never queued again (the pair row stays).
    """
    if not access_for(by).is_registry_steward:
        raise PermissionDenied
    pair = DuplicateCandidate.objects.select_for_update().select_related("person_a", "person_b").get(pk=pair.pk)
    if pair.status != DuplicateDecision.UNDECIDED:
        raise ValidationError(_("This pair has already been decided."))
    if decision not in (DuplicateDecision.SAME, DuplicateDecision.DIFFERENT):
        raise ValidationError(_("Choose “same person” or “different people”."))
    with pghistory.context(user=by.pk, action="duplicate_decide"):
        if decision == DuplicateDecision.SAME:
            kept = keep or pair.person_a
            if kept.pk not in (pair.person_a_id, pair.person_b_id):
                raise ValidationError(_("Keep one of the two records of the pair."))
            duplicate = pair.person_b if kept.pk == pair.person_a_id else pair.person_a
            try:
                with transaction.atomic():
                    people_merge(keep=kept, duplicate=duplicate, by=by, as_steward=True)
            except IntegrityError as error:
                # Both records are the primary person of an open case in one unit.
                raise ValidationError(
                    _("Both records have an open case in the same unit: close one of them before merging.")
                ) from error
        pair.status = decision
        pair.decided_by = by
        pair.decided_at = timezone.now()
        pair.note = note[:500]
        pair.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return pair
