"""The home page's recent notes: hers on any case, anyone's on her open cases, newest first, ten at most."""

from datetime import date, timedelta

from django.utils import timezone

from tests.cases.factories import CaseFactory, NoteFactory, UserFactory, unit


def _notes_section(content: str) -> str:
    return content.split('id="recent-notes"', 1)[1]


def test_recent_notes_are_hers_and_those_on_her_open_cases_newest_first(as_user, golubka_worker):
    colleague = UserFactory(username="colleague", role="social_worker", units=["golubka"])
    hers = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    closed = CaseFactory(
        unit=unit("golubka"), assigned_to=golubka_worker, status="closed", closed_on=timezone.localdate()
    )
    theirs = CaseFactory(unit=unit("golubka"), assigned_to=colleague)
    NoteFactory(case=hers, author=colleague, date=date(2026, 3, 2), text="Colleague on her case")
    NoteFactory(case=theirs, author=golubka_worker, date=date(2026, 3, 1), text="Hers on another case")
    NoteFactory(case=theirs, author=colleague, date=date(2026, 3, 3), text="Colleague on his own case")
    NoteFactory(case=closed, author=colleague, date=date(2026, 3, 4), text="Colleague on her closed case")
    NoteFactory(case=hers, author=colleague, date=date(2026, 3, 2), text="Confidential aside", confidential=True)

    notes = _notes_section(as_user(golubka_worker).get("/").content.decode())

    assert notes.index("Colleague on her case") < notes.index("Hers on another case")
    assert "Colleague on his own case" not in notes
    assert "Colleague on her closed case" not in notes
    assert "Confidential aside" not in notes


def test_only_the_ten_newest_notes_are_listed(as_user, golubka_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    first = date(2026, 1, 1)
    for day in range(15):
        NoteFactory(case=case, author=golubka_worker, date=first + timedelta(days=day), text=f"Note of day {day:02d}")

    notes = _notes_section(as_user(golubka_worker).get("/").content.decode())

    assert [f"Note of day {day:02d}" in notes for day in range(15)] == [False] * 5 + [True] * 10
    assert notes.index("Note of day 14") < notes.index("Note of day 05")


def test_another_units_notes_never_show(as_user, golubka_worker, margarita_worker):
    other = CaseFactory(unit=unit("margarita"), assigned_to=golubka_worker)
    NoteFactory(case=other, author=margarita_worker, text="Margarita note")

    notes = _notes_section(as_user(golubka_worker).get("/").content.decode())

    assert "Margarita note" not in notes
