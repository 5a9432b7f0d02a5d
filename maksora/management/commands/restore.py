"""`manage.py restore FILE`: restore a dump made by `manage.py backup` into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maksora.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database (the configured one, or --database-url)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url", help="restore into this (empty) database instead")
        parser.add_argument("--identity", help="age private key file (default: BACKUP_AGE_IDENTITY)")

    def handle(self, *args, file: Path, database_url: str | None, identity: str | None, **options):
        try:
            backup_restore(file, database_url=database_url, identity=identity)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {file.name}")
