"""`manage.py report_export --year Y --user U [--format csv|xlsx|pdf] [--lang ru] [-o FILE]`.

The same figures and files as the report page's export, as the given user sees them:
reproducible from a script (e.g. to check a restored backup against the original).
"""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.exports import csv_rows, pdf_bytes, xlsx_bytes
from reports.report import compute_report


class Command(BaseCommand):
    help = "Export the yearly report of a year as a user sees it (CSV, XLSX or PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", required=True, help="username whose view of the report is exported")
        parser.add_argument("--format", choices=("csv", "xlsx", "pdf"), default="csv")
        parser.add_argument("--lang", choices=("ru", "en", "it"), default="ru")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output, CSV only)")

    def handle(self, *args, year: int, user: str, format: str, lang: str, output: Path | None, **options):
        try:
            reader = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no active user {user!r}") from exc
        report = compute_report(date(year, 1, 1), date(year + 1, 1, 1), reader)
        with translation.override(lang):
            if format == "csv":
                content = "".join(csv_rows(report)).encode()
            elif format == "xlsx":
                content = xlsx_bytes(report)
            else:
                content = pdf_bytes(report, title=_("Yearly report"))
        if output is None:
            if format != "csv":
                raise CommandError("XLSX and PDF need --output")
            self.stdout.write(content.decode(), ending="")
        else:
            output.write_bytes(content)
