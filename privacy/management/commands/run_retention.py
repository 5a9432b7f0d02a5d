"""Destroy everyone whose retention period is over or whose consent withdrawal is 30 days old.

Idempotent (safe to run every night); the job queue calls privacy.services.retention.retention_run.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.services.retention import retention_run


class Command(BaseCommand):
    help = "Destroy the data that fell due (withdrawn consents, retention periods over); --dry-run lists them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run, today, **options):
        run = retention_run(today=today or timezone.localdate(), dry_run=dry_run)
        verb = "due" if dry_run else "destroyed"
        for item in run.destroyed:
            person_id = item.person_id if hasattr(item, "person_id") else item.person.pk
            self.stdout.write(f"{verb}: person {person_id}")
        for due in run.skipped:
            self.stdout.write(f"not yet: person {due.person.pk} ({' '.join(due.blockers)})")
        if not dry_run:
            self.stdout.write(f"acts removed: {run.acts_removed}; files retried: {run.files_retried}")
