from datetime import date

import pytest

from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, add_member, house


@pytest.fixture
def golubka(db):
    return house("golubka")


@pytest.fixture
def margarita(db):
    return house("margarita")


@pytest.fixture
def golubka_beds(golubka):
    """Two rooms of Golubka: room A with beds A1, A2, A3; room B with beds B1, B2."""
    room_a = RoomFactory(house=golubka, name="A")
    room_b = RoomFactory(house=golubka, name="B")
    beds = {label: BedFactory(room=room_a, label=label) for label in ("A1", "A2", "A3")}
    beds |= {label: BedFactory(room=room_b, label=label) for label in ("B1", "B2")}
    return beds


@pytest.fixture
def margarita_beds(margarita):
    room = RoomFactory(house=margarita, name="M")
    return {label: BedFactory(room=room, label=label) for label in ("M1", "M2")}


@pytest.fixture
def family(db):
    """A Golubka case: mother Olga (born 1995), Dasha (born 2016), infant Misha (born 2025-06-01)."""
    mother = PersonFactory(family_name="Orlova", given_name="Olga", birth_date=date(1995, 4, 2))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, opened_on=date(2025, 1, 5))
    dasha = add_member(case, PersonFactory(family_name="Orlova", given_name="Dasha", birth_date=date(2016, 9, 1)))
    misha = add_member(
        case, PersonFactory(family_name="Orlov", given_name="Misha", sex="M", birth_date=date(2025, 6, 1))
    )
    return {"case": case, "mother": mother, "dasha": dasha, "misha": misha}


@pytest.fixture
def staying(family, golubka, golubka_beds, golubka_worker):
    """The family admitted through the service on 01.09.2025: Olga in A1 with Misha, Dasha in A2."""
    from shelters.services import family_admit

    stays = family_admit(
        case=family["case"],
        house=golubka,
        placements=[
            (family["mother"], golubka_beds["A1"]),
            (family["dasha"], golubka_beds["A2"]),
            (family["misha"], None),
        ],
        start=date(2025, 9, 1),
        planned_exit_on=date(2026, 6, 1),
        by=golubka_worker,
    )
    return {stay.person: stay for stay in stays}
