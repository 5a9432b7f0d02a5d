"""Report pages: the yearly report, figure drill-downs, exports and saved snapshots.

Thin: the period comes from PeriodForm, figures from reports.report (which
calls each app's report functions with the user, so everything is scoped by
`visible_to`). Only managers and coordinators see reports; others get 404.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Case
from jobs.services import background_job_enqueue
from jobs.thresholds import report_in_background
from maksora import pdf
from maksora.access import access_for
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.routers import read_alias, reads_from_replica
from reports import drilldown as drill
from reports import drilldown_exports
from reports.cache import report_with_previous_year
from reports.exports import csv_rows, pdf_bytes, report_document_context, xlsx_bytes
from reports.forms import PeriodForm, SaveReportForm
from reports.models import SavedReport
from reports.rendering import report_body
from reports.report import ReportData, Row, figure_function, find_figure, without_jit
from reports.snapshots import JOB_KIND as SNAPSHOT_JOB
from reports.tasks import EXPORT_JOB

EXPORT_FORMATS = ("xlsx", "csv", "pdf")
EXPORT_LANGUAGES = ("ru", "en", "it")
DRILLDOWN_FORMATS = drilldown_exports.FORMATS
PAGE_SIZE = 50


def _require_reports(request):
    if not request.user.is_authenticated:
        raise Http404
    if not access_for(request.user).sees_reports:
        raise Http404


def inception_year(user) -> int | None:
    """The year of the first recorded case the user sees: "since inception" starts there."""
    # The first row of the opening-day index that she sees, not a MIN over every case.
    first = Case.objects.visible_to(user).order_by("opened_on").values_list("opened_on", flat=True).first()
    return first.year if first else None


def _period_query(form) -> str:
    return urlencode({k: v for k, v in form.data.items() if k in form.fields and v})


@reads_from_replica
def yearly(request):
    _require_reports(request)
    form = PeriodForm(request.GET or None)
    report = None
    in_background = False
    if not request.GET or form.is_valid():
        if not request.GET:
            form = PeriodForm({})
            form.is_valid()
        start, end = form.period()
        # Several years take too long to compute while the page waits: a snapshot job does it.
        in_background = report_in_background(start, end)
        if not in_background:
            report = report_with_previous_year(start, end, request.user)
    status = 200 if report is not None or in_background else 400
    query = _period_query(form)
    context = {
        "report_body": report_body(report, query=query) if report else "",
        "in_background": in_background,
        "inception_year": inception_year(request.user),
        "form": form,
        "report": report,
        "query": query,
        "save_form": SaveReportForm(),
        "export_formats": EXPORT_FORMATS,
        "languages": EXPORT_LANGUAGES,
    }
    return render(request, "reports/yearly.html", context, status=status)


def _live_drilldown(request, source, key):
    """The figure `source`/`key` of the period in the query, and its listing (404 if none)."""
    _require_reports(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    function = figure_function(request.user, source)
    if function is None:
        raise Http404
    start, end = form.period()
    figure = find_figure(function(start, end, user=request.user), key)
    if figure is None or figure.records is None or Row(figure.key, "", figure.value).is_measure:
        raise Http404  # an average, a median or a rate is not a count of records: no list behind it
    listing = drill.Drilldown(
        figure.records.model._meta.label_lower, request.user, quantity=drill.live_quantity(figure.records)
    )
    return form, start, end, figure, listing


@reads_from_replica
def drilldown(request, source, key):
    with without_jit():
        form, start, end, figure, listing = _live_drilldown(request, source, key)
        page = Paginator(listing.live_values(figure.records), PAGE_SIZE).get_page(request.GET.get("page"))
        lines = listing.live_lines(page.object_list)
    query = _period_query(form)
    context = {
        "label": figure.label,
        "value": figure.value,
        "start": start,
        "last_day": end - timedelta(days=1),
        "page_obj": page,
        "headings": listing.headings,
        "rows": [line.cells for line in lines],
        "lines": lines,
        "query_string": query,
        "back_url": f"{_reverse('reports:yearly')}?{query}",
        "export_urls": {
            fmt: f"{_reverse('reports:drilldown_export', source, key, fmt)}?{query}" for fmt in DRILLDOWN_FORMATS
        },
    }
    access_record(request, action=AccessAction.VIEW_DRILLDOWN, row_count=page.paginator.count)
    return render(request, "reports/drilldown.html", context)


@reads_from_replica
def drilldown_export(request, source, key, fmt):
    if fmt not in DRILLDOWN_FORMATS:
        raise Http404
    with without_jit():
        _form, start, end, figure, listing = _live_drilldown(request, source, key)
        records = figure.records.using(read_alias())  # read later, as the response streams
        count = records.count()
    filename = f"maksora-{key}-{start:%Y%m%d}-{end - timedelta(days=1):%Y%m%d}"
    response = _drilldown_file(fmt, listing.headings, listing.live_rows(records), filename, str(figure.label))
    access_record(request, action=AccessAction.EXPORT_DRILLDOWN, kind=fmt, row_count=count)
    return response


def _drilldown_file(fmt, headings, rows, filename, title):
    if fmt == "csv":
        return drilldown_exports.csv_response(headings, rows, filename)
    return drilldown_exports.xlsx_response(headings, rows, filename, sheet=title)


def _reverse(name, *args):
    return reverse(name, args=args)


def _export_response(report: ReportData, fmt: str, lang: str, filename: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if lang not in EXPORT_LANGUAGES:
        lang = "ru"
    with translation.override(lang):
        title = _("Yearly report")
        if fmt == "csv":
            rows = list(csv_rows(report))  # labels translated now, inside the language override
            response = StreamingHttpResponse(iter(rows), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(
                xlsx_bytes(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(pdf_bytes(report, title=title), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@reads_from_replica
def export(request, fmt):
    _require_reports(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    start, end = form.period()
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filename = f"maksora-report-{start:%Y%m%d}-{end - timedelta(days=1):%Y%m%d}"
    lang = request.GET.get("lang", "ru")
    if report_in_background(start, end):
        access_record(request, action=AccessAction.EXPORT_REPORT, kind=fmt)
        job = background_job_enqueue(
            owner=request.user,
            kind=EXPORT_JOB,
            parameters={
                "start": start.isoformat(),
                "end": end.isoformat(),
                "format": fmt,
                "language": lang if lang in EXPORT_LANGUAGES else "ru",
                "filename": filename,
            },
            idempotency_key=None,
        )
        return redirect("jobs:job_detail", pk=job.pk)
    report = report_with_previous_year(start, end, request.user)
    response = _export_response(report, fmt, lang, filename)
    access_record(request, action=AccessAction.EXPORT_REPORT, kind=fmt, row_count=report.row_count)
    return response


def print_view(request):
    """The yearly report's print view: the PDF's own page, with Print and Download PDF."""
    _require_reports(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    start, end = form.period()
    report = report_with_previous_year(start, end, request.user)
    query = _period_query(form)
    context = {
        **report_document_context(report, title=_("Yearly report")),
        "back_url": f"{_reverse('reports:yearly')}?{query}",
        "pdf_url": f"{_reverse('reports:export', 'pdf')}?{query}&lang={translation.get_language()}",
    }
    return pdf.print_view(request, "documents/yearly_report.html", context)


@require_POST
def save(request):
    _require_reports(request)
    form = PeriodForm(request.GET)
    save_form = SaveReportForm(request.POST)
    if not form.is_valid() or not save_form.is_valid():
        return redirect(f"{_reverse('reports:yearly')}?{_period_query(form)}")
    start, end = form.period()
    job = background_job_enqueue(
        owner=request.user,
        kind=SNAPSHOT_JOB,
        parameters={"title": save_form.cleaned_data["title"], "start": start.isoformat(), "end": end.isoformat()},
        idempotency_key=save_form.idempotency_key(),
    )
    return redirect("jobs:job_detail", pk=job.pk)


def saved_list(request):
    _require_reports(request)
    saved = SavedReport.objects.visible_to(request.user).select_related("created_by")
    page = Paginator(saved, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/saved_list.html", {"page_obj": page})


def _saved(request, pk) -> tuple[SavedReport, ReportData]:
    _require_reports(request)
    saved = get_object_or_404(SavedReport.objects.visible_to(request.user), pk=pk)
    return saved, ReportData.from_json(saved.figures, computed_at=saved.created_at, record_ids=saved.record_ids)


def saved_detail(request, pk):
    saved, report = _saved(request, pk)
    context = {
        "report_body": report_body(report, saved=saved),
        "report": report,
        "saved": saved,
        "export_formats": EXPORT_FORMATS,
        "languages": EXPORT_LANGUAGES,
    }
    return render(request, "reports/yearly.html", context)


def _saved_drilldown(request, pk, ref):
    saved, report = _saved(request, pk)
    row = next((row for _section, row in report.rows() if row.ref == ref), None)
    if row is None or ref not in saved.record_ids or not row.model or row.is_measure:
        raise Http404
    # The ids frozen at save time, each as it was then, still filtered by what the reader may see today.
    listing = drill.SavedDrilldown(
        row.model, request.user, quantity=drill.saved_quantity(row), saved=saved, ids=saved.record_ids[ref]
    )
    return saved, report, row, listing


@reads_from_replica
def saved_drilldown(request, pk, ref):
    saved, report, row, listing = _saved_drilldown(request, pk, ref)
    page = Paginator(listing.shown_ids, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = listing.lines(list(page.object_list))
    context = {
        "label": row.label_display,
        "value": row.value_display,
        "start": report.start,
        "last_day": report.last_day,
        "page_obj": page,
        "headings": listing.headings,
        "rows": [line.cells for line in lines],
        "lines": lines,
        "query_string": "",
        "back_url": _reverse("reports:saved_detail", saved.pk),
        "saved": saved,
        "export_urls": {
            fmt: _reverse("reports:saved_drilldown_export", saved.pk, ref, fmt) for fmt in DRILLDOWN_FORMATS
        },
    }
    access_record(request, action=AccessAction.VIEW_DRILLDOWN, obj=saved, row_count=page.paginator.count)
    return render(request, "reports/drilldown.html", context)


@reads_from_replica
def saved_drilldown_export(request, pk, ref, fmt):
    if fmt not in DRILLDOWN_FORMATS:
        raise Http404
    saved, _report, row, listing = _saved_drilldown(request, pk, ref)
    filename = f"maksora-saved-report-{saved.pk}-{row.key}"
    response = _drilldown_file(fmt, listing.headings, listing.rows(), filename, row.label_display)
    access_record(request, action=AccessAction.EXPORT_DRILLDOWN, obj=saved, kind=fmt, row_count=len(listing.shown_ids))
    return response


@reads_from_replica
def saved_export(request, pk, fmt):
    saved, report = _saved(request, pk)
    response = _export_response(report, fmt, request.GET.get("lang", "ru"), f"maksora-saved-report-{saved.pk}")
    access_record(request, action=AccessAction.EXPORT_REPORT, obj=saved, kind=fmt, row_count=report.row_count)
    return response
