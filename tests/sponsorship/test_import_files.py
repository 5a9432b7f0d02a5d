"""Reading the uploaded file: CSV encodings and delimiters, XLSX, and files refused as a whole."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import Workbook

from sponsorship.importing import MAX_BYTES, ImportFileError, avsi_spreadsheet_import
from sponsorship.importing.reading import read_table
from sponsorship.importing.rows import COLUMNS, OPTIONAL, REQUIRED
from tests.data.avsi_rows import child_row, csv_bytes, sample, sponsor_row


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def cyrillic_child_names(data: bytes, name: str) -> list[tuple[int, str, str]]:
    return [(row, values["family_name"], values["given_name"]) for row, values in read_table(data, name)]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("cp1251", ";"), ("cp1251", ","), ("utf-8", "\t")],
)
def test_csv_in_utf8_or_cp1251_with_any_delimiter_reads_the_cyrillic_names(encoding, delimiter):
    data = csv_bytes(
        child_row(family_name="Ёлкина", given_name="Алёна", address="ул. Ленина, 1"),
        delimiter=delimiter,
        encoding=encoding,
    )

    assert cyrillic_child_names(data, "AVSI.CSV") == [(2, "Ёлкина", "Алёна")]


def test_the_sample_cp1251_export_of_russian_excel_imports_like_the_utf8_one(sponsorship_officer):
    utf8 = sample("avsi_sample.csv")
    cp1251 = utf8.decode("utf-8-sig").encode("cp1251")

    result = avsi_spreadsheet_import(data=cp1251, name="avsi.csv", dry_run=False, by=sponsorship_officer)

    assert result.applied and result.totals()["created"] == 17
    assert read_table(cp1251, "a.csv") == read_table(utf8, "a.csv")


def _workbook_without_sheet_rows() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "avsi.csv", "The file is empty."),
        (csv_bytes(child_row()), "avsi.xls", "Upload an .xlsx or .csv file."),
        (csv_bytes(child_row()), "avsi.txt", "Upload an .xlsx or .csv file."),
        (b"PK\x03\x04 this is no workbook", "avsi.xlsx", "The file cannot be read as an Excel workbook"),
        (csv_bytes(child_row()), "avsi.xlsx", "The file cannot be read as an Excel workbook"),
        (sample("avsi_sample.xlsx")[:3000], "avsi.xlsx", "The file cannot be read as an Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "avsi.csv", "The file is not a CSV text file"),
        (_workbook_without_sheet_rows(), "avsi.xlsx", "The first row must hold the column names"),
        (b"\n\n", "avsi.csv", "The first row must hold the column names"),
        (csv_bytes(columns=("record", "child_code")), "avsi.csv", "The file has no rows under its header."),
        (csv_bytes(child_row(), columns=("record", "child_code", "colour")), "avsi.csv", "Unknown columns: colour."),
        (csv_bytes(child_row(), columns=("child_code", "family_name")), "avsi.csv", "The column “record” is missing"),
        (
            csv_bytes(child_row(), sponsor_row(), columns=("record", "child_code", "family_name", "sponsor_code")),
            "avsi.csv",
            "Required columns are missing: enrolled_on, given_name, living_situation, sex, sponsor_kind, sponsor_name.",
        ),
        (csv_bytes(child_row(), columns=("record", "record")), "avsi.csv", "Columns appear twice: record."),
        (b"x" * (MAX_BYTES + 1), "avsi.csv", "The file is too large: at most 5 MB."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_as_a_whole(data, name, message, sponsorship_officer):
    with pytest.raises(ImportFileError) as refused:
        avsi_spreadsheet_import(data=data, name=name, dry_run=True, by=sponsorship_officer)

    assert message in " ".join(refused.value.messages)


def test_an_xlsx_reads_only_its_first_sheet():
    workbook = Workbook()
    workbook.active.append(["record", "sponsor_code", "sponsor_name", "sponsor_kind"])
    workbook.active.append(["sponsor", "IT-S-1", "Famiglia Rossi", "family"])
    workbook.create_sheet("Notes").append(["=cmd|' /C calc'!A0"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert read_table(buffer.getvalue(), "avsi.xlsx") == [
        (2, {"record": "sponsor", "sponsor_code": "IT-S-1", "sponsor_name": "Famiglia Rossi", "sponsor_kind": "family"})
    ]


def test_every_column_is_documented_and_belongs_to_a_record():
    guide = (Path(settings.BASE_DIR) / "sponsorship" / "IMPORT.md").read_text()
    per_record = {column for record in REQUIRED for column in REQUIRED[record] + OPTIONAL[record]}

    assert per_record | {"record"} == set(COLUMNS)
    assert [column for column in COLUMNS if f"| `{column}` |" not in guide] == []
