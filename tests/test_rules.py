"""One rule, every write path: a day after today is refused by services, forms and the AVSI import."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases import forms as case_forms
from cases import services as case_services
from cases.models import Consent, Note
from maksora.rules import NotInFutureValidator, is_in_future, not_in_future, phone_digits, validate_phone
from shelters import services as shelter_services
from sponsorship import forms as sponsorship_forms
from sponsorship import services as sponsorship_services
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.models import Contribution, SponsoredChild
from tests.cases.factories import CaseFactory, GoalFactory, PersonFactory, unit
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sponsor_row, sponsorship_row
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory, house
from tests.sponsorship.factories import CorrespondenceFactory, SponsoredChildFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def golubka_case(worker):
    return CaseFactory(unit=unit("golubka"), assigned_to=worker, opened_on=date(2025, 1, 5))


# Each write path: (actors it needs) -> call with tomorrow's day. The message is the one its user sees.
def _case_open(actors, day):
    case_services.case_open(
        unit=unit("golubka"), primary_person=PersonFactory(), opened_by=actors["golubka_worker"], opened_on=day
    )


def _case_close(actors, day):
    case_services.case_change_status(
        case=golubka_case(actors["golubka_worker"]),
        to_status="closed",
        on=day,
        closure_reason="moved_away",
        by=actors["coordinator"],
    )


def _note_add(actors, day):
    worker = actors["golubka_worker"]
    case_services.note_add(case=golubka_case(worker), author=worker, date=day, kind="meeting", text="Met.")


def _goal_progress(actors, day):
    worker = actors["golubka_worker"]
    goal = GoalFactory(case=golubka_case(worker))
    case_services.goal_progress_add(goal=goal, by=worker, text="Step", status="in_progress", on=day)


def _consent_give(actors, day):
    case_services.consent_give(
        person=PersonFactory(), purpose="data_processing", given_on=day, by=actors["golubka_worker"]
    )


def _consent_withdraw(actors, day):
    consent = Consent.objects.create(person=PersonFactory(), purpose="photos", given_on=date(2025, 1, 1))
    case_services.consent_withdraw(consent=consent, on=day, by=actors["golubka_worker"])


def _intake_birth_date(actors, day):
    case_services.intake_register(
        unit=unit("golubka"),
        mother={"family_name": "Орлова", "given_name": "Нина", "sex": "F", "birth_date": day},
        registered_by=actors["golubka_worker"],
    )


def _admission(actors, day):
    worker = actors["golubka_worker"]
    case = golubka_case(worker)
    bed = BedFactory(room=RoomFactory(house=house("golubka")))
    shelter_services.family_admit(
        case=case, house=house("golubka"), placements=[(case.primary_person, bed)], start=day, by=worker
    )


def _transfer(actors, day):
    stay = StayFactory()
    shelter_services.stay_transfer(stay=stay, on=day, bed=BedFactory(room=stay.bed.room), by=actors["coordinator"])


def _discharge(actors, day):
    shelter_services.stay_discharge(
        stays=[StayFactory()], on=day, exit_destination="relatives", exit_reason="planned", by=actors["coordinator"]
    )


def _enrolment(actors, day):
    sponsorship_services.child_enrol(
        person={"family_name": "Незабудкина", "given_name": "Вера", "sex": "F"},
        avsi_code="RU-FUTURE",
        living_situation="family",
        enrolled_on=day,
        by=actors["sponsorship_officer"],
    )


def _exit(actors, day):
    sponsorship_services.child_exit(
        child=SponsoredChildFactory(), exited_on=day, exit_reason="other", by=actors["sponsorship_officer"]
    )


def _contribution(actors, day):
    sponsorship_services.contribution_record(
        sponsorship=SponsorshipFactory(),
        period_year=day.year,
        amount=Decimal("10.00"),
        received_on=day,
        reference="FUTURE-1",
        by=actors["sponsorship_officer"],
    )


def _mark_sent(actors, day):
    sponsorship_services.correspondence_mark_sent(
        correspondence=CorrespondenceFactory(), sent_on=day, by=actors["sponsorship_officer"]
    )


SERVICES = [
    (_case_open, "opened_on", "A case cannot be opened in the future."),
    (_case_close, "on", "A case cannot be closed in the future."),
    (_note_add, "date", "A contact cannot be recorded in the future."),
    (_goal_progress, "date", "Progress cannot be recorded in the future."),
    (_consent_give, "given_on", "A consent cannot be given in the future."),
    (_consent_withdraw, "withdrawn_on", "A consent cannot be withdrawn in the future."),
    (_intake_birth_date, "birth_date", "A date of birth cannot be in the future."),
    (_admission, "start", "An admission cannot be recorded in the future."),
    (_transfer, "on", "A transfer cannot be recorded in the future."),
    (_discharge, "on", "A discharge cannot be recorded in the future."),
    (_enrolment, "enrolled_on", "A child cannot be enrolled in the future."),
    (_exit, "exited_on", "This date cannot be in the future."),
    (_contribution, "received_on", "This date cannot be in the future."),
    (_mark_sent, "sent_on", "This date cannot be in the future."),
]


@pytest.fixture
def actors(golubka_worker, coordinator, sponsorship_officer):
    return {"golubka_worker": golubka_worker, "coordinator": coordinator, "sponsorship_officer": sponsorship_officer}


@pytest.mark.parametrize(("write", "field", "message"), SERVICES, ids=[w.__name__.strip("_") for w, *_ in SERVICES])
def test_every_service_refuses_tomorrow_with_its_own_message(actors, write, field, message):
    with pytest.raises(ValidationError) as refused:
        write(actors, tomorrow())
    assert refused.value.message_dict[field] == [message]


def test_today_is_not_in_the_future(actors):
    _note_add(actors, timezone.localdate())
    assert Note.objects.count() == 1


FORMS = {
    "person": (
        lambda data, _user: case_forms.PersonForm(data),
        "birth_date",
        "A date of birth cannot be in the future.",
    ),
    "note": (lambda data, _user: case_forms.NoteForm(data), "date", "A contact cannot be recorded in the future."),
    "goal_progress": (
        lambda data, _user: case_forms.GoalProgressForm(data),
        "date",
        "Progress cannot be recorded in the future.",
    ),
    "consent": (
        lambda data, _user: case_forms.ConsentForm(data, person=PersonFactory()),
        "given_on",
        "A consent cannot be given in the future.",
    ),
    "child_enrol": (
        lambda data, user: sponsorship_forms.ChildEnrolForm(data, user=user),
        "birth_date",
        "A date of birth cannot be in the future.",
    ),
}


@pytest.mark.parametrize(("make_form", "field", "message"), FORMS.values(), ids=FORMS.keys())
def test_forms_refuse_tomorrow_next_to_the_field(sponsorship_officer, make_form, field, message):
    form = make_form({field: tomorrow().strftime("%d.%m.%Y")}, sponsorship_officer)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def _import(rows, by):
    return avsi_spreadsheet_import(data=csv_bytes(*rows), name="avsi.csv", dry_run=True, by=by)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([child_row(enrolled_on="{tomorrow}")], "A child cannot be enrolled in the future."),
        ([child_row(birth_date="{tomorrow}")], "A date of birth cannot be in the future."),
        (
            [child_row(), sponsor_row(), sponsorship_row(), contribution_row(received_on="{tomorrow}")],
            "This date cannot be in the future.",
        ),
    ],
    ids=["enrolment", "birth_date", "contribution"],
)
def test_the_import_refuses_tomorrow_with_the_same_message(sponsorship_officer, rows, reason):
    day = tomorrow().strftime("%d.%m.%Y")
    rows = [{k: (day if v == "{tomorrow}" else v) for k, v in row.items()} for row in rows]
    result = _import(rows, sponsorship_officer)
    assert [outcome.detail for outcome in result.rejected] == [reason]
    assert not SponsoredChild.objects.exists() and not Contribution.objects.exists()


def test_the_rule_itself():
    today = date(2026, 3, 1)
    assert not is_in_future(None) and not is_in_future(today, today=today)
    assert is_in_future(date(2026, 3, 2), today=today)
    with pytest.raises(ValidationError) as refused:
        not_in_future(tomorrow(), field="on")
    assert refused.value.message_dict == {"on": ["This date cannot be in the future."]}
    with pytest.raises(ValidationError) as refused:
        NotInFutureValidator("Not yet.")(tomorrow())
    assert refused.value.messages == ["Not yet."]
    NotInFutureValidator()(timezone.localdate())


@pytest.mark.parametrize("phone", ["+7 913 123-45-67", "8 (383) 123-45-67", "+39 02 1234567", ""])
def test_usual_phone_numbers_pass(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["call me", "12-34", "+7 913 =1", "1" * 16])
def test_anything_else_is_refused_with_an_example(phone):
    with pytest.raises(ValidationError) as refused:
        validate_phone(phone)
    assert refused.value.messages == ["Enter a phone number such as +7 913 123-45-67 or 8 (383) 123-45-67."]


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("+7 913 123-45-67", "79131234567"),
        ("8 (913) 123-45-67", "79131234567"),
        ("8-913-1234567", "79131234567"),
        ("+39 02 1234567", "39021234567"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_digits_give_one_form_for_the_russian_prefixes(phone, digits):
    assert phone_digits(phone) == digits
