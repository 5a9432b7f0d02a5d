"""`{% case_stays case %}`: the stays of a case's members in the houses, for the case page.

Only staff who read a house's stays see them (shelters.querysets `visible_to`); the section
is left out altogether for anyone without a house among her units (sponsorship staff, Local
workers), so the case page carries no shelter content across programmes.
"""

from django import template

from maksora.access import access_for
from maksora.units import HOUSE_UNITS
from shelters.models import Stay

register = template.Library()


@register.inclusion_tag("shelters/partials/case_stays.html", takes_context=True)
def case_stays(context, case):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not access_for(user).case_unit_codes & HOUSE_UNITS:
        return {"shown": False}
    stays = (
        Stay.objects.visible_to(user)
        .filter(case=case)
        .select_related("person", "house__unit", "bed__room")
        .order_by("-period", "person__birth_date", "id")
    )
    return {"shown": True, "stays": list(stays), "case": case}
