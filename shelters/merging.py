"""A merged person's stays follow her onto the record kept, and back when the merge is undone (cases.signals)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shelters.models import Stay


def move_stays(sender, *, keep, duplicate, moved=None, **kwargs) -> None:
    ids = list(Stay.objects.filter(person=duplicate).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            Stay.objects.filter(pk__in=ids).update(person=keep)
    except IntegrityError as exc:  # the exclusion constraint: two stays of one person at once
        raise ValidationError(_("Both records have stays in a shelter at the same time.")) from exc
    if moved is not None:
        moved["stays"] = ids


def restore_stays(sender, *, keep, duplicate, moved, **kwargs) -> None:
    ids = moved.get("stays", [])
    if Stay.objects.filter(pk__in=ids, person=keep).count() != len(ids):
        raise ValidationError(
            _("The merge cannot be undone: %(reason)s")
            % {"reason": _("a stay that moved has since been deleted or given to someone else.")}
        )
    try:
        with transaction.atomic():
            Stay.objects.filter(pk__in=ids).update(person=duplicate)
    except IntegrityError as exc:  # the duplicate has been given an overlapping stay since
        raise ValidationError(_("The duplicate record has a stay at the same time now.")) from exc


def preview_stays(sender, *, keep, duplicate, **kwargs) -> list[dict]:
    count = Stay.objects.filter(person=duplicate).count()
    return [
        {
            "label": _("Stays in a shelter"),
            "moving": count,
            "keep": str(Stay.objects.filter(person=keep).count()),
            "duplicate": str(count),
            "blocker": None,
        }
    ]
