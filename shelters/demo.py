"""Demo data of this app, called by `manage.py seed_demo` (idempotent).

Families of the demo cases of each house get past stays (ended, with a destination) and
current ones, some with a planned exit soon, so the board has something to show. The
stays go through the same services as the pages; a house that already has stays is left
alone.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import CaseStatus
from cases.models import Case
from shelters.choices import ExitDestination, ExitReason
from shelters.models import Bed, House, Room, Stay
from shelters.services import SHARED_BED_MAX_AGE, family_admit, stay_discharge

ROOMS_PER_HOUSE = 4
BEDS_PER_ROOM = 3
CURRENT_FAMILIES = 4
PAST_FAMILIES = 4
# Past stays end, and current ones start, on either side of this many days ago.
PAST_BEFORE_DAYS = 220
WORKERS = {"golubka": "worker_golubka", "margarita": "worker_margarita"}


def _placements(members, free_beds, day):
    """Each member a free bed, small children sharing; None when the family does not fit."""
    placements = []
    for person in sorted(members, key=lambda p: p.birth_date or day):
        age = person.age_on(day)
        if placements and age is not None and age < SHARED_BED_MAX_AGE:
            placements.append((person, None))
        elif free_beds:
            placements.append((person, free_beds.pop(0)))
        else:
            return None
    return placements


def _admit(case, house, beds, day, worker, planned_exit_on=None):
    placements = _placements([m.person for m in case.memberships.all()], beds, day)
    if not placements:
        return []
    try:
        return family_admit(
            case=case, house=house, placements=placements, start=day, planned_exit_on=planned_exit_on, by=worker
        )
    except ValidationError:  # a family that does not fit these dates is simply not seeded
        return []


def _seed_house(house: House, *, rng, worker) -> None:
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(unit=house.unit)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("opened_on", "id")
        .prefetch_related("memberships__person")
    )
    beds = list(Bed.objects.filter(room__house=house, is_cot=False).order_by("room__name", "label"))
    # Past stays end before the current ones start, so the two groups can share the beds.
    for case in cases[:PAST_FAMILIES]:
        start = max(case.opened_on, today - timedelta(days=rng.randint(600, 900)))
        end = start + timedelta(days=rng.randint(20, 200))
        if end >= today - timedelta(days=PAST_BEFORE_DAYS):
            continue
        stays = _admit(case, house, list(beds), start, worker)
        if stays:
            stay_discharge(
                stays=stays,
                on=end,
                exit_destination=rng.choice([d for d in ExitDestination.values if d != ExitDestination.UNKNOWN]),
                exit_reason=rng.choice([ExitReason.AUTONOMY, ExitReason.PLANNED, ExitReason.OWN_CHOICE]),
                by=worker,
            )
    free = list(beds)
    rng.shuffle(free)
    # The newest cases live in the house now (some of them came back after an earlier stay).
    for index, case in enumerate(cases[-CURRENT_FAMILIES:]):
        start = max(case.opened_on, today - timedelta(days=rng.randint(5, PAST_BEFORE_DAYS - 20)))
        planned = today + timedelta(days=rng.randint(3, 12) if index == 0 else rng.randint(30, 200))
        _admit(case, house, free, start, worker, planned_exit_on=planned)


def rooms_and_beds() -> None:
    """Four rooms of three beds in each house that has none yet."""
    for house in House.objects.all():
        for room_number in range(1, ROOMS_PER_HOUSE + 1):
            room, _ = Room.objects.get_or_create(
                house=house, name=f"{room_number}", defaults={"floor": 1 + (room_number - 1) // 2}
            )
            for bed_number in range(1, BEDS_PER_ROOM + 1):
                Bed.objects.get_or_create(room=room, label=f"{room_number}.{bed_number}")


def seed(*, rng, users) -> None:
    rooms_and_beds()
    for house in House.objects.select_related("unit").order_by("id"):
        worker = users.get(WORKERS.get(house.unit.code, ""))
        if worker is None or Stay.objects.filter(house=house).exists():
            continue
        _seed_house(house, rng=rng, worker=worker)
