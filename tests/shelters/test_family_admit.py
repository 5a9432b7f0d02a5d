"""family_admit: a mother with her children, one stay each, linked to their case."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange

from cases.models import CaseActivity
from shelters.models import Stay
from shelters.services import family_admit
from tests.cases.factories import PersonFactory
from tests.shelters.factories import StayFactory

DAY = date(2025, 9, 1)


def admit(family, golubka, user, placements, **kwargs):
    return family_admit(case=family["case"], house=golubka, placements=placements, start=DAY, by=user, **kwargs)


def test_mother_and_children_get_one_stay_each_linked_to_their_case(family, golubka, golubka_beds, golubka_worker):
    beds = golubka_beds
    stays = admit(
        family,
        golubka,
        golubka_worker,
        [(family["mother"], beds["A1"]), (family["dasha"], beds["A2"]), (family["misha"], None)],
        planned_exit_on=date(2026, 3, 1),
    )

    assert len(stays) == 3
    saved = {s.person: s for s in Stay.objects.all()}
    assert set(saved) == {family["mother"], family["dasha"], family["misha"]}
    assert {s.case for s in saved.values()} == {family["case"]}
    assert saved[family["mother"]].bed == beds["A1"]
    assert saved[family["dasha"]].bed == beds["A2"]
    assert saved[family["misha"]].bed is None  # the infant sleeps in her mother's bed
    assert all(s.start == DAY and s.end is None for s in saved.values())
    assert all(s.planned_exit_on == date(2026, 3, 1) for s in saved.values())
    assert CaseActivity.objects.filter(case=family["case"], kind="stay").count() == 1


def test_a_child_can_arrive_later_on_her_own(family, golubka, golubka_beds, golubka_worker):
    admit(family, golubka, golubka_worker, [(family["mother"], golubka_beds["A1"])])

    [stay] = family_admit(
        case=family["case"],
        house=golubka,
        placements=[(family["dasha"], golubka_beds["A2"])],
        start=date(2025, 10, 1),
        by=golubka_worker,
    )

    assert stay.start == date(2025, 10, 1)
    assert Stay.objects.filter(case=family["case"]).count() == 2


def test_an_infant_can_join_her_mother_already_staying(family, golubka, golubka_beds, golubka_worker):
    admit(family, golubka, golubka_worker, [(family["mother"], golubka_beds["A1"])])

    [stay] = family_admit(
        case=family["case"],
        house=golubka,
        placements=[(family["misha"], None)],
        start=date(2025, 9, 5),
        by=golubka_worker,
    )

    assert stay.bed is None


def test_an_older_child_cannot_share_a_bed(family, golubka, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError, match="Only a child under 3 can share a bed"):
        admit(family, golubka, golubka_worker, [(family["mother"], golubka_beds["A1"]), (family["dasha"], None)])
    assert not Stay.objects.exists()


def test_an_infant_alone_without_a_bed_is_refused(family, golubka, golubka_worker):
    with pytest.raises(ValidationError, match="must arrive with, or join, a family member"):
        admit(family, golubka, golubka_worker, [(family["misha"], None)])


def test_a_bed_taken_by_another_family_is_refused_naming_the_stay(family, golubka, golubka_beds, golubka_worker):
    other = StayFactory(
        house=golubka,
        person=PersonFactory(family_name="Kozlova", given_name="Irina"),
        bed=golubka_beds["A1"],
        period=DateRange(date(2025, 8, 1), None, "[)"),
    )

    with pytest.raises(ValidationError) as caught:
        admit(
            family,
            golubka,
            golubka_worker,
            [(family["mother"], golubka_beds["A1"]), (family["dasha"], golubka_beds["A2"])],
        )

    assert "Bed A1 is taken by Kozlova Irina" in str(caught.value)
    assert "since 01.08.2025" in str(caught.value)
    assert list(Stay.objects.all()) == [other]  # the whole family or nobody


def test_a_person_already_staying_is_refused_naming_her_stay(family, golubka, golubka_beds, golubka_worker):
    admit(family, golubka, golubka_worker, [(family["mother"], golubka_beds["A1"])])

    with pytest.raises(ValidationError) as caught:
        family_admit(
            case=family["case"],
            house=golubka,
            placements=[(family["mother"], golubka_beds["B1"])],
            start=date(2025, 10, 1),
            by=golubka_worker,
        )

    assert f"Orlova Olga Ивановна already has a stay in {golubka}" in str(caught.value)
    assert "since 01.09.2025" in str(caught.value)


def test_someone_outside_the_case_is_refused(family, golubka, golubka_beds, golubka_worker):
    stranger = PersonFactory()
    with pytest.raises(ValidationError, match="is not a member of case"):
        admit(family, golubka, golubka_worker, [(stranger, golubka_beds["A1"])])


def test_the_same_bed_twice_in_one_admission_is_refused(family, golubka, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError, match="Two people cannot be given the same bed"):
        admit(
            family,
            golubka,
            golubka_worker,
            [(family["mother"], golubka_beds["A1"]), (family["dasha"], golubka_beds["A1"])],
        )


def test_a_bed_of_another_house_is_refused(family, golubka, margarita_beds, golubka_worker):
    with pytest.raises(ValidationError, match="is not in"):
        admit(family, golubka, golubka_worker, [(family["mother"], margarita_beds["M1"])])


def test_planned_exit_before_admission_is_refused(family, golubka, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError, match="planned exit must be after"):
        admit(family, golubka, golubka_worker, [(family["mother"], golubka_beds["A1"])], planned_exit_on=DAY)


def test_admission_in_the_future_is_refused(family, golubka, golubka_beds, golubka_worker):
    with pytest.raises(ValidationError, match="cannot be recorded in the future"):
        family_admit(
            case=family["case"],
            house=golubka,
            placements=[(family["mother"], golubka_beds["A1"])],
            start=date(2999, 1, 1),
            by=golubka_worker,
        )


def test_worker_of_another_house_and_manager_cannot_admit(family, golubka, golubka_beds, margarita_worker, manager):
    for user in (margarita_worker, manager):
        with pytest.raises(PermissionDenied):
            admit(family, golubka, user, [(family["mother"], golubka_beds["A1"])])


def test_a_case_of_another_unit_cannot_be_admitted_here(family, margarita, margarita_beds, coordinator):
    with pytest.raises((ValidationError, PermissionDenied)):
        family_admit(
            case=family["case"],
            house=margarita,
            placements=[(family["mother"], margarita_beds["M1"])],
            start=DAY,
            by=coordinator,
        )
