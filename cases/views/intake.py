"""Intake: a mother, her children and the case, with a duplicate warning before saving.

Privacy choice (docs/identity.md): the whole registry is searched, but only people the
worker may already see are offered as matches. A possible match in another unit is not
mentioned at all, because a woman hosted in a shelter may be hiding from someone; it is
filed for the registry stewards once the new person is saved.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from cases import choices
from cases.forms import ChildFormSet, IntakeCaseForm, IntakePersonForm
from cases.identity import duplicates_queue_for, facts_from_fields, visible_matches
from cases.models import Case, Person, Relationship
from cases.paperwork import papers_asked_in
from cases.services import intake_register
from maksora.access import access_for
from maksora.pages import apply_errors


def _known_children(user, mother: Person) -> list[Person]:
    """Her children in force in the registry that the worker may see (offered as children of the new case)."""
    child_ids = (
        Relationship.objects.in_force()
        .filter(from_person=mother, kind=choices.RelationshipKind.MOTHER)
        .values("to_person_id")
    )
    return list(Person.objects.visible_to(user).filter(pk__in=child_ids).order_by("birth_date", "given_name", "id"))


def _offer_matches(user, person_forms, *, mother_form) -> bool:
    """Attach likely existing matches (her scope only) to each unanswered person form; True if any was found."""
    found = False
    for form in person_forms:
        if form.cleaned_data.get("match"):
            continue
        fields = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        form.candidates = []
        for candidate in visible_matches(user, facts_from_fields(fields)):
            person = candidate.person
            person.match = candidate.match
            if form is mother_form:
                person.known_children = _known_children(user, person)
            form.candidates.append(person)
        found = found or bool(form.candidates)
    return found


def _chosen_known_children(request, user, mother) -> list[Person]:
    if not isinstance(mother, Person):
        return []
    wanted = set(request.POST.getlist("mother-known_children"))
    return [child for child in _known_children(user, mother) if str(child.pk) in wanted]


def _open_case_of(unit, person) -> Case | None:
    if not isinstance(person, Person):
        return None
    return Case.objects.filter(unit=unit, primary_person=person).exclude(status=choices.CaseStatus.CLOSED).first()


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
    open_case = None
    if request.method == "POST" and case_form.is_valid() and mother_form.is_valid() and children.is_valid():
        child_forms = [form for form in children.forms if form.has_changed()]
        asking = _offer_matches(request.user, [mother_form, *child_forms], mother_form=mother_form)
        mother = mother_form.person_or_fields()
        open_case = None if asking else _open_case_of(case_form.cleaned_data["unit"], mother)
        if not asking and open_case is None:
            known = _chosen_known_children(request, request.user, mother)
            all_children = [*known, *(form.person_or_fields() for form in child_forms)]
            existing = {person.pk for person in [mother, *all_children] if isinstance(person, Person)}
            try:
                case = intake_register(
                    unit=case_form.cleaned_data["unit"],
                    mother=mother,
                    children=all_children,
                    registered_by=request.user,
                    mother_consent=mother_form.consent(),
                    children_consents=[None] * len(known) + [form.consent() for form in child_forms],
                    referral_source=case_form.cleaned_data["referral_source"],
                    risk_level=case_form.cleaned_data["risk_level"],
                    problem_areas=case_form.cleaned_data["problem_areas"],
                )
            except ValidationError as error:
                apply_errors(case_form, error)
            else:
                for person in case.members.exclude(pk__in=existing):
                    duplicates_queue_for(person=person, by=request.user)
                return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/intake.html",
        {
            "case_form": case_form,
            "mother_form": mother_form,
            "children": children,
            "asking": asking,
            "open_case": open_case,
            "units_papers": papers_asked_in(case_form.fields["unit"].queryset),
        },
    )
