"""A person's family: the household page, add a link with any relative of her cases, end one (kept as history)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services
from cases.forms_casework import RelationshipEndForm, RelationshipForm
from cases.household import household_for
from cases.models import Relationship
from cases.restricted import note_restricted_read, restricted_person_ids
from cases.views.helpers import get_person_for_user
from maksora.access import get_visible_or_404
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import form_action


@login_required
def person_family(request, pk):
    """The household of a person across programmes, each member as far as the viewer may see.

    A relative the viewer may not see is left out entirely, not counted either: "two more
    relatives known elsewhere" would tell a shelter worker that another unit holds this
    family, the very thing a woman who fled may need kept quiet. For
    each member she sees: a link, her cases in the viewer's units, and the Distance Support
    status in the words sponsorship.status gives this viewer (a Local worker reads "in the
    Distance Support Program", never the sponsor). Stays and houses are not shown, so no
    shelter content reaches sponsorship staff. One access-log row (the page's person).
    """
    person = get_person_for_user(request.user, pk)
    today = timezone.localdate()
    members = household_for(person, request.user, day=today)
    access_record(request, action=AccessAction.VIEW_PERSON, obj=person)
    restricted = restricted_person_ids([member.person for member in members])
    for member in members:
        if member.person.pk in restricted:
            note_restricted_read(request, member.person)
    return render(request, "cases/person_family.html", {"person": person, "members": members, "today": today})


@login_required
def relationship_add(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    form = RelationshipForm(request.POST or None, person=person, user=request.user)
    return form_action(
        request,
        form,
        action=lambda data: services.relationship_add(by=request.user, **form.link_arguments()),
        success=_("Family link added."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/relationship_form.html",
        context={"person": person},
        renamed={"to_person": "relative", "from_person": "relative"},
    )


@login_required
def relationship_end(request, pk, link_pk):
    person = get_person_for_user(request.user, pk, write=True)
    links = Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
        "from_person", "to_person"
    )
    link = get_visible_or_404(links, request.user, pk=link_pk)
    form = RelationshipEndForm(request.POST or None)
    return form_action(
        request,
        form,
        action=lambda data: services.relationship_end(relationship=link, by=request.user, ended_on=data["ended_on"]),
        success=_("Family link ended."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/relationship_end.html",
        context={
            "person": person,
            "link": link,
            "label": link.label_from(person),
            "relative": link.relative_of(person),
        },
    )
