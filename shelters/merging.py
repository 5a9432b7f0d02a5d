"""A merged person's stays follow her onto the record kept (cases.signals.person_merging)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shelters.models import Stay


def move_stays(sender, *, keep, duplicate, **kwargs) -> None:
    try:
        with transaction.atomic():
            Stay.objects.filter(person=duplicate).update(person=keep)
    except IntegrityError as exc:  # the exclusion constraint: two stays of one person at once
        raise ValidationError(_("Both records have stays in a shelter at the same time.")) from exc
