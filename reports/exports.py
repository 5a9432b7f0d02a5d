"""The yearly report as CSV (streamed), XLSX (one sheet per section, with charts) and PDF.

The PDF is the print view's template (documents/yearly_report.html) rendered by maksora.pdf.

All three read the same `ReportData`, live or saved, so they carry the same figures as
the page. Text cells go through maksora.exports.safe_cell (CSV: maksora.exports.stream_csv).
"""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from maksora import display
from maksora.charts import bar_chart
from maksora.exports import safe_cell, stream_csv
from maksora.pdf import render_pdf
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
    """Lines of CSV text, one per figure: section, figure key, label, value."""
    return stream_csv(_figure_rows(report))


def _figure_rows(report: ReportData):
    yield [_("Section"), _("Figure"), _("Label"), _("Value")]
    yield [_("Period"), "", period_label(report), ""]
    for section, row in report.rows():
        # Unrounded, with a decimal point (Python's own text of the number): 0.7345238095238096, 182.5.
        yield [section.title_display, row.key, _indent(row).strip(), "" if row.value is None else row.export_value]


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
    """One worksheet per section (label, value), a bar chart per figure that has a breakdown.

    Written in XlsxWriter's constant_memory mode (rows flushed as written).
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    percent = workbook.add_format({"num_format": "0.0%"})
    decimal_format = workbook.add_format({"num_format": "0.0"})
    used: set[str] = set()
    for section in report.sections:
        sheet_name = _sheet_name(section.title_display, used)
        sheet = workbook.add_worksheet(sheet_name)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 1, 14)
        sheet.write_string(0, 0, safe_cell(section.title_display), bold)
        sheet.write_string(1, 0, safe_cell(period_label(report)))
        sheet.write_string(3, 0, _("Figure"), bold)
        sheet.write_string(3, 1, _("Value"), bold)
        charts = []  # (title, first row, last row) of each breakdown
        current = None
        for index, row in enumerate(section.rows):
            line = 4 + index
            sheet.write_string(line, 0, safe_cell(_indent(row)))
            if row.value is None:
                sheet.write_blank(line, 1, None)
            elif row.is_money:
                sheet.write_number(line, 1, float(row.value), money)
            elif row.is_ratio:  # unrounded numbers; the cell's format rounds what is shown
                sheet.write_number(line, 1, row.export_value, percent)
            elif row.is_measure:
                sheet.write_number(line, 1, row.export_value, decimal_format)
            else:
                sheet.write_number(line, 1, row.value)
            if row.level == 0:
                current = [row.label_display, None, None]
                charts.append(current)
            elif row.level == 1 and current is not None and row.is_countable:
                current[1] = line if current[1] is None else current[1]
                current[2] = line
        offset = 3
        for title, first, last in charts:
            if first is None:
                continue
            chart = workbook.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": title,
                    "categories": [sheet_name, first, 0, last, 0],
                    "values": [sheet_name, first, 1, last, 1],
                }
            )
            chart.set_title({"name": title})
            chart.set_legend({"none": True})
            sheet.insert_chart(offset, 3, chart, {"x_scale": 1.2, "y_scale": 0.9})
            offset += 15
    workbook.close()
    return output.getvalue()


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
                {**bar, "level": child.level, "countable": child.is_countable}
                for bar, child in zip(bars, group["children"], strict=True)
            ]
        sections.append({"title": section.title_display, "groups": groups})
    return sections


def report_document_context(report: ReportData, *, title: str) -> dict:
    return {"title": title, "period": period_label(report), "sections": document_sections(report)}


def pdf_bytes(report: ReportData, *, title: str) -> bytes:
    """The printed report (the print view's template): figures with their bars, period and page numbers."""
    return render_pdf("documents/yearly_report.html", report_document_context(report, title=title))
