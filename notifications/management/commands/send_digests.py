from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.digest import send_daily_digests


class Command(BaseCommand):
    help = "Store today's reminders for every user and e-mail the daily digest (once a day per user)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day of the digest, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count the e-mails, store and send nothing")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date takes a day as YYYY-MM-DD") from exc
        sent = send_daily_digests(today=today, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{today.isoformat()}: {verb} {sent} digest e-mail(s)")
