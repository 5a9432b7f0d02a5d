"""What every spreadsheet export shares: neutralising cells a spreadsheet would run as a formula,
and writing many rows as CSV or XLSX in streamed batches (memory flat in the row count).

The row writers are the building blocks of every row-level export:

- `stream_csv(rows, headings)` — CSV text chunks for a StreamingHttpResponse;
- `stream_xlsx(rows, headings, columns=...)` — an XLSX workbook written in XlsxWriter's
  constant_memory mode to a temporary file, then streamed in chunks;
- `csv_response` / `xlsx_response` — the attachment responses around them.

Both are fast when told which columns hold text (`text_columns`): only those cells are
checked against formula injection; without it every cell is (any row of any values).
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that starts like a formula (= + - @ tab CR) gets a leading apostrophe; other values pass.

    Used by the CSV and XLSX writers alike (CSV injection / "formula injection"): a name
    typed as `=HYPERLINK(...)` is shown as text, never evaluated. Numbers, Decimals and
    dates are not text and are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_text(value: str | None) -> str | None:
    """`safe_cell` for a cell known to be text (or NULL): one check of its first character, nothing else."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _neutraliser(text_columns: Sequence[int] | None) -> Callable[[Sequence], Sequence] | None:
    """The function making one row safe: every cell, only `text_columns`, or nothing (None) when none are text."""
    if text_columns is None:
        return lambda row: [safe_cell(cell) for cell in row]
    columns = tuple(text_columns)
    if not columns:
        return None

    def neutralise(row):
        for index in columns:
            value = row[index]
            if value and value.startswith(FORMULA_TRIGGERS):
                row = list(row)
                for position in columns:  # the rare formula-like row: all its text cells
                    row[position] = safe_text(row[position])
                return row
        return row

    return neutralise


# Rows written per chunk handed to the server: one chunk per row costs more than writing it.
LINES_PER_CHUNK = 2000


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def stream_csv(
    rows: Iterable[Sequence],
    headings: Iterable[Sequence] = (),
    *,
    text_columns: Sequence[int] | None = None,
    rows_per_chunk: int = LINES_PER_CHUNK,
) -> Iterator[str]:
    """CSV text of `headings` then `rows` for a StreamingHttpResponse: a BOM first (Excel then reads UTF-8).

    Memory stays flat: `rows` (any iterable, e.g. a values_list().iterator()) is consumed
    as it streams, `rows_per_chunk` rows written into one reused buffer per chunk.
    Heading rows are always made safe; of `rows`, every cell unless `text_columns` names
    the columns that may hold text (the others must be numbers, dates or None).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerows([safe_cell(cell) for cell in heading] for heading in headings)
    neutralise = _neutraliser(text_columns)
    for batch in _batches(rows, rows_per_chunk):
        writer.writerows(batch if neutralise is None else map(neutralise, batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # headings only (no rows)
        yield buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------------

# How a column's cells are written: XlsxWriter's typed writers (no per-cell type dispatch).
TEXT, NUMBER, MONEY, DATE = "text", "number", "money", "date"
_FORMATS = {MONEY: {"num_format": "#,##0.00"}, DATE: {"num_format": "dd.mm.yyyy"}}
FILE_CHUNK = 256 * 1024


class _ExcelDays(dict):
    """A day's serial number in Excel's 1900 date system, computed once per day (what write_datetime writes)."""

    EPOCH = date(1899, 12, 30)  # day 0 for every day from 1 March 1900 on (Excel's 1900 leap-year quirk)

    def __missing__(self, day):
        if isinstance(day, datetime) or day < date(1900, 3, 1):
            raise TypeError(f"not a day Excel numbers plainly: {day!r}")
        serial = self[day] = (day - self.EPOCH).days
        return serial


def _cell_writer(sheet, kind: str, cell_format):
    """The writer of one column's cells by kind: text (made safe), number, money, date; None is left blank."""
    if kind == TEXT:
        write = sheet.write_string

        def text(row, column, value):
            if value:
                write(row, column, "'" + value if value.startswith(FORMULA_TRIGGERS) else value)

        return text
    if kind in (NUMBER, MONEY):
        write = sheet.write_number

        def number(row, column, value):
            if value is not None:
                write(row, column, value, cell_format)

        return number
    if kind == DATE:
        serials = _ExcelDays()
        write = sheet.write_number

        def day(row, column, value):
            if value is not None:
                write(row, column, serials[value], cell_format)

        return day
    raise ValueError(kind)


def _any_cell(sheet, cell_formats):
    """A writer for a cell of unknown type (headings, rows without `columns`)."""

    def write(row, column, value):
        if value is None:
            return
        if isinstance(value, str):
            sheet.write_string(row, column, safe_cell(value))
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, column, value, cell_formats.get(MONEY) if isinstance(value, Decimal) else None)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, cell_formats[DATE])
        else:
            sheet.write_string(row, column, safe_cell(str(value)))

    return write


def write_xlsx(
    output,
    rows: Iterable[Sequence],
    headings: Iterable[Sequence] = (),
    *,
    columns: Sequence[str] | None = None,
    sheet_name: str | None = None,
    widths: Sequence[float] = (),
) -> int:
    """Write `headings` then `rows` as one worksheet into `output` (a path or binary file); the row count.

    XlsxWriter's constant_memory mode flushes each row as the next begins, so memory stays
    flat. `columns` gives each column's kind (TEXT, NUMBER, MONEY, DATE): each cell is then
    written by its typed writer and only text cells are checked against formula injection.
    """
    import xlsxwriter  # only the spreadsheet exports need it

    workbook = xlsxwriter.Workbook(
        output,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "remove_timezone": True},
    )
    cell_formats = {kind: workbook.add_format(spec) for kind, spec in _FORMATS.items()}
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(sheet_name)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    line = 0
    for heading in headings:
        for column, value in enumerate(heading):
            if value is not None and value != "":
                sheet.write(line, column, safe_cell(value), bold)
        line += 1
    first = line
    if columns is None:
        write = _any_cell(sheet, cell_formats)
        for row in rows:
            for column, value in enumerate(row):
                write(line, column, value)
            line += 1
    else:
        writers = tuple(enumerate(_cell_writer(sheet, kind, cell_formats.get(kind)) for kind in columns))
        for row in rows:
            for column, write in writers:
                write(line, column, row[column])
            line += 1
    workbook.close()
    return line - first


def stream_xlsx(rows: Iterable[Sequence], headings: Iterable[Sequence] = (), **options) -> Iterator[bytes]:
    """The workbook of `write_xlsx` written to a temporary file, then streamed from it in chunks.

    A workbook is a ZIP whose directory comes last, so it is complete only once every row
    is written; the rows go to disk, not memory, and the file is removed once streamed.
    """
    with tempfile.TemporaryFile(suffix=".xlsx") as output:
        write_xlsx(output, rows, headings, **options)
        output.seek(0)
        while chunk := output.read(FILE_CHUNK):
            yield chunk


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(chunks: Iterable[str], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download of `chunks` (from `stream_csv`), kept out of shared caches."""
    return _attachment(StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8"), filename)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(chunks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    """A streamed XLSX download of `chunks` (from `stream_xlsx`), kept out of shared caches."""
    return _attachment(StreamingHttpResponse(chunks, content_type=XLSX_TYPE), filename)
