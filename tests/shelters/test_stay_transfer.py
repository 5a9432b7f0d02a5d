"""stay_transfer: the old stay ends and the new one starts on the same day."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shelters.choices import ExitReason
from shelters.models import Stay
from shelters.services import stay_transfer
from tests.cases.factories import CaseFactory, unit

ADMITTED, MOVED = date(2025, 9, 1), date(2025, 9, 20)


def test_a_child_moves_to_another_room_closing_the_old_stay_the_same_day(staying, family, golubka_beds, golubka_worker):
    old = staying[family["dasha"]]

    new = stay_transfer(stay=old, on=MOVED, bed=golubka_beds["B1"], by=golubka_worker)

    old.refresh_from_db()
    assert (old.start, old.end, old.exit_reason) == (ADMITTED, MOVED, ExitReason.TRANSFER)
    assert (new.start, new.end, new.bed) == (MOVED, None, golubka_beds["B1"])
    assert new.case == family["case"] and new.planned_exit_on == date(2026, 6, 1)
    assert Stay.objects.on(MOVED).get(person=family["dasha"]) == new
    assert Stay.objects.on(date(2025, 9, 19)).get(person=family["dasha"]) == old


def test_a_move_on_the_day_of_admission_moves_the_stay_itself(staying, family, golubka_beds, golubka_worker):
    old = staying[family["dasha"]]

    new = stay_transfer(stay=old, on=ADMITTED, bed=golubka_beds["B2"], by=golubka_worker)

    assert new.pk == old.pk and new.bed == golubka_beds["B2"]
    assert Stay.objects.filter(person=family["dasha"]).count() == 1


def test_a_move_to_the_other_house_needs_an_open_case_there(staying, family, margarita_beds, coordinator):
    coordinator.units.add(unit("margarita"))
    with pytest.raises(ValidationError, match="has no open case in"):
        stay_transfer(stay=staying[family["mother"]], on=MOVED, bed=margarita_beds["M1"], by=coordinator)

    margarita_case = CaseFactory(unit=unit("margarita"), primary_person=family["mother"])
    new = stay_transfer(stay=staying[family["mother"]], on=MOVED, bed=margarita_beds["M1"], by=coordinator)

    assert new.house.unit.code == "margarita" and new.case == margarita_case


def test_a_taken_bed_is_refused_naming_the_stay(staying, family, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError) as caught:
        stay_transfer(stay=staying[family["dasha"]], on=MOVED, bed=golubka_beds["A1"], by=golubka_worker)

    assert "Bed A1 is taken by Orlova Olga" in str(caught.value)
    assert Stay.objects.get(person=family["dasha"]).end is None  # nothing half done


def test_a_move_into_the_same_bed_or_before_admission_is_refused(staying, family, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError, match="already in this bed"):
        stay_transfer(stay=staying[family["dasha"]], on=MOVED, bed=golubka_beds["A2"], by=golubka_worker)
    with pytest.raises(ValidationError, match="cannot be before the admission"):
        stay_transfer(stay=staying[family["dasha"]], on=date(2025, 8, 1), bed=golubka_beds["B1"], by=golubka_worker)


def test_workers_of_another_house_cannot_move_a_stay(staying, family, golubka_beds, margarita_worker, manager):
    for user in (margarita_worker, manager):
        with pytest.raises(PermissionDenied):
            stay_transfer(stay=staying[family["dasha"]], on=MOVED, bed=golubka_beds["B1"], by=user)
