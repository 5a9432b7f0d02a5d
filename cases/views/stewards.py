"""The registry stewards' queue: possible duplicates across units, both records side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.identity import duplicates_undecided
from cases.matching import PersonFacts, assess
from cases.models import Case, CaseMember, DuplicateDecision, Person
from cases.services import duplicate_decide
from maksora.access import access_for

QUEUE_PAGE = 50


def _cases_by_person(pairs) -> dict[int, list[Case]]:
    """The cases of every person on the page, in one query (a steward sees both sides whatever the units)."""
    people = {pair.person_a_id for pair in pairs} | {pair.person_b_id for pair in pairs}
    found: dict[int, list[Case]] = {pk: [] for pk in people}
    rows = (
        CaseMember.objects.filter(person_id__in=people)
        .select_related("case__unit")
        .order_by("case__opened_on", "case_id")
    )
    for membership in rows:
        found[membership.person_id].append(membership.case)
    return found


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
    pairs = list(_pairs_for(request.user)[:QUEUE_PAGE])
    cases = _cases_by_person(pairs)
    rows = []
    for pair in pairs:
        # Reasons are worked out again from today's records, in the reader's language.
        match = assess(PersonFacts.of(pair.person_a), PersonFacts.of(pair.person_b))
        sides = [{"person": person, "cases": cases[person.pk]} for person in (pair.person_a, pair.person_b)]
        rows.append({"pair": pair, "match": match, "sides": sides})
    return render(
        request,
        "cases/stewards.html",
        {"rows": rows, "total": _pairs_for(request.user).count()},
    )
