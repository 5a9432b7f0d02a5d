"""Matching a child with a sponsor, ending a sponsorship, recording contributions."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _

from maksora.pages import form_action
from sponsorship import services
from sponsorship.forms import ContributionForm, SponsorshipEndForm, SponsorshipStartForm
from sponsorship.views.helpers import get_child_for_user, get_sponsorship_for_user


@login_required
def sponsorship_start(request, pk):
    child = get_child_for_user(request.user, pk, write=True)
    initial = {"start": timezone.localdate()}
    if request.GET.get("sponsor", "").isdigit():
        initial["sponsor"] = int(request.GET["sponsor"])
    query = request.GET.get("q", "").strip()[:100]
    form = SponsorshipStartForm(request.POST or None, initial=initial, user=request.user, query=query)
    return form_action(
        request,
        form,
        action=lambda data: services.sponsorship_start(child=child, by=request.user, **data),
        success=_("The child is matched with the sponsor."),
        redirect_to=("sponsorship:child_detail", child.pk),
        template="sponsorship/sponsorship_start.html",
        context={
            "child": child,
            "query": query,
            "heading": _("Match %(child)s with a sponsor") % {"child": child.person.full_name},
            "intro": _(
                "If another sponsor supports the child on that day, that sponsorship ends the day before "
                "(reason: reassigned)."
            ),
        },
    )


@login_required
def sponsorship_end(request, pk):
    sponsorship = get_sponsorship_for_user(request.user, pk, write=True)
    form = SponsorshipEndForm(request.POST or None, initial={"end": timezone.localdate()})
    return form_action(
        request,
        form,
        action=lambda data: services.sponsorship_end(sponsorship=sponsorship, by=request.user, **data),
        success=_("The sponsorship has ended."),
        redirect_to=("sponsorship:child_detail", sponsorship.child_id),
        template="sponsorship/form_page.html",
        context={
            "child": sponsorship.child,
            "heading": _("End the sponsorship by %(sponsor)s") % {"sponsor": sponsorship.sponsor.name},
        },
    )


@login_required
def contribution_add(request, pk):
    sponsorship = get_sponsorship_for_user(request.user, pk, write=True)
    today = timezone.localdate()
    form = ContributionForm(request.POST or None, initial={"period_year": today.year, "received_on": today})
    return form_action(
        request,
        form,
        action=lambda data: services.contribution_record(sponsorship=sponsorship, by=request.user, **data),
        success=_("Contribution recorded."),
        redirect_to=("sponsorship:child_detail", sponsorship.child_id),
        template="sponsorship/form_page.html",
        context={
            "child": sponsorship.child,
            "heading": _("Contribution from %(sponsor)s for %(child)s")
            % {"sponsor": sponsorship.sponsor.name, "child": sponsorship.child.person.full_name},
        },
    )
