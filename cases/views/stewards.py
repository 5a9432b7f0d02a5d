"""The registry stewards' queue: possible duplicates across units, both records side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.identity import duplicates_undecided
from cases.matching import PersonFacts, assess
from cases.models import Case, DuplicateDecision, Person
from cases.services import duplicate_decide
from maksora.access import access_for

QUEUE_PAGE = 50


def _side(person: Person) -> dict:
    cases = Case.objects.filter(memberships__person=person).select_related("unit").order_by("opened_on", "id")
    return {"person": person, "cases": list(cases)}


def _pairs_for(user):
    # A restricted record stays with her named staff, stewards included.
    shown = Person.objects.not_hidden_from(user).values("pk")
    return duplicates_undecided().filter(person_a__in=shown, person_b__in=shown)


@login_required
def stewards_queue(request):
    """Undecided pairs, oldest first; POST `pair` + `decision` ("same"/"different") decides one."""
    if not access_for(request.user).is_registry_steward:
        raise PermissionDenied
    if request.method == "POST":
        pair = get_object_or_404(_pairs_for(request.user), pk=request.POST.get("pair") or 0)
        keep = None
        if request.POST.get("keep"):
            keep = {str(pair.person_a_id): pair.person_a, str(pair.person_b_id): pair.person_b}.get(
                request.POST["keep"]
            )
        try:
            duplicate_decide(pair=pair, decision=request.POST.get("decision", ""), by=request.user, keep=keep)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if pair.status == DuplicateDecision.SAME:
                messages.success(request, _("The two records are now one person."))
            else:
                messages.success(request, _("Recorded as different people; this pair will not be asked again."))
        return redirect("cases:stewards")
    rows = []
    for pair in _pairs_for(request.user)[:QUEUE_PAGE]:
        match = assess(PersonFacts.of(pair.person_a), PersonFacts.of(pair.person_b))
        rows.append({"pair": pair, "match": match, "sides": [_side(pair.person_a), _side(pair.person_b)]})
    return render(
        request,
        "cases/stewards.html",
        {"rows": rows, "total": _pairs_for(request.user).count()},
    )
