"""Family links from a person's page: add one with any relative of her cases, end one (kept as history)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.utils.translation import gettext as _

from cases import services
from cases.forms_casework import RelationshipEndForm, RelationshipForm
from cases.models import Relationship
from cases.views.helpers import get_person_for_user
from maksora.access import get_visible_or_404
from maksora.pages import form_action


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
