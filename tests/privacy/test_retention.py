"""Who falls due for destruction (withdrawn consents, retention periods), and the nightly run."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Consent, Person
from privacy.models import DestructionAct, LegalHold, RetentionPolicy
from privacy.services.destruction import person_destroy
from privacy.services.retention import falling_due_next_month, next_month, retention_due, retention_run
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.privacy.factories import retention_policies
from tests.sponsorship.factories import SponsoredChildFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _policies(db):
    retention_policies()


def closed_case(code: str, closed_on: date, **person):
    return CaseFactory(
        unit=unit(code),
        primary_person=PersonFactory(**person),
        opened_on=closed_on - timedelta(days=200),
        status="closed",
        closed_on=closed_on,
        closure_reason="other",
    )


def withdrawn(person, days_ago: int, *, today=TODAY):
    return Consent.objects.create(
        person=person,
        purpose="data_processing",
        given_on=date(2020, 1, 1),
        withdrawn_on=today - timedelta(days=days_ago),
    )


def due_people(today=TODAY, **kwargs):
    return {due.person.pk: due for due in retention_due(today, **kwargs)}


def test_a_consent_withdrawn_30_days_ago_is_due_and_one_withdrawn_29_days_ago_is_not():
    due = closed_case("local", date(2026, 1, 1)).primary_person
    not_yet = closed_case("local", date(2026, 1, 1)).primary_person
    withdrawn(due, 30)
    withdrawn(not_yet, 29)

    found = due_people()
    assert found[due.pk].ground == "consent_withdrawn"
    assert found[due.pk].due_on == TODAY
    assert not_yet.pk not in found


def test_a_new_consent_in_force_stops_the_clock():
    person = closed_case("local", date(2026, 1, 1)).primary_person
    withdrawn(person, 40)
    Consent.objects.create(person=person, purpose="data_processing", given_on=TODAY - timedelta(days=10))
    assert person.pk not in due_people()


def test_a_withdrawn_photo_consent_starts_no_clock():
    person = closed_case("local", date(2026, 1, 1)).primary_person
    Consent.objects.create(person=person, purpose="photos", given_on=date(2020, 1, 1), withdrawn_on=date(2026, 1, 1))
    assert person.pk not in due_people()


def test_shelter_records_fall_due_five_years_after_the_last_case_closed():
    over = closed_case("golubka", date(2021, 12, 1)).primary_person
    kept = closed_case("golubka", date(2021, 12, 3)).primary_person

    found = due_people()
    assert found[over.pk].ground == "purpose_achieved"
    assert found[over.pk].due_on == date(2026, 12, 1)
    assert kept.pk not in found


def test_every_unit_must_be_over_a_case_closed_recently_elsewhere_keeps_her():
    case = closed_case("golubka", date(2020, 1, 1))
    CaseFactory(unit=unit("local"), primary_person=case.primary_person, opened_on=date(2025, 1, 1),
                status="closed", closed_on=date(2025, 6, 1), closure_reason="other")  # fmt: skip
    assert case.primary_person.pk not in due_people()


def test_an_edited_retention_period_is_followed():
    person = closed_case("golubka", date(2020, 1, 1)).primary_person
    RetentionPolicy.objects.filter(unit__code="golubka").update(years=10)
    assert person.pk not in due_people()


def test_sponsorship_records_fall_due_three_years_after_the_sponsorship_ended():
    child = SponsoredChildFactory(distance_case=False, enrolled_on=date(2018, 9, 1), exited_on=date(2023, 6, 30),
                                  exit_reason="other")  # fmt: skip
    CaseFactory(unit=unit("distance"), primary_person=child.person, opened_on=date(2018, 9, 1), status="closed",
                closed_on=date(2023, 6, 30), closure_reason="other")  # fmt: skip
    SponsorshipFactory(child=child, start=date(2018, 9, 1), end=date(2023, 12, 1))

    assert child.person.pk not in due_people(date(2026, 11, 30))
    assert due_people(date(2026, 12, 1))[child.person.pk].due_on == date(2026, 12, 1)


def test_an_open_case_or_a_legal_hold_is_shown_and_the_run_skips_her(privacy_coordinator):
    held = closed_case("local", date(2026, 1, 1)).primary_person
    withdrawn(held, 40)
    LegalHold.objects.create(person=held, reason="Суд", until=None)
    active = CaseFactory(unit=unit("local"), opened_on=date(2026, 1, 1)).primary_person
    withdrawn(active, 40)

    found = due_people()
    assert "legal hold" in found[held.pk].blockers[0]
    assert "open case" in found[active.pk].blockers[0]
    run = retention_run(today=TODAY)
    assert run.destroyed == [] and len(run.skipped) == 2
    assert not DestructionAct.objects.exists()


def test_the_run_destroys_what_fell_due_once_and_a_second_run_does_nothing():
    person = closed_case("local", date(2026, 1, 1)).primary_person
    withdrawn(person, 31)
    old = closed_case("golubka", date(2019, 1, 1)).primary_person

    first = retention_run(today=TODAY)
    second = retention_run(today=TODAY)

    assert sorted(act.person_id for act in first.destroyed) == sorted([person.pk, old.pk])
    assert DestructionAct.objects.get(person=person).legal_ground == "consent_withdrawn"
    assert DestructionAct.objects.get(person=old).legal_ground == "purpose_achieved"
    assert DestructionAct.objects.get(person=old).destroyed_by is None
    assert second.destroyed == [] and second.skipped == []


def test_acts_are_removed_after_their_three_years_and_the_person_is_not_due_again():
    person = closed_case("golubka", date(2019, 1, 1)).primary_person
    act = person_destroy(person=person, by=None, legal_ground="purpose_achieved")
    later = act.keep_until + timedelta(days=1)

    run = retention_run(today=later)

    assert run.acts_removed == 1 and not DestructionAct.objects.exists()
    assert run.destroyed == []
    assert Person.objects.filter(pk=person.pk).exists()


def test_next_month_lists_who_falls_due_then_only():
    assert next_month(TODAY) == (date(2027, 1, 1), date(2027, 1, 31))
    soon = closed_case("golubka", date(2022, 1, 15)).primary_person
    now = closed_case("golubka", date(2021, 11, 1)).primary_person
    later = closed_case("golubka", date(2022, 2, 15)).primary_person

    found = {due.person.pk for due in falling_due_next_month(TODAY)}
    assert found == {soon.pk}
    assert now.pk not in found and later.pk not in found


def test_run_retention_command_dry_run_destroys_nothing():
    person = closed_case("golubka", date(2019, 1, 1)).primary_person
    out = StringIO()
    call_command("run_retention", "--dry-run", f"--today={TODAY}", stdout=out)
    assert f"due: person {person.pk}" in out.getvalue()
    assert not DestructionAct.objects.exists()
    call_command("run_retention", f"--today={TODAY}", stdout=StringIO())
    assert DestructionAct.objects.filter(person=person).exists()


def test_destroy_person_command_goes_through_the_service(family, privacy_coordinator, private_media):
    out = StringIO()
    person = family.person
    call_command("destroy_person", person.pk, "--ground=subject_request", "--by=privacy_coordinator", "--dry-run",
                 stdout=out)  # fmt: skip
    assert "files: 3" in out.getvalue()
    assert not DestructionAct.objects.exists()
    call_command("destroy_person", person.pk, "--ground=subject_request", "--by=privacy_coordinator", stdout=out)
    assert DestructionAct.objects.get(person=person).legal_ground == "subject_request"
    with pytest.raises(CommandError, match="already"):
        call_command("destroy_person", person.pk, "--ground=subject_request", "--by=privacy_coordinator")


def test_destroy_person_command_refuses_a_user_who_does_not_coordinate_her_units(family, golubka_worker):
    with pytest.raises(CommandError):
        call_command("destroy_person", family.person.pk, "--ground=subject_request", "--by=golubka_worker")
    assert timezone.localdate()  # nothing destroyed
    assert not DestructionAct.objects.exists()
