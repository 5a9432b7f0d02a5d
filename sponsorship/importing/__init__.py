"""Import of the AVSI spreadsheet (XLSX or CSV): children, sponsors, sponsorships, contributions.

`avsi_spreadsheet_import(data=…, name=…, dry_run=True, by=…)` reports what would be
created, changed (field: old → new) and rejected (row number + reason) and changes
nothing; `dry_run=False` applies the same rows in one transaction, all or nothing: if
any row is rejected, nothing is saved. Rows are matched by AVSI codes, a child's
sponsorship start and contribution references, so re-importing a file changes nothing.
The columns are described in sponsorship/IMPORT.md.
"""

from collections import defaultdict

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from sponsorship import services
from sponsorship.importing.planning import Planner
from sponsorship.importing.reading import MAX_BYTES, ImportFileError, check_upload, read_table
from sponsorship.importing.result import ImportResult, RowOutcome
from sponsorship.importing.rows import RowError, code_key, display_key, parse_row
from sponsorship.importing.writing import write_plan

__all__ = [
    "MAX_BYTES",
    "ImportFileError",
    "ImportResult",
    "RowOutcome",
    "avsi_spreadsheet_import",
    "check_upload",
]


class _Rollback(Exception):
    """Leaves the write transaction when the database refused a row: nothing is saved."""


def _parse_rows(table: list[tuple[int, dict]], result: ImportResult) -> dict[str, list]:
    """Parse every row; rows with a bad cell or a key already used above are rejected."""
    rows: dict[str, list] = defaultdict(list)
    first_seen: dict[tuple, int] = {}
    for number, values in table:
        try:
            record, key, fields = parse_row(values)
        except RowError as error:
            record = str(values.get("record", "")).strip().lower()
            codes = (values.get(column) for column in ("reference", "child_code", "sponsor_code"))
            key_text = str(next((code for code in codes if code is not None), ""))
            result.add("rejected", RowOutcome(number, record, key_text[:40], str(error)))
            continue
        key_text = display_key(record, fields)
        seen = first_seen.setdefault((record, key), number)
        if seen != number:
            result.add(
                "rejected",
                RowOutcome(number, record, key_text, _("Duplicate of row %(row)s (same key).") % {"row": seen}),
            )
            continue
        rows[record].append((number, key_text, fields))
    return rows


def _plan(rows: dict[str, list], result: ImportResult, *, by) -> Planner:
    planner = Planner(result, by=by)
    planner.prefetch(rows)
    for number, key, fields in rows["child"]:
        planner.run(number, "child", key, lambda f=fields: planner.child(f))
    for number, key, fields in rows["sponsor"]:
        planner.run(number, "sponsor", key, lambda f=fields: planner.sponsor(f))
    # Oldest first per child, so a later sponsor's row reads as a reassignment.
    by_child_and_start = sorted(rows["sponsorship"], key=lambda r: (code_key(r[2]["child_code"]), r[2]["start"], r[0]))
    for number, key, fields in by_child_and_start:
        planner.run(number, "sponsorship", key, lambda f=fields: planner.sponsorship(f))
    for number, key, fields in rows["contribution"]:
        planner.run(number, "contribution", key, lambda f=fields: planner.contribution(f))
    return planner


@transaction.atomic
def avsi_spreadsheet_import(*, data: bytes, name: str, dry_run: bool, by) -> ImportResult:
    """Check (dry_run=True) or apply (dry_run=False) an AVSI spreadsheet; see the module docstring.

    The check runs in memory with the services' rules and writes nothing. Applying saves
    the same plan in bulk when no row is rejected; a row the database still refuses
    rolls the whole file back. Raises ImportFileError when the file cannot be read at
    all and PermissionDenied for users who do not edit sponsorship data.
    """
    services.require_editor(by)
    table = read_table(data, name)
    result = ImportResult(dry_run=dry_run, rows=len(table))
    planner = _plan(_parse_rows(table, result), result, by=by)
    if not dry_run and result.ok:
        try:
            with transaction.atomic(), pghistory.context(source="avsi_import", user=by.pk):
                write_plan(planner.plan, result, by=by)
                if not result.ok:
                    raise _Rollback
                result.applied = True
        except _Rollback:
            pass
    result.sort()
    return result
