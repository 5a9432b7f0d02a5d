"""The row writers every export shares: CSV and XLSX streamed in chunks, formula-like text neutralised."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from maksora.exports import (
    DATE,
    MONEY,
    NUMBER,
    TEXT,
    csv_response,
    safe_cell,
    safe_text,
    stream_csv,
    stream_xlsx,
    xlsx_response,
)

ROWS = [
    (date(2025, 2, 1), "=cmd|' /C calc'!A0", 2025, "+IT-1", "@Anna -Ivanova", Decimal("156.00")),
    (date(2025, 7, 1), "REF-2", 2025, "IT-2", "Olga Petrova", Decimal("0.10")),
    (date(2025, 12, 31), "-3", 2024, "\tIT-3", "\rDaria", Decimal("0.20")),
]


def _csv(chunks) -> list[list[str]]:
    text = "".join(chunks)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("text_columns", [None, (1, 3, 4)])
def test_formula_like_text_gets_an_apostrophe_whether_every_cell_or_only_text_columns_are_checked(text_columns):
    rows = _csv(stream_csv(ROWS, [["=Sponsor", "IT-ZAN-77"]], text_columns=text_columns))
    assert rows[0] == ["'=Sponsor", "IT-ZAN-77"]  # headings always checked
    assert [row[1] for row in rows[1:]] == ["'=cmd|' /C calc'!A0", "REF-2", "'-3"]
    assert [row[3] for row in rows[1:]] == ["'+IT-1", "IT-2", "'\tIT-3"]
    assert [row[4] for row in rows[1:]] == ["'@Anna -Ivanova", "Olga Petrova", "'\rDaria"]
    assert [row[5] for row in rows[1:]] == ["156.00", "0.10", "0.20"]


def test_the_fast_path_writes_exactly_what_checking_every_cell_writes():
    many = ROWS * 1500
    assert "".join(stream_csv(many, text_columns=(1, 3, 4))) == "".join(stream_csv(many))


def test_rows_are_streamed_in_chunks_as_they_are_read_not_all_at_once():
    read = []

    def rows():
        for n in range(5000):
            read.append(n)
            yield (n, f"name {n}")

    chunks = stream_csv(rows(), [["Number", "Name"]], text_columns=(1,), rows_per_chunk=1000)
    first = next(chunks)
    assert first.startswith("\ufeffNumber,Name\r\n0,name 0\r\n") and first.count("\n") == 1001
    assert len(read) <= 1001  # the rest not read yet
    assert sum(chunk.count("\n") for chunk in chunks) == 4000


def test_headings_alone_still_make_a_file():
    assert _csv(stream_csv([], [["Sponsor", "IT-1"]])) == [["Sponsor", "IT-1"]]
    assert "".join(stream_csv([])) == "\ufeff"


def test_safe_text_leaves_empty_and_plain_text_alone():
    assert safe_text(None) is None and safe_text("") == ""
    assert safe_text("Anna") == "Anna" and safe_text("=1+1") == "'=1+1" == safe_cell("=1+1")
    assert safe_cell(Decimal("-1.00")) == Decimal("-1.00")  # numbers are not text


def _workbook(chunks):
    return openpyxl.load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).active


@pytest.mark.parametrize("columns", [None, (DATE, TEXT, NUMBER, TEXT, TEXT, MONEY)])
def test_the_workbook_holds_the_rows_typed_with_formula_like_text_neutralised(columns):
    chunks = stream_xlsx([*ROWS, (None, "Total", None, None, None, Decimal("156.30"))], [["=Sponsor"]], columns=columns)
    sheet = _workbook(chunks)
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0][0] == "'=Sponsor"
    first = rows[1]
    assert first[0].date() == date(2025, 2, 1) and first[2] == 2025 and first[5] == 156
    assert first[1] == "'=cmd|' /C calc'!A0" and first[3] == "'+IT-1" and first[4] == "'@Anna -Ivanova"
    assert rows[2][1:5] == ("REF-2", 2025, "IT-2", "Olga Petrova")
    assert rows[4][1] == "Total" and rows[4][5] == pytest.approx(156.30)
    assert len(rows) == 5


def test_a_big_workbook_is_streamed_in_chunks_from_its_file():
    rows = ((date(2025, 1, 1 + n % 28), f"REF-{n:06d}", n) for n in range(20_000))
    response = xlsx_response(stream_xlsx(rows, columns=(DATE, TEXT, NUMBER)), "big.xlsx")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="big.xlsx"'
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    sheet = _workbook(chunks)
    assert sheet.max_row == 20_000


def test_the_responses_are_streamed_attachments_kept_out_of_shared_caches():
    response = csv_response(stream_csv(ROWS), "statement.csv")
    assert isinstance(response, StreamingHttpResponse) and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\n") == 3
