"""Import an AVSI spreadsheet from the command line, through the same service as the upload page."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from sponsorship.importing import ImportFileError, avsi_spreadsheet_import


class Command(BaseCommand):
    help = "Check (--dry-run) or apply an AVSI spreadsheet (.xlsx or .csv): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx or .csv file")
        parser.add_argument(
            "--user", required=True, help="username of the sponsorship officer the import is recorded for"
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would change, save nothing")

    def handle(self, *args, path, user, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            by = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No active user {user!r}.") from exc
        try:
            result = avsi_spreadsheet_import(data=file.read_bytes(), name=file.name, dry_run=dry_run, by=by)
        except PermissionDenied as exc:
            raise CommandError(f"{user} may not change sponsorship data.") from exc
        except ImportFileError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for label, counts in result.summary_rows():
            self.stdout.write(f"{label:<14} " + "  ".join(f"{action} {count}" for action, count in counts.items()))
        for outcome in result.changed:
            changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in outcome.changes)
            self.stdout.write(f"row {outcome.row}: {outcome.record_label} {outcome.key} changed: {changes}")
        for outcome in result.rejected:
            self.stderr.write(f"row {outcome.row}: {outcome.record_label} {outcome.key} rejected: {outcome.detail}")
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} rows rejected: nothing was imported.")
        self.stdout.write("Dry run: nothing was saved." if dry_run else "Imported.")
