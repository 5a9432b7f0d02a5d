"""Reading the uploaded file into (row number, {column: value}) pairs, whatever its format.

XLSX is read with formulas kept as their text (never evaluated), so a formula cell looks
like "=…" and its row is rejected later. CSV may be UTF-8 (with or without BOM) or
cp1251, the encoding Russian Excel uses for "CSV (comma delimited)"; the delimiter (`;`,
`,` or tab) is told from the header line.
"""

import csv
import io
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from sponsorship.importing.rows import COLUMNS, REQUIRED

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
EXTENSIONS = (".xlsx", ".csv")
UNREADABLE_XLSX = gettext_noop("The file cannot be read as an Excel workbook (.xlsx): it may be damaged.")
PLAIN_CELL_TYPES = (str, int, float, Decimal, datetime, date, time, bool)


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (empty, too large, damaged, wrong columns…)."""


def _header_name(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _plain(value):
    # Array and data-table formulas come back as objects: mark them as the formulas they are.
    if value is None or isinstance(value, PLAIN_CELL_TYPES):
        return value
    return f"={getattr(value, 'text', '')}"


def _read_xlsx(data: bytes) -> list[list]:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_(UNREADABLE_XLSX))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a damaged zip or XML raises many kinds of errors: all mean "unreadable"
        raise ImportFileError(_(UNREADABLE_XLSX)) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_plain(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_(UNREADABLE_XLSX)) from exc
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor Windows-1251 text.")) from exc


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data[:8192]:
        raise ImportFileError(_("The file is not a CSV text file: save the sheet as .xlsx or CSV."))
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def check_upload(name: str, size: int) -> None:
    """The checks that need no reading: extension, emptiness, size."""
    if PurePath(name or "").suffix.lower() not in EXTENSIONS:
        raise ImportFileError(_("Upload an .xlsx or .csv file."))
    if not size:
        raise ImportFileError(_("The file is empty."))
    if size > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB. Split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )


def read_table(data: bytes, name: str) -> list[tuple[int, dict]]:
    """(row number as Excel shows it, {column: value}) for each non-empty data row."""
    check_upload(name, len(data))
    table = _read_xlsx(data) if name.lower().endswith(".xlsx") else _read_csv(data)
    if not table or not any(cell not in (None, "") for cell in table[0]):
        raise ImportFileError(_("The first row must hold the column names: see the import guide."))
    header = [_header_name(cell) for cell in table[0]]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "record" not in header:
        raise ImportFileError(_("The column “record” is missing: see the import guide."))
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ImportFileError(_("Columns appear twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {}
        for column, cell in zip(header, cells, strict=False):
            if isinstance(cell, str):
                cell = cell.strip()
            if column and cell is not None and cell != "":
                values[column] = cell
        if values:
            rows.append((number, values))
    if not rows:
        raise ImportFileError(_("The file has no rows under its header."))
    _check_required_columns(header, rows)
    return rows


def _check_required_columns(header: list[str], rows: list[tuple[int, dict]]) -> None:
    records = {str(values.get("record", "")).strip().lower() for _number, values in rows}
    missing = sorted({column for record in records for column in REQUIRED.get(record, ()) if column not in header})
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s. See the import guide.") % {"columns": ", ".join(missing)}
        )
