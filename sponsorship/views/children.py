"""Sponsored children: list, awaiting a sponsor, detail, enrolment, program data, exit."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.identity import duplicates_queue_for, facts_from_fields, visible_matches
from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import form_action, paginate, query_string_without_page
from sponsorship import services
from sponsorship.forms import ChildEnrolForm, ChildExitForm, ChildFilterForm, ChildForm
from sponsorship.models import Contribution, Correspondence, SponsoredChild
from sponsorship.views.helpers import get_child_for_user, require_editor, require_program_reader


def _filtered_children(user, *, status: str, query: str, day):
    access = access_for(user)
    children = (
        SponsoredChild.objects.visible_to(user)
        .for_list()
        .with_sponsorship_on(day, with_sponsor=access.sees_sponsors)
        .search(query)
    )
    if status == "awaiting":
        children = children.awaiting_sponsor(day)
    elif status == "sponsored":
        children = children.enrolled_on(day).filter(sponsorship_id__isnull=False)
    elif status == "left":
        children = children.filter(exited_on__lte=day)
    elif status != "all":
        children = children.enrolled_on(day)
    ordering = ("person__family_name", "person__given_name", "id")
    if "search_rank" in children.query.annotations:
        # An exact AVSI code first, then the codes that start with it.
        ordering = ("search_rank", *ordering)
    return children.order_by(*ordering)


def _children_page(request, *, title: str, awaiting_page: bool = False):
    require_program_reader(request.user)
    form = ChildFilterForm(request.GET or None)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    status = "awaiting" if awaiting_page else (form.cleaned_data["status"] if valid else "")
    children = _filtered_children(request.user, status=status, query=query, day=timezone.localdate())
    access = access_for(request.user)
    return render(
        request,
        "sponsorship/child_list.html",
        {
            "title": title,
            "form": form,
            "status": status,
            "awaiting_page": awaiting_page,
            "page_obj": paginate(request, children),
            "query_string": query_string_without_page(request),
            "sees_sponsors": access.sees_sponsors,
            "can_edit": access.edits_sponsorship,
        },
    )


@login_required
def child_list(request):
    return _children_page(request, title=_("Sponsored children"))


@login_required
def child_awaiting(request):
    return _children_page(request, title=_("Children awaiting a sponsor"), awaiting_page=True)


@login_required
def child_detail(request, pk):
    child = get_child_for_user(request.user, pk)
    access = access_for(request.user)
    today = timezone.localdate()
    context = {
        "child": child,
        "person": child.person,
        "today": today,
        "sees_sponsors": access.sees_sponsors,
        "can_edit": access.edits_sponsorship,
        "transfer_consent": services.transfer_consent_in_force(child.person, today),
        "photos_consent": services.photos_consent_in_force(child.person, today),
    }
    if access.sees_sponsors:
        sponsorships = list(child.sponsorships.select_related("sponsor").order_by("-period"))
        context["sponsorships"] = sponsorships
        context["current"] = next((s for s in sponsorships if s.is_in_force_on(today)), None)
        context["contributions"] = (
            Contribution.objects.filter(sponsorship__child=child)
            .select_related("sponsorship__sponsor")
            .order_by("-received_on", "-id")
        )
        context["correspondence"] = (
            Correspondence.objects.filter(sponsorship__child=child)
            .select_related("sponsorship__sponsor")
            .order_by("-due_on", "-id")
        )
    else:
        # Distance social workers learn only since when the child has a sponsor, never who it is.
        context["sponsored_since"] = (
            child.sponsorships.in_force_on(today).values_list("period__startswith", flat=True).first()
        )
    access_record(request, action=AccessAction.VIEW_CHILD, obj=child)
    return render(request, "sponsorship/child_detail.html", context)


@login_required
def child_enrol(request):
    """Enrol a child; a new one is first matched against the whole registry (docs/identity.md).

    Only matches the officer may see are shown; the others are filed for the registry
    stewards once the child is saved, never mentioned here.
    """
    require_editor(request.user)
    form = ChildEnrolForm(request.POST or None, user=request.user, initial={"enrolled_on": timezone.localdate()})
    candidates = []
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["person"]:
        if not form.cleaned_data["confirm_new"]:
            candidates = visible_matches(request.user, facts_from_fields(form.person_or_fields()))
    if candidates:
        return render(request, "sponsorship/child_enrol.html", {"form": form, "candidates": candidates})

    def enrol(data):
        child = services.child_enrol(person=form.person_or_fields(), by=request.user, **form.program_fields())
        if not data["person"]:
            duplicates_queue_for(person=child.person, by=request.user)
        return child

    return form_action(
        request,
        form,
        action=enrol,
        success=_("The child is enrolled in the program."),
        redirect_to=lambda child: ("sponsorship:child_detail", child.pk),
        template="sponsorship/child_enrol.html",
        context={},
    )


@login_required
def child_edit(request, pk):
    child = get_child_for_user(request.user, pk, write=True)
    form = ChildForm(request.POST or None, instance=SponsoredChild.objects.get(pk=child.pk))
    return form_action(
        request,
        form,
        action=lambda data: services.child_update(
            child=child, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("Saved."),
        redirect_to=("sponsorship:child_detail", child.pk),
        template="sponsorship/form_page.html",
        context={"child": child, "heading": _("Program data of %(child)s") % {"child": child.person.full_name}},
    )


@login_required
def child_exit(request, pk):
    child = get_child_for_user(request.user, pk, write=True)
    form = ChildExitForm(request.POST or None, initial={"exited_on": timezone.localdate()})
    return form_action(
        request,
        form,
        action=lambda data: services.child_exit(child=child, by=request.user, **data),
        success=_("The child has left the program."),
        redirect_to=("sponsorship:child_detail", child.pk),
        template="sponsorship/form_page.html",
        context={
            "child": child,
            "heading": _("%(child)s leaves the program") % {"child": child.person.full_name},
            "intro": _("A sponsorship in force ends on the same day."),
        },
    )
