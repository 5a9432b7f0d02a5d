"""A drill-down list as CSV or XLSX: the page's columns and rows, streamed, never held whole.

CSV streams line by line (`maksora.exports.stream_csv`); XLSX is written row by row with
XlsxWriter's `constant_memory` mode to a temporary file that is then sent and deleted.
Rows come as lists of cells from `reports.drilldown` (read with `values_list`), and every
text cell goes through `safe_cell` so nothing typed into a record runs as a formula.
"""

import tempfile
from collections.abc import Iterable, Iterator

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation

from maksora.exports import safe_cell, stream_csv

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _in_language(rows: Iterable[list]) -> Iterator[list]:
    """`rows` read in the request's language, also when the response streams after the view has returned."""
    language = translation.get_language()
    with translation.override(language):
        yield from rows


def csv_response(headings: list[str], rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    lines = stream_csv(_in_language(_with_headings(headings, rows)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _with_headings(headings, rows):
    yield headings
    yield from rows


def write_xlsx(output, headings: list[str], rows: Iterable[list], *, sheet: str) -> int:
    """Write a one-sheet workbook to `output` (a file); the number of rows written."""
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "dd.mm.yyyy",
        },
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, [safe_cell(heading) for heading in headings], bold)
    worksheet.freeze_panes(1, 0)
    write_row = worksheet.write_row
    number = 0
    for number, row in enumerate(rows, start=1):
        write_row(number, 0, [safe_cell(cell) for cell in row])
    workbook.close()
    return number


def xlsx_response(headings: list[str], rows: Iterable[list], filename: str, *, sheet: str) -> FileResponse:
    # A temporary file, not memory: the workbook of a large figure stays on disk until sent.
    output = tempfile.TemporaryFile()
    write_xlsx(output, headings, rows, sheet=sheet)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
