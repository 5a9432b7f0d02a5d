"""Consents: recording, withdrawing, the printable form to sign, and those to renew (docs/consent.md)."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import choices, consents, services
from cases.consent_form import consent_document
from cases.forms import ConsentForm, ConsentPrintForm, ConsentWithdrawForm
from cases.models import Consent
from cases.views.helpers import get_person_for_user
from maksora.access import access_for, get_visible_or_404
from maksora.pages import form_action, paginate
from maksora.pdf import pdf_response


@login_required
def consent_add(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    form = ConsentForm(
        request.POST or None, request.FILES or None, person=person, initial={"given_on": timezone.localdate()}
    )
    return form_action(
        request,
        form,
        action=lambda data: services.consent_give(person=person, by=request.user, **data),
        success=_("Consent recorded."),
        redirect_to=("cases:person_detail", person.pk),
        template="cases/consent_form.html",
        context={"person": person},
    )


@login_required
def consent_withdraw(request, pk):
    consent = get_visible_or_404(Consent.objects.select_related("person"), request.user, pk=pk)
    person = get_person_for_user(request.user, consent.person_id, write=True)
    form = ConsentWithdrawForm(request.POST or None)

    def after(withdrawn):
        # Withdrawing the processing consent hides her at once: a worker can no longer open her page.
        if Consent.objects.visible_to(request.user).filter(pk=withdrawn.pk).exists():
            return ("cases:person_detail", person.pk)
        return ("home",)

    return form_action(
        request,
        form,
        action=lambda data: services.consent_withdraw(consent=consent, on=data["withdrawn_on"], by=request.user),
        success=_("Consent withdrawn."),
        redirect_to=after,
        template="cases/consent_withdraw.html",
        context={"person": person, "consent": consent},
    )


def _print_context(request, pk, purpose):
    person = get_person_for_user(request.user, pk, write=True)
    if purpose not in choices.ConsentPurpose.values:
        raise Http404
    form = ConsentPrintForm(request.GET or None, person=person)
    if not form.is_valid():
        form = ConsentPrintForm(person=person)
        form.is_valid()
    data = getattr(form, "cleaned_data", {})
    context = consent_document(
        person=person,
        purpose=purpose,
        signed_by=data.get("signed_by"),
        language=data.get("language") or choices.ConsentLanguage.RU,
        recipient=data.get("recipient", ""),
    )
    context["form"] = form
    context["query"] = request.GET.urlencode()
    return person, context


@login_required
def consent_print(request, pk, purpose):
    """The consent form to sign, filled with her (and her representative's) data: the browser's print view."""
    _person, context = _print_context(request, pk, purpose)
    return render(request, "documents/consent_form.html", {**context, "for_pdf": False})


@login_required
def consent_print_pdf(request, pk, purpose):
    person, context = _print_context(request, pk, purpose)
    filename = f"consent-{purpose}-{person.pk}-{context['language']}.pdf"
    return pdf_response("documents/consent_form.html", context, filename, request=request)


@login_required
def consents_expiring(request):
    """Consents within her scope whose validity ends in the next 30 days, and those already expired."""
    access = access_for(request.user)
    if not access.follows_consents:
        raise PermissionDenied
    today = timezone.localdate()
    rows = (
        Consent.objects.visible_to(request.user)
        .expiring_by(today + timedelta(days=consents.LAPSING_DAYS))
        .select_related("person", "signed_by")
        .order_by("valid_until", "person__family_name", "id")
    )
    page = paginate(request, rows)
    for consent in page:
        consent.state = consents.state_of(consent, today)
    return render(
        request,
        "cases/consents_expiring.html",
        {"page_obj": page, "today": today, "days": consents.LAPSING_DAYS},
    )
