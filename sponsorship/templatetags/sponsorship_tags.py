"""`{% case_sponsorship members %}`: the program status of a case's members, never the sponsor's identity."""

from django import template

from sponsorship.status import sponsorship_statuses_of_visible

register = template.Library()


@register.inclusion_tag("sponsorship/partials/case_sponsorship.html", takes_context=True)
def case_sponsorship(context, members):
    """The program status of a case's members (those she sees: `CaseMember.objects.visible_to`).

    Sponsorship staff, managers and the program's own workers read each child's status (and
    open her page); anyone else learns only that a member is in the program, never since
    when, with whom or that she left it.
    """
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return {"rows": []}
    people = [member.person for member in members]
    statuses = sponsorship_statuses_of_visible(people, user)
    rows = []
    for person in people:
        status = statuses.get(person.pk)
        if status is None or (not status.can_open_child_page and status.state == "left"):
            continue
        rows.append({"person": person, "status": status})
    return {"rows": rows}
