"""A merged person's enrolment follows her onto the record kept, and back when undone (cases.signals)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sponsorship.models import SponsoredChild


def move_enrolment(sender, *, keep, duplicate, moved=None, **kwargs) -> None:
    child = SponsoredChild.objects.filter(person=duplicate).first()
    if child is None:
        return
    if SponsoredChild.objects.filter(person=keep).exists():
        raise ValidationError(_("Both records are enrolled in the distance support program."))
    SponsoredChild.objects.filter(pk=child.pk).update(person=keep)
    if moved is not None:
        moved["sponsored_child"] = child.pk


def restore_enrolment(sender, *, keep, duplicate, moved, **kwargs) -> None:
    child_id = moved.get("sponsored_child")
    if child_id is None:
        return
    if not SponsoredChild.objects.filter(pk=child_id, person=keep).exists():
        raise ValidationError(
            _("The merge cannot be undone: %(reason)s")
            % {"reason": _("the enrolment that moved has since been deleted or given to someone else.")}
        )
    SponsoredChild.objects.filter(pk=child_id).update(person=duplicate)


def preview_enrolment(sender, *, keep, duplicate, **kwargs) -> list[dict]:
    moving = SponsoredChild.objects.filter(person=duplicate).exists()
    kept = SponsoredChild.objects.filter(person=keep).exists()
    both = moving and kept
    return [
        {
            "label": _("Enrolment in distance support"),
            "moving": int(moving),
            # Only whether she is enrolled: the programme's details stay on its own pages.
            "keep": _("yes") if kept else _("no"),
            "duplicate": _("yes") if moving else _("no"),
            "blocker": _("Both records are enrolled in the distance support program.") if both else None,
        }
    ]
