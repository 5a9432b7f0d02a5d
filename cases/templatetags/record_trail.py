from django import template

from cases.services import person_unit_codes
from maksora.access import access_for, can_see_person_readers
from maksora.accesslog import readers_of_person

register = template.Library()


@register.inclusion_tag("cases/partials/person_record_trail.html", takes_context=True)
def person_record_trail(context, person):
    """Who opened this person's records lately, and a link to her history: for the coordinators of her units."""
    user = context["request"].user
    # Only coordinators can qualify: others are answered without asking for her units.
    if not access_for(user).is_coordinator or not can_see_person_readers(user, person_unit_codes(person)):
        return {"shown": False}
    return {"shown": True, "person": person, "readers": readers_of_person(person.pk)}
