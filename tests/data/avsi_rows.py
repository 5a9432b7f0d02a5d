"""Building AVSI sheets in tests: rows as dicts, written as CSV or XLSX bytes with the full header."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from sponsorship.importing.rows import COLUMNS

DATA = Path(__file__).parent


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def child_row(code="RU-C-0901", **cells) -> dict:
    return {
        "record": "child",
        "child_code": code,
        "family_name": "Кузнецова",
        "given_name": "Дарья",
        "sex": "F",
        "birth_date": "14.05.2014",
        "district": "lenin",
        "school": "School No. 94",
        "grade": "4",
        "living_situation": "family",
        "enrolled_on": "01.09.2023",
    } | cells


def sponsor_row(code="IT-S-0901", **cells) -> dict:
    return {
        "record": "sponsor",
        "sponsor_code": code,
        "sponsor_name": "Famiglia Colombo",
        "sponsor_kind": "family",
    } | cells


def sponsorship_row(child="RU-C-0901", sponsor="IT-S-0901", start="01.10.2023", **cells) -> dict:
    return {"record": "sponsorship", "child_code": child, "sponsor_code": sponsor, "start": start} | cells


def contribution_row(reference="AVSI-2024-0901", child="RU-C-0901", sponsor="IT-S-0901", **cells) -> dict:
    return {
        "record": "contribution",
        "child_code": child,
        "sponsor_code": sponsor,
        "year": "2024",
        "amount": "312,00",
        "received_on": "15.03.2024",
        "reference": reference,
    } | cells


def csv_bytes(*rows: dict, delimiter=";", encoding="utf-8", columns=COLUMNS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*rows: dict, columns=COLUMNS) -> bytes:
    """A workbook whose cells hold exactly the given values (a "=…" string becomes a formula cell)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
