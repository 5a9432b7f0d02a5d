"""`{% sponsorship_status person %}`: the program status of a person, never the sponsor's identity."""

from django import template

from sponsorship.status import sponsorship_status_for

register = template.Library()


@register.inclusion_tag("sponsorship/partials/sponsorship_status.html", takes_context=True)
def sponsorship_status(context, person):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"status": sponsorship_status_for(person, user) if user is not None else None}
