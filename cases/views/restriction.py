"""Restricting a person's record: the coordinator's pages (rules in cases.services.restriction)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cases import services
from cases.forms import LiftRestrictionForm, RestrictionForm
from cases.models import Restriction
from cases.views.helpers import get_person_for_user
from maksora.access import can_restrict_person
from maksora.pages import form_action


def _person_for_restriction(user, pk):
    """The person (404 unless visible) and her restriction; 403 unless a coordinator of her units."""
    person = get_person_for_user(user, pk)
    if not can_restrict_person(user, services.person_unit_codes(person)):
        raise PermissionDenied
    return person, Restriction.objects.filter(person=person).prefetch_related("grants").first()


@login_required
def person_restriction(request, pk):
    """Restrict the record, or change the named staff of a restricted one."""
    person, restriction = _person_for_restriction(request.user, pk)
    staff = services.restriction_staff(person)
    if restriction is None:
        initial = {"named": [request.user.pk]}
    else:
        initial = {"reason": restriction.reason, "named": [g.user_id for g in restriction.grants.all()]}
    form = RestrictionForm(request.POST or None, staff=staff, initial=initial)

    def save(data):
        if restriction is None:
            return services.person_restrict(person=person, by=request.user, reason=data["reason"], named=data["named"])
        return services.person_restriction_change(
            person=person, by=request.user, named=data["named"], reason=data["reason"]
        )

    return form_action(
        request,
        form,
        action=save,
        success=_("The record is restricted to the named staff.") if restriction is None else _("Saved."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/person_restriction.html",
        context={"person": person, "restriction": restriction},
    )


@login_required
def person_restriction_lift(request, pk):
    person, restriction = _person_for_restriction(request.user, pk)
    form = LiftRestrictionForm(request.POST or None)
    return form_action(
        request,
        form,
        action=lambda data: services.person_unrestrict(person=person, by=request.user),
        success=_("The restriction is lifted."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/person_restriction_lift.html",
        context={"person": person, "restriction": restriction},
    )
