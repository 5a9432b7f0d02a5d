"""A merged person's enrolment follows her onto the record kept (cases.signals.person_merging)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sponsorship.models import SponsoredChild


def move_enrolment(sender, *, keep, duplicate, **kwargs) -> None:
    if not SponsoredChild.objects.filter(person=duplicate).exists():
        return
    if SponsoredChild.objects.filter(person=keep).exists():
        raise ValidationError(_("Both records are enrolled in the distance support program."))
    SponsoredChild.objects.filter(person=duplicate).update(person=keep)
