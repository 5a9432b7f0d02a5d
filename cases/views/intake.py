"""Intake: a mother, her children and the case, with a duplicate warning before saving.

Privacy choice: only people the worker may already see are offered as matches. A
possible match in another unit is not mentioned at all, because a woman hosted in a
shelter may be hiding from someone; coordinators of several units see more and merge
later if needed.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from cases.forms import ChildFormSet, IntakeCaseForm, IntakePersonForm
from cases.models import Person
from cases.querysets import trigram_threshold
from cases.services import intake_register
from maksora.access import access_for
from maksora.pages import apply_errors

MAX_MATCHES = 5


def _offer_matches(user, person_forms) -> bool:
    """Attach likely existing matches to each unanswered person form; True if any was found."""
    visible = Person.objects.visible_to(user)
    found = False
    with trigram_threshold():
        for form in person_forms:
            if form.cleaned_data.get("match"):
                continue
            form.candidates = list(
                visible.likely_matches(
                    family_name=form.cleaned_data["family_name"],
                    given_name=form.cleaned_data["given_name"],
                    birth_date=form.cleaned_data.get("birth_date"),
                )[:MAX_MATCHES]
            )
            found = found or bool(form.candidates)
    return found


@login_required
def intake(request):
    access = access_for(request.user)
    if not access.does_intake:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    case_form = IntakeCaseForm(data, user=request.user)
    mother_form = IntakePersonForm(data, prefix="mother", user=request.user, initial={"sex": "F"})
    children = ChildFormSet(data, prefix="children", form_kwargs={"user": request.user})
    asking = False
    if request.method == "POST" and case_form.is_valid() and mother_form.is_valid() and children.is_valid():
        child_forms = [form for form in children.forms if form.has_changed()]
        asking = _offer_matches(request.user, [mother_form, *child_forms])
        if not asking:
            try:
                case = intake_register(
                    unit=case_form.cleaned_data["unit"],
                    mother=mother_form.person_or_fields(),
                    children=[form.person_or_fields() for form in child_forms],
                    registered_by=request.user,
                    referral_source=case_form.cleaned_data["referral_source"],
                    risk_level=case_form.cleaned_data["risk_level"],
                    problem_areas=case_form.cleaned_data["problem_areas"],
                )
            except ValidationError as error:
                apply_errors(case_form, error)
            else:
                return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/intake.html",
        {"case_form": case_form, "mother_form": mother_form, "children": children, "asking": asking},
    )
