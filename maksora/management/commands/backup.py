"""`manage.py backup`: dump the database to BACKUP_DIR (encrypted with age when configured).

`--check` makes no dump: it exits non-zero unless the newest dump is recent and intact,
for a monitoring job ("did last night's backup run?").
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from maksora.backups import BackupError, backup_create, backup_verify


class Command(BaseCommand):
    help = "Back up the database to BACKUP_DIR, or check the newest backup with --check."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check the newest backup")

    def handle(self, *args, check: bool, **options):
        if check:
            ok, message = backup_verify()
            (self.stdout if ok else self.stderr).write(message)
            if not ok:
                sys.exit(1)
            return
        try:
            backup = backup_create()
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(backup.path))
