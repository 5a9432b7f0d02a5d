"""The yearly report as CSV (streamed), XLSX (one sheet per section, with charts) and PDF.

The PDF is the print view's template (documents/yearly_report.html) rendered by maksora.pdf.

All three read the same `ReportData`, live or saved, so they carry the same figures as
the page. Text cells go through maksora.exports.safe_cell (CSV: maksora.exports.stream_csv).
"""

import hashlib
import io
import json

import xlsxwriter
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from maksora import display
from maksora.charts import bar_chart
from maksora.exports import safe_cell, stream_csv
from maksora.pdf import render_pdf
from reports.charts import section_charts, series_names
from reports.report import ReportData


def period_label(report: ReportData) -> str:
    return _("%(start)s to %(end)s") % {
        "start": display.day(report.start),
        "end": display.day(report.last_day),
    }


def _indent(row) -> str:
    return "    " * row.level + row.label_display


# --- CSV --------------------------------------------------------------------------------


def csv_rows(report: ReportData):
    """Lines of CSV text, one per figure: section, figure key, label, value, (a year earlier, change,
    change in %,) definition."""
    return stream_csv(_figure_rows(report))


def _blank(value):
    return "" if value is None else value


def _figure_rows(report: ReportData):
    comparison = [_("A year earlier"), _("Change"), _("Relative change")] if report.has_previous else []
    yield [_("Section"), _("Figure"), _("Label"), _("Value"), *comparison, _("Definition")]
    yield [_("Period"), "", period_label(report), "", *[""] * len(comparison), ""]
    for section, row in report.rows():
        # Unrounded, with a decimal point (Python's own text of the number): 0.7345238095238096, 182.5.
        line = [section.title_display, row.key, _indent(row).strip(), _blank(row.export_value)]
        if report.has_previous:
            line += [_blank(row.previous), _blank(row.change), _blank(row.change_percent)]
        yield [*line, row.definition_display]


# --- XLSX -------------------------------------------------------------------------------


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def xlsx_bytes(report: ReportData) -> bytes:
    """One worksheet per section: label, value, (a year earlier, change, change in %,) definition,
    and beside them a bar chart per figure with a breakdown (this period and a year earlier).

    Written in XlsxWriter's constant_memory mode (rows flushed as written).
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "percent": workbook.add_format({"num_format": "0.0%"}),
        "decimal": workbook.add_format({"num_format": "0.0"}),
        "signed_money": workbook.add_format({"num_format": "+#,##0.00;-#,##0.00;0.00"}),
        "signed_percent": workbook.add_format({"num_format": "+0.0%;-0.0%;0.0%"}),
        "signed_decimal": workbook.add_format({"num_format": "+0.0;-0.0;0.0"}),
        "signed": workbook.add_format({"num_format": "+0;-0;0"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    current_name, previous_name = series_names(report)
    columns = [_("Figure"), current_name]
    if report.has_previous:
        columns += [previous_name, _("Change"), _("Relative change")]
    definition_column = len(columns)
    columns.append(_("Definition"))
    used: set[str] = set()
    for section in report.sections:
        sheet_name = _sheet_name(section.title_display, used)
        sheet = workbook.add_worksheet(sheet_name)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, definition_column - 1, 14)
        sheet.set_column(definition_column, definition_column, 70)
        sheet.write_string(0, 0, safe_cell(section.title_display), formats["bold"])
        sheet.write_string(1, 0, safe_cell(period_label(report)))
        for column, heading in enumerate(columns):
            sheet.write_string(3, column, safe_cell(heading), formats["bold"])
        for index, row in enumerate(section.rows):
            line = 4 + index
            sheet.write_string(line, 0, safe_cell(_indent(row)))
            _write_number(sheet, line, 1, row, row.value, formats)
            if report.has_previous:
                _write_number(sheet, line, 2, row, row.previous, formats)
                _write_number(sheet, line, 3, row, row.change, formats, signed=True)
                percent = row.change_percent
                if percent is None:
                    sheet.write_blank(line, 4, None)
                else:
                    sheet.write_number(line, 4, percent / 100, formats["signed_percent"])
            if row.definition:
                sheet.write_string(line, definition_column, safe_cell(row.definition_display), formats["wrap"])
        for number, chart_lines in enumerate(section_charts(section)):
            first, last = 4 + chart_lines.lines[0][0], 4 + chart_lines.lines[-1][0]
            chart = workbook.add_chart({"type": "bar"})
            series = [(current_name, 1)]
            if report.has_previous:
                series.insert(0, (previous_name, 2))
            for name, column in series:
                chart.add_series(
                    {
                        "name": name,
                        "categories": [sheet_name, first, 0, last, 0],
                        "values": [sheet_name, first, column, last, column],
                    }
                )
            chart.set_title({"name": chart_lines.title})
            chart.set_legend({"position": "bottom"} if report.has_previous else {"none": True})
            sheet.insert_chart(3 + 15 * number, definition_column + 2, chart, {"x_scale": 1.2, "y_scale": 0.9})
    workbook.close()
    return output.getvalue()


def _write_number(sheet, line: int, column: int, row, value, formats: dict, *, signed: bool = False) -> None:
    """`value` in the number format of `row` (money, percentage, one decimal, whole)."""
    prefix = "signed_" if signed else ""
    if value is None:
        sheet.write_blank(line, column, None)
    elif row.is_money:
        sheet.write_number(line, column, float(value), formats[prefix + "money"])
    elif row.is_ratio:
        sheet.write_number(line, column, value, formats[prefix + "percent"])
    elif row.is_measure or isinstance(value, float):  # unrounded; the cell's format rounds what is shown
        sheet.write_number(line, column, float(value), formats[prefix + "decimal"])
    elif signed:
        sheet.write_number(line, column, value, formats["signed"])
    else:
        sheet.write_number(line, column, value)


# --- PDF --------------------------------------------------------------------------------


def document_sections(report: ReportData) -> list[dict]:
    """Each section's figures as the printed report shows them: a figure, then its breakdown as bars."""
    sections = []
    for section in report.sections:
        groups = []
        for row in section.rows:
            if row.level == 0 or not groups:
                groups.append({"row": row, "children": []})
            else:
                groups[-1]["children"].append(row)
        for group in groups:
            bars = bar_chart(
                (child.label_display, child.value if child.is_countable else None, child.value_display)
                for child in group["children"]
            )
            group["children"] = [
                {**bar, "level": child.level, "countable": child.is_countable, "row": child}
                for bar, child in zip(bars, group["children"], strict=True)
            ]
        definitions = [(row.label_display, row.definition_display) for row in section.rows if row.definition]
        sections.append({"title": section.title_display, "groups": groups, "definitions": definitions})
    return sections


def report_document_context(report: ReportData, *, title: str) -> dict:
    _current, previous_name = series_names(report)
    return {
        "title": title,
        "period": period_label(report),
        "sections": document_sections(report),
        "has_previous": report.has_previous,
        "previous_name": previous_name,
        "current_name": _current,
    }


# Laying out the PDF costs more than reading stored figures; the same figures print the same
# document, so it is kept a while per figures, title and language (a page of exports reuses it).
PDF_KEPT_SECONDS = 60 * 60


def pdf_bytes(report: ReportData, *, title: str) -> bytes:
    """The printed report (the print view's template): figures with their bars, period and page numbers."""
    content = json.dumps([report.to_json(), str(title), translation.get_language()], sort_keys=True, default=str)
    key = "report-pdf:" + hashlib.sha256(content.encode()).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = render_pdf("documents/yearly_report.html", report_document_context(report, title=title))
        cache.set(key, kept, PDF_KEPT_SECONDS)
    return kept
