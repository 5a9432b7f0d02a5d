"""Sponsors: list, detail, add, edit and the yearly statement (page and CSV)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jobs.services import background_job_enqueue
from jobs.thresholds import export_in_background
from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.exports import csv_response
from maksora.models import AccessAction
from maksora.pages import form_action, paginate, query_string_without_page
from sponsorship import exports, services
from sponsorship.forms import SponsorForm, StatementYearForm
from sponsorship.models import Sponsor
from sponsorship.tasks import STATEMENT_JOB
from sponsorship.views.helpers import get_sponsor_for_user, require_editor, require_sponsor_reader


@login_required
def sponsor_list(request):
    require_sponsor_reader(request.user)
    query = request.GET.get("q", "").strip()
    sponsors = (
        Sponsor.objects.visible_to(request.user)
        .search(query)
        .with_children_count(timezone.localdate())
        .order_by("name", "id")
    )
    return render(
        request,
        "sponsorship/sponsor_list.html",
        {
            "page_obj": paginate(request, sponsors),
            "query": query,
            "query_string": query_string_without_page(request),
            "can_edit": access_for(request.user).edits_sponsorship,
        },
    )


@login_required
def sponsor_detail(request, pk):
    sponsor = get_sponsor_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "sponsorship/sponsor_detail.html",
        {
            "sponsor": sponsor,
            "sponsorships": sponsor.sponsorships.visible_to(request.user)
            .select_related("child__person")
            .order_by("-period"),
            "today": today,
            "years": range(today.year, today.year - 6, -1),
            "can_edit": access_for(request.user).edits_sponsorship,
        },
    )


@login_required
def sponsor_add(request):
    require_editor(request.user)
    form = SponsorForm(request.POST or None, initial={"country": "IT", "language": "it"})
    return form_action(
        request,
        form,
        action=lambda data: services.sponsor_save(by=request.user, **data),
        success=_("Sponsor saved."),
        redirect_to=lambda sponsor: ("sponsorship:sponsor_detail", sponsor.pk),
        template="sponsorship/form_page.html",
        context={"heading": _("New sponsor")},
    )


@login_required
def sponsor_edit(request, pk):
    sponsor = get_sponsor_for_user(request.user, pk, write=True)
    form = SponsorForm(request.POST or None, instance=Sponsor.objects.get(pk=sponsor.pk))
    return form_action(
        request,
        form,
        action=lambda data: services.sponsor_save(
            by=request.user, sponsor=sponsor, expected_version=form.expected_version, **data
        ),
        success=_("Sponsor saved."),
        redirect_to=("sponsorship:sponsor_detail", sponsor.pk),
        template="sponsorship/form_page.html",
        context={"sponsor": sponsor, "heading": _("Edit sponsor %(name)s") % {"name": sponsor.name}},
    )


def statement_year(request):
    """The statement's year form read from the query (this year by default) and the year, None when invalid."""
    form = StatementYearForm(request.GET or {"year": timezone.localdate().year})
    return form, form.cleaned_data["year"] if form.is_valid() else None


def _statement_page(request, sponsor, form, year):
    """The statement of `year`, or the year form with its error (400) when the year is not valid."""
    if year is None:
        return render(request, "sponsorship/statement.html", {"sponsor": sponsor, "form": form}, status=400)
    contributions = exports.statement_contributions(sponsor, year, user=request.user)
    context = {
        "sponsor": sponsor,
        "form": form,
        "year": year,
        "contributions": contributions,
        "total": exports.statement_total(contributions),
    }
    return render(request, "sponsorship/statement.html", context)


@login_required
def sponsor_statement(request, pk):
    sponsor = get_sponsor_for_user(request.user, pk)
    return _statement_page(request, sponsor, *statement_year(request))


@login_required
def sponsor_statement_csv(request, pk):
    sponsor = get_sponsor_for_user(request.user, pk)
    form, year = statement_year(request)
    if year is None:
        return _statement_page(request, sponsor, form, year)
    safe_code = "".join(ch for ch in sponsor.avsi_code if ch.isalnum() or ch in "-_") or str(sponsor.pk)
    filename = f"statement-{safe_code}-{year}.csv"
    rows = exports.statement_contributions(sponsor, year, user=request.user).count()
    access_record(request, action=AccessAction.EXPORT_STATEMENT, obj=sponsor, kind="csv", row_count=rows)
    if export_in_background(rows):
        job = background_job_enqueue(
            owner=request.user,
            kind=STATEMENT_JOB,
            parameters={"sponsor": sponsor.pk, "year": year, "language": get_language(), "filename": filename},
            idempotency_key=None,
        )
        return redirect("jobs:job_detail", pk=job.pk)
    return csv_response(exports.statement_csv(sponsor, year, user=request.user), filename)
