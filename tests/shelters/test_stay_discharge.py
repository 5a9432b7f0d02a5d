"""stay_discharge: exit day, destination, reason; children may leave on their own."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shelters.models import Stay
from shelters.services import stay_discharge

ADMITTED, LEFT = date(2025, 9, 1), date(2025, 11, 3)


def leave(stays, by, *, on=LEFT, destination="relatives", reason="planned"):
    return stay_discharge(stays=stays, on=on, exit_destination=destination, exit_reason=reason, by=by)


def test_the_family_leaves_with_destination_and_reason(staying, golubka_worker):
    leave(staying.values(), golubka_worker, destination="social_housing", reason="autonomy")

    for stay in Stay.objects.all():
        assert (stay.start, stay.end) == (ADMITTED, LEFT)
        assert (stay.exit_destination, stay.exit_reason) == ("social_housing", "autonomy")
    assert not Stay.objects.on(LEFT).exists()  # the exit day's night is not spent in the house


def test_a_child_leaves_before_her_mother(staying, family, golubka_worker):
    leave([staying[family["dasha"]]], golubka_worker)

    assert Stay.objects.get(person=family["dasha"]).end == LEFT
    assert Stay.objects.get(person=family["mother"]).end is None


def test_leaving_on_the_day_of_arrival_counts_one_night_and_exits_that_day(staying, family, golubka_worker):
    leave([staying[family["dasha"]]], golubka_worker, on=ADMITTED, destination="unknown", reason="own_choice")

    stay = Stay.objects.get(person=family["dasha"])
    assert stay.period.upper == date(2025, 9, 2) and stay.same_day  # one night counted
    assert stay.exit_day == stay.end == ADMITTED  # but she left on the day she arrived
    assert Stay.objects.with_exit_day().get(pk=stay.pk).exit_day == ADMITTED


def test_bad_destination_reason_and_dates_are_refused(staying, family, golubka_worker):
    stay = staying[family["mother"]]
    cases = [
        ({"destination": "moon"}, "Choose where the family goes"),
        ({"reason": "transfer"}, "Choose why the stay ends"),
        ({"on": date(2025, 8, 1)}, "cannot leave before"),
        ({"on": date(2999, 1, 1)}, "in the future"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            leave([stay], golubka_worker, **kwargs)
    assert Stay.objects.get(pk=stay.pk).end is None


def test_an_ended_stay_cannot_end_again(staying, family, golubka_worker):
    stay = staying[family["dasha"]]
    leave([stay], golubka_worker)

    with pytest.raises(ValidationError, match="has already ended"):
        leave([stay], golubka_worker)


def test_a_manager_cannot_discharge(staying, family, manager):
    with pytest.raises(PermissionDenied):
        leave([staying[family["mother"]]], manager)
