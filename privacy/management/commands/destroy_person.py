"""Destroy one person's data through the same service as the site (see docs/retention.md)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import Person
from privacy.models import LegalGround
from privacy.services.destruction import person_destroy


class Command(BaseCommand):
    help = "Destroy the data of person ID (and the duplicates merged into her); --dry-run shows what would go."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("--ground", required=True, choices=LegalGround.values)
        parser.add_argument("--by", required=True, help="username of the coordinator who decided it")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, person_id, ground, by, dry_run, **options):
        try:
            person = Person.objects.get(pk=person_id)
            user = get_user_model().objects.get(username=by, is_active=True)
        except (Person.DoesNotExist, get_user_model().DoesNotExist) as error:
            raise CommandError(str(error)) from error
        try:
            result = person_destroy(person=person, by=user, legal_ground=ground, dry_run=dry_run)
        except PermissionDenied as error:
            raise CommandError(f"{by} does not coordinate every unit of person {person_id}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if dry_run:
            for _key, label, count in result.categories:
                self.stdout.write(f"{label}: {count}")
            self.stdout.write(f"files: {len(result.files)}")
            return
        self.stdout.write(f"destroyed person {person_id}: act {result.pk}")
