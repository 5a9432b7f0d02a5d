"""A hand-built week: Monday 9 March 2026 in Novosibirsk, and what each of the cast has due."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import Consent
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, TaskFactory, unit

MONDAY = date(2026, 3, 9)
TUESDAY = date(2026, 3, 10)
NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")


def at_morning(day: date):
    """The clock frozen at 7:00 in Novosibirsk on `day`, when the digest goes out."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=NOVOSIBIRSK), tick=False)


@pytest.fixture
def monday():
    with at_morning(MONDAY):
        yield MONDAY


def consented_case(**kwargs):
    """A case whose primary person gave her consent to data processing (so only what the test adds is due)."""
    case = CaseFactory(**kwargs)
    Consent.objects.create(person=case.primary_person, purpose="data_processing", given_on=date(2026, 1, 15))
    return case


@pytest.fixture
def cast_emails(golubka_worker, margarita_worker, local_worker, coordinator, manager, sponsorship_officer):
    for user in (golubka_worker, margarita_worker, local_worker, coordinator, manager, sponsorship_officer):
        user.email = f"{user.username}@maksora.test"
        user.save(update_fields=["email"])


@pytest.fixture
def week(cast_emails, golubka_worker, margarita_worker, coordinator):
    """What is due on Monday 9 March 2026.

    The Golubka worker: a task overdue since Thursday 5 March, a task due Thursday 12
    March, a case whose last note is 31 days old (quiet, N = 30) and one 29 days old.
    Also hers but not due: a task done, a task due next week, a closed case long quiet.
    The Margarita worker: an overdue task and a quiet case of her house, and a Golubka task
    put in her name (she cannot see Golubka, so it must not reach her).
    Local services: a case whose review was due on 1 March.
    """
    golubka = unit("golubka")
    quiet = consented_case(
        unit=golubka, assigned_to=golubka_worker, primary_person=PersonFactory(family_name="Тихонова")
    )
    NoteFactory(case=quiet, author=golubka_worker, date=date(2026, 2, 6))
    recent = consented_case(
        unit=golubka, assigned_to=golubka_worker, primary_person=PersonFactory(family_name="Недавнова")
    )
    NoteFactory(case=recent, author=golubka_worker, date=date(2026, 2, 8))
    overdue = TaskFactory(case=recent, assigned_to=golubka_worker, title="Позвонить в школу", due_on=date(2026, 3, 5))
    thursday = TaskFactory(
        case=recent, assigned_to=golubka_worker, title="Справка из поликлиники", due_on=date(2026, 3, 12)
    )
    TaskFactory(case=recent, assigned_to=golubka_worker, due_on=date(2026, 3, 2), done_on=date(2026, 3, 3))
    TaskFactory(case=recent, assigned_to=golubka_worker, due_on=date(2026, 3, 16))
    consented_case(
        unit=golubka,
        assigned_to=golubka_worker,
        status="closed",
        closed_on=date(2026, 2, 1),
        closure_reason="goals_achieved",
    )

    margarita_case = consented_case(unit=unit("margarita"), assigned_to=margarita_worker)
    margarita_task = TaskFactory(case=margarita_case, assigned_to=margarita_worker, due_on=date(2026, 3, 6))
    golubka_for_margarita = consented_case(unit=golubka, assigned_to=coordinator)
    NoteFactory(case=golubka_for_margarita, author=coordinator, date=date(2026, 3, 1))
    TaskFactory(case=golubka_for_margarita, assigned_to=margarita_worker, due_on=date(2026, 3, 4))

    local_case = consented_case(unit=unit("local"), assigned_to=coordinator, next_review_on=date(2026, 3, 1))
    NoteFactory(case=local_case, author=coordinator, date=date(2026, 3, 2))
    return {
        "quiet": quiet,
        "recent": recent,
        "overdue": overdue,
        "thursday": thursday,
        "margarita_case": margarita_case,
        "margarita_task": margarita_task,
        "golubka_for_margarita": golubka_for_margarita,
        "local_case": local_case,
    }
