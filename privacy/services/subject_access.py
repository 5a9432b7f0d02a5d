"""Everything held about one person, as a ZIP for her subject access request (152-FZ art. 14).

The archive holds a readable PDF summary, one CSV per kind of record (every model of
privacy.holdings, her history rows beside each, her access-log rows), the list of her
files and the files themselves. Rows she shares with others (her mother's case) are
included only where they mention her, so a relative's notes are not handed over.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Person
from cases.services import person_unit_codes
from maksora.access import can_destroy_person
from maksora.exports import stream_csv
from maksora.pdf import render_pdf
from privacy.holdings import CATEGORIES, access_rows, free_text_fields, holdings, people_of
from privacy.services.destruction import redactor

SUMMARY_TEMPLATE = "documents/subject_access_summary.html"


@dataclass
class Table:
    name: str
    label: str
    columns: list[str]
    rows: list[list]


def _mentions(redact, values: dict, fields: list[models.Field]) -> bool:
    return any(
        values.get(f.attname) not in (None, "") and redact(values[f.attname]) != values[f.attname] for f in fields
    )


def _table(name: str, label: str, queryset, *, redact=None, text_fields=()) -> Table:
    columns = [f.attname for f in queryset.model._meta.concrete_fields]
    rows = []
    for values in queryset.values(*columns):
        if redact is not None and not _mentions(redact, values, text_fields):
            continue
        rows.append([values[column] for column in columns])
    return Table(name, label, columns, rows)


def subject_access_tables(person: Person) -> list[Table]:
    """One table per holding (and its history), then the access log."""
    people = people_of(person)
    redact = redactor(people)
    tables: dict[str, Table] = {}
    for holding in holdings(person):
        meta = holding.model._meta
        shared = {} if holding.own else {"redact": redact, "text_fields": free_text_fields(holding.model)}
        for name, queryset, label in (
            (f"{meta.app_label}_{meta.model_name}", holding.rows, str(meta.verbose_name_plural)),
            (f"{meta.app_label}_{meta.model_name}_history", holding.events, _("%(kind)s: history") % {
                "kind": meta.verbose_name_plural}),
        ):  # fmt: skip
            if queryset is None:
                continue
            table = _table(name, label, queryset.order_by(), **shared)
            if name in tables:
                known = {tuple(map(str, row)) for row in tables[name].rows}
                tables[name].rows += [row for row in table.rows if tuple(map(str, row)) not in known]
            else:
                tables[name] = table
    tables["maksora_accessrecord"] = _table("maksora_accessrecord", _("Access log"), access_rows(people).order_by("at"))
    return list(tables.values())


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _csv(table: Table) -> bytes:
    """The table as CSV (BOM first, formula-like text neutralised) by the writer every export uses."""
    rows = ([_cell(value) for value in row] for row in table.rows)
    return "".join(stream_csv(rows, [table.columns])).encode("utf-8")


def check_may_export(*, person: Person, by) -> None:
    if not can_destroy_person(by, person_unit_codes(people_of(person))):
        raise PermissionDenied


def person_export(*, person: Person, by, request=None) -> tuple[bytes, int]:
    """The ZIP of everything held about `person` and the number of rows in it.

    Coordinators of every unit where she has a case only (PermissionDenied otherwise); the
    view records the export in the access log.
    """
    check_may_export(person=person, by=by)
    tables = subject_access_tables(person)
    attachments = next((t for t in tables if t.name == "cases_attachment"), None)
    letters = next((t for t in tables if t.name == "sponsorship_correspondence"), None)
    files = []
    for table, column in ((attachments, "file"), (letters, "photo")):
        if table is not None:
            index = table.columns.index(column)
            files += [row[index] for row in table.rows if row[index]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        summary = {
            "person": person,
            "tables": [(table.label, len(table.rows)) for table in tables],
            "categories": CATEGORIES,
            "files": files,
            "exported_by": by,
            "exported_at": timezone.localtime(),
        }
        archive.writestr("summary.pdf", render_pdf(SUMMARY_TEMPLATE, summary, request))
        for table in tables:
            archive.writestr(f"{table.name}.csv", _csv(table))
        listing = io.StringIO()
        writer = csv.writer(listing)
        writer.writerow(["file", "in_archive"])
        for name in files:
            present = default_storage.exists(name)
            writer.writerow([name, "yes" if present else "no"])
            if present:
                with default_storage.open(name, "rb") as stream:
                    archive.writestr(f"files/{name}", stream.read())
        archive.writestr("files.csv", listing.getvalue().encode("utf-8-sig"))
    return buffer.getvalue(), sum(len(table.rows) for table in tables)
