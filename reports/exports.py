"""The yearly report as CSV (streamed), XLSX (one sheet per section, with charts) and PDF.

All three read the same `ReportData`, live or saved, so they carry the same figures as
the page. Text cells go through maksora.exports.safe_cell (CSV: maksora.exports.stream_csv).
"""

import io
import logging

import xlsxwriter
from django.utils.translation import gettext as _
from fpdf import FPDF

from maksora import display
from maksora.exports import safe_cell, stream_csv
from reports.report import ReportData

# fpdf2's font subsetting logs every glyph list at INFO through fontTools.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


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
        yield [section.title_display, row.key, _indent(row).strip(), "" if row.value is None else row.value]


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
            elif row.is_ratio:
                sheet.write_number(line, 1, row.value, percent)
            elif isinstance(row.value, float):
                sheet.write_number(line, 1, row.value, decimal_format)
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


def pdf_bytes(report: ReportData, *, title: str) -> bytes:
    """A printable A4 report: per section a table of figures and simple bar drawings."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", FONT_PATH)
    pdf.add_font("DejaVu", "B", FONT_BOLD_PATH)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, period_label(report), new_x="LMARGIN", new_y="NEXT")
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for section in report.sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 8, section.title_display, new_x="LMARGIN", new_y="NEXT")
        groups = []
        for row in section.rows:
            if row.level == 0:
                groups.append((row, []))
            elif groups and row.level == 1:
                groups[-1][1].append(row)
        for top, children in groups:
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(width - 35, 6, top.label_display)
            pdf.cell(35, 6, top.value_display, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            numbers = [c.value for c in children if c.is_countable]
            biggest = max([float(n) for n in numbers] + [0.0])
            for child in children:
                if pdf.will_page_break(6):
                    pdf.add_page()
                x, y = pdf.get_x(), pdf.get_y()
                pdf.cell(70, 5, "  " + child.label_display)
                if biggest and child.is_countable:
                    bar = (width - 70 - 30) * float(child.value) / biggest
                    pdf.set_fill_color(92, 62, 140)
                    pdf.rect(x + 70, y + 1, max(bar, 0.3), 3, style="F")
                pdf.set_xy(x + width - 30, y)
                pdf.cell(30, 5, child.value_display, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
