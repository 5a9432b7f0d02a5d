"""The report's tables and charts as HTML, rendered once for the same figures, language and links.

They are most of a report page's cost (a few hundred rows, each localised and linked), and
they depend on nothing else: the key is a digest of the figures themselves (the period,
every value and the year before), the language and the links' period query, so a write
that changes a figure changes the key, and two readers share an entry only when they would
see the same figures.
"""

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from reports.charts import page_sections
from reports.report import ReportData

TIMEOUT = 60 * 60


def _key(report: ReportData, *, query: str, saved) -> str:
    figures = json.dumps(report.to_json(), sort_keys=True, default=str)
    parts = (figures, get_language() or "", query, str(saved.pk if saved else ""))
    return "report-body:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def report_body(report: ReportData, *, query: str = "", saved=None) -> str:
    """The sections' tables, their charts' canvases and the charts' data (json_script)."""
    key = _key(report, query=query, saved=saved)
    html = cache.get(key)
    if html is None:
        sections, charts = page_sections(report)
        context = {"report": report, "report_sections": sections, "chart_data": charts, "query": query, "saved": saved}
        html = render_to_string("reports/partials/report_body.html", context)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # rendered by the template engine, escaped there
