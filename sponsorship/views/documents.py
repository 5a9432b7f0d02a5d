"""Documents for sponsors, in the sponsor's language: the yearly update letter and the yearly statement."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pdf import data_uri, document_response
from sponsorship import exports, services
from sponsorship.views.helpers import get_correspondence_for_user, get_sponsor_for_user
from sponsorship.views.sponsors import statement_year


def _photo_data_uri(item) -> str:
    """The private photo embedded in the document itself (it has no public address)."""
    try:
        with item.photo.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return ""
    return data_uri(content, "image/png" if content.startswith(b"\x89PNG") else "image/jpeg")


@login_required
def yearly_update_letter(request, pk, as_pdf: bool = False):
    """The yearly update as the sponsor receives it; the photo only with photo and transfer consent in force."""
    item = get_correspondence_for_user(request.user, pk)
    child = item.sponsorship.child
    day = item.sent_on or timezone.localdate()
    show_photo = bool(item.photo) and services.photo_may_go_to_sponsor(child.person, day)
    context = {
        "item": item,
        "child": child,
        "sponsor": item.sponsorship.sponsor,
        "year": (item.due_on or day).year,
        "age": child.person.age_on(day),
        "photo": _photo_data_uri(item) if show_photo else "",
        "photo_withheld": bool(item.photo) and not show_photo,
        "document_language": item.language,
        "back_url": reverse("sponsorship:correspondence_detail", args=[item.pk]),
        "pdf_url": reverse("sponsorship:yearly_update_letter_pdf", args=[item.pk]),
    }
    filename = f"update-{child.avsi_code}-{context['year']}.pdf"
    response = document_response(request, "documents/yearly_update.html", context, filename=filename, as_pdf=as_pdf)
    access_record(request, action=AccessAction.VIEW_CHILD, obj=item, kind="yearly_update_pdf" if as_pdf else "")
    return response


@login_required
def sponsor_statement_document(request, pk, as_pdf: bool = False):
    """The yearly statement printed for the sponsor, in the sponsor's language."""
    sponsor = get_sponsor_for_user(request.user, pk)
    form, year = statement_year(request)
    if year is None:
        return render(request, "sponsorship/statement.html", {"sponsor": sponsor, "form": form}, status=400)
    contributions = exports.statement_contributions(sponsor, year, user=request.user)
    context = {
        "sponsor": sponsor,
        "year": year,
        "contributions": contributions,
        "total": exports.statement_total(contributions),
        "document_language": sponsor.language,
        "back_url": f"{reverse('sponsorship:sponsor_statement', args=[sponsor.pk])}?year={year}",
        "pdf_url": f"{reverse('sponsorship:sponsor_statement_pdf', args=[sponsor.pk])}?year={year}",
    }
    safe_code = "".join(ch for ch in sponsor.avsi_code if ch.isalnum() or ch in "-_") or str(sponsor.pk)
    response = document_response(
        request,
        "documents/sponsor_statement.html",
        context,
        filename=f"statement-{safe_code}-{year}.pdf",
        as_pdf=as_pdf,
    )
    access_record(
        request,
        action=AccessAction.EXPORT_STATEMENT,
        obj=sponsor,
        kind="pdf" if as_pdf else "print",
        row_count=contributions.count(),
    )
    return response
