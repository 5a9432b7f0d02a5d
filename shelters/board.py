"""Who sleeps where in a house on a day: the data of the occupancy board and of the bed grids.

A fixed handful of queries per house, whatever the number of rooms, beds and stays: rooms
with their beds, the out-of-service periods of the day and the stays of the day are read
once each and put together here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import BooleanField, Prefetch, Value

from cases.querysets import hidden_from
from shelters.models import Bed, BedOutOfService, House, Room, Stay

# Planned discharges this close to the day of the board are listed on it.
PLANNED_EXIT_WINDOW_DAYS = 14


@dataclass
class BedSlot:
    bed: Bed
    stay: Stay | None = None
    sharing: list[Stay] = field(default_factory=list)  # small children sleeping in this bed
    closure: BedOutOfService | None = None

    @property
    def is_free(self) -> bool:
        return self.stay is None and self.closure is None

    @property
    def status(self) -> str:
        if self.closure is not None:
            return "out"
        return "taken" if self.stay is not None else "free"


@dataclass
class RoomSlots:
    room: Room
    beds: list[BedSlot]

    @property
    def free_count(self) -> int:
        return sum(slot.is_free for slot in self.beds)


@dataclass
class HouseBoard:
    house: House
    day: date
    rooms: list[RoomSlots]
    without_bed: list[Stay]  # sharing a bed, but no family member of theirs has one that day
    planned_exits: list[Stay]

    @property
    def slots(self) -> list[BedSlot]:
        return [slot for room in self.rooms for slot in room.beds]

    @property
    def free_count(self) -> int:
        return sum(slot.is_free for slot in self.slots)

    @property
    def taken_count(self) -> int:
        return sum(slot.stay is not None for slot in self.slots)

    @property
    def out_count(self) -> int:
        return sum(slot.closure is not None for slot in self.slots)

    @property
    def people_count(self) -> int:
        return self.taken_count + sum(len(slot.sharing) for slot in self.slots) + len(self.without_bed)

    def free_bed_ids(self) -> set[int]:
        return {slot.bed.pk for slot in self.slots if slot.is_free}


def _host_slot(child: Stay, slots_by_case: dict[int, list[BedSlot]]) -> BedSlot | None:
    """The bed a small child shares: the case's primary person's if she has one, else a relative's."""
    slots = slots_by_case.get(child.case_id, [])
    for slot in slots:
        if slot.stay.person_id == child.case.primary_person_id:
            return slot
    return slots[0] if slots else None


def house_board(house: House, day: date, *, user=None) -> HouseBoard:
    """Rooms and beds of `house` on `day` with their occupants, closures and planned exits.

    With `user`, each stay carries `restricted_hidden`: a restricted person `user` is not
    named for still takes her bed (the figures count her), shown without name or link.
    """
    rooms = list(
        Room.objects.filter(house=house)
        .order_by("floor", "name")
        .prefetch_related(Prefetch("beds", queryset=Bed.objects.order_by("label")))
    )
    closures = {
        closure.bed_id: closure
        for closure in BedOutOfService.objects.filter(bed__room__house=house, period__contains=day)
    }
    stays = list(
        Stay.objects.filter(house=house)
        .on(day)
        .annotate(
            restricted_hidden=hidden_from(user, "person")
            if user is not None
            else Value(False, output_field=BooleanField())
        )
        .select_related("person", "case", "bed")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    by_bed = {stay.bed_id: stay for stay in stays if stay.bed_id}
    board_rooms = []
    slots_by_case: dict[int, list[BedSlot]] = {}
    for room in rooms:
        slots = []
        for bed in room.beds.all():
            bed.room = room  # already in hand: no query when the bed is printed
            slot = BedSlot(bed=bed, stay=by_bed.get(bed.pk), closure=closures.get(bed.pk))
            if slot.stay is not None:
                slots_by_case.setdefault(slot.stay.case_id, []).append(slot)
            slots.append(slot)
        board_rooms.append(RoomSlots(room=room, beds=slots))
    without_bed = []
    for stay in stays:
        if stay.bed_id is None:
            host = _host_slot(stay, slots_by_case)
            if host is None:
                without_bed.append(stay)
            else:
                host.sharing.append(stay)
    horizon = day + timedelta(days=PLANNED_EXIT_WINDOW_DAYS)
    planned = sorted(
        (s for s in stays if s.planned_exit_on and s.period.upper is None and s.planned_exit_on <= horizon),
        key=lambda s: (s.planned_exit_on, s.person.family_name),
    )
    return HouseBoard(house=house, day=day, rooms=board_rooms, without_bed=without_bed, planned_exits=planned)
