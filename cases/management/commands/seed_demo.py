"""Demo data: one user per role, synthetic families with cases, then each app's own demo data.

Idempotent: running it again changes nothing unless --people asks for more people than
exist. Large sizes (e.g. --people 100000) feed the benchmarks.
"""

import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseMember, Person, Relationship
from cases.services import case_number_next
from maksora import demo_names, roles
from maksora.models import Unit

DEMO_PASSWORD = "maksora-demo"
# username, role, units, full name
DEMO_USERS = (
    ("worker_golubka", roles.SOCIAL_WORKER, ("golubka",), "Анна", "Соколова"),
    ("worker_margarita", roles.SOCIAL_WORKER, ("margarita",), "Ольга", "Лебедева"),
    ("worker_local", roles.SOCIAL_WORKER, ("local",), "Елена", "Морозова"),
    ("coordinator", roles.COORDINATOR, ("golubka", "margarita", "local"), "Татьяна", "Орлова"),
    ("manager", roles.MANAGER, (), "Ирина", "Волкова"),
    ("sponsorship", roles.SPONSORSHIP_OFFICER, ("distance",), "Светлана", "Егорова"),
    ("admin", roles.ADMIN, (), "Administrator", ""),
)


class Command(BaseCommand):
    help = "Create demo units, houses, users (one per role) and synthetic people. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=120, help="number of people to have in total")
        parser.add_argument("--seed", type=int, default=2000)

    @transaction.atomic
    def handle(self, *args, people: int, seed: int, **options):
        rng = random.Random(seed)
        users = self._users()
        created = self._people(people, rng, users)
        # The apps built on cases seed their own part (houses, the program) after the families.
        for config in apps.get_app_configs():
            if hasattr(config, "seed_demo"):
                config.seed_demo(rng=rng, users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} people added)."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, units, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:18} {role:20} {', '.join(units) or '-'}")
        for config in apps.get_app_configs():
            for line in getattr(config, "demo_login_notes", list)():
                self.stdout.write(line)

    def _users(self):
        User = get_user_model()
        users = {}
        for username, role, unit_codes, first, last in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = role in roles.ADMIN_SITE_ROLES
            user.is_superuser = False
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            user.units.set(Unit.objects.filter(code__in=unit_codes))
            users[username] = user
        return users

    def _people(self, target: int, rng: random.Random, users) -> int:
        """Families: a mother and 0-3 children, each family with a case in a unit."""
        existing = Person.objects.count()
        if existing >= target:
            return 0
        units = {u.code: u for u in Unit.objects.all()}
        workers = {
            "golubka": users["worker_golubka"],
            "margarita": users["worker_margarita"],
            "local": users["worker_local"],
            "distance": users["sponsorship"],
        }
        today = timezone.localdate()
        made = 0
        people, memberships, links = [], [], []
        while existing + made < target:
            unit_code = rng.choice(("golubka", "margarita", "local", "local", "distance"))
            root = rng.choice(demo_names.FAMILY_ROOTS)
            mother = Person(
                family_name=demo_names.family_name(root, "F"),
                given_name=rng.choice(demo_names.FEMALE_GIVEN),
                patronymic=demo_names.patronymic(rng.choice(demo_names.PATRONYMIC_ROOTS), "F"),
                sex="F",
                birth_date=today - timedelta(days=rng.randint(18 * 365, 45 * 365)),
                district=rng.choice(("lenin", "lenin", "krasnozyorsk", "other")),
                phone=f"+7 913 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            )
            mother.save()
            family = [mother]
            for _ in range(rng.randint(0 if unit_code != "distance" else 1, 3)):
                sex = rng.choice("FM")
                child = Person(
                    family_name=demo_names.family_name(root, sex),
                    given_name=rng.choice(demo_names.FEMALE_GIVEN if sex == "F" else demo_names.MALE_GIVEN),
                    sex=sex,
                    birth_date=today - timedelta(days=rng.randint(100, 17 * 365)),
                    district=mother.district,
                )
                child.save()
                family.append(child)
                links.append(Relationship(from_person=mother, to_person=child, kind="mother"))
            opened = today - timedelta(days=rng.randint(0, 5 * 365))
            closed = opened + timedelta(days=rng.randint(30, 700)) if rng.random() < 0.3 else None
            if closed and closed > today:
                closed = None
            case = Case.objects.create(
                number=case_number_next(unit=units[unit_code], year=opened.year),
                unit=units[unit_code],
                primary_person=mother,
                status="closed" if closed else rng.choice(("active", "active", "intake", "on_hold")),
                opened_on=opened,
                closed_on=closed,
                closure_reason="goals_achieved" if closed else "",
                referral_source=rng.choice(("self", "government", "school", "hospital", "ngo")),
                assigned_to=workers[unit_code],
                risk_level=rng.choice(("low", "low", "medium", "high")),
                problem_areas=rng.sample(["school", "family", "home", "work", "health", "poverty"], 2),
            )
            for index, person in enumerate(family):
                role = "mother" if index == 0 else "child"
                memberships.append(CaseMember(case=case, person=person, role=role))
            made += len(family)
            people += family
        CaseMember.objects.bulk_create(memberships)
        Relationship.objects.bulk_create(links)
        return made
