from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from datachecks.services import data_checks_run


class Command(BaseCommand):
    help = "Run the data checks and store what they find (the nightly job runs the same service)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to check as (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Not a date: {options['date']}") from error
        summary = data_checks_run(today=today)
        self.stdout.write(f"{summary.found} problems found, {summary.new} new, {summary.resolved} resolved.")
