"""Demo data: both houses get current and past stays, and a second run changes nothing."""

import random

from django.core.management import call_command

from shelters import demo
from shelters.models import Stay


def test_seed_demo_fills_both_houses_once(db):
    call_command("seed_demo", people=120, stdout=open("/dev/null", "w"))
    for code in ("golubka", "margarita"):
        stays = Stay.objects.filter(house__unit__code=code)
        assert stays.ongoing().exists(), code
        assert stays.filter(period__upper_inf=False).exclude(exit_destination="").exists(), code
    count = Stay.objects.count()

    demo.seed(rng=random.Random(1), users={})
    call_command("seed_demo", people=120, stdout=open("/dev/null", "w"))

    assert Stay.objects.count() == count
