"""A destruction cut off half-way (the database connection killed) leaves nothing half-written.

The database session is terminated from a second connection while the service is inside its
transaction (after the first rows were anonymised), as a crash or a restart would: every
row, history row and file must be as before, and no act written.
"""

from pathlib import Path

import psycopg2
import pytest
from django.db import DatabaseError, InterfaceError, connection

from cases.models import Note, NoteEvent, Person, PersonEvent
from maksora.backups import _libpq_url
from privacy.models import DestructionAct
from privacy.services.destruction import person_destroy
from privacy.signals import destruction_progress
from tests.privacy.conftest import tables_mentioning
from tests.privacy.factories import SENTINEL, retention_policies, sentinel_family


def _terminate(pid: int) -> None:
    other = psycopg2.connect(_libpq_url(connection.settings_dict))
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def _backend_pid() -> int:
    raw = connection.connection  # psycopg 3 or psycopg2, whichever Django picked
    return raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid()


@pytest.mark.django_db(transaction=True)
def test_a_destruction_killed_half_way_leaves_everything_as_it_was(privacy_coordinator, private_media):
    retention_policies()
    family = sentinel_family(author=privacy_coordinator)
    columns_before = tables_mentioning()
    person_events, note_events = PersonEvent.objects.count(), NoteEvent.objects.count()
    reached = []

    def kill_the_session(sender, person, step, **kwargs):
        reached.append(step)
        if step == "cases.Note":  # her record, consents and files already emptied in this transaction
            _terminate(_backend_pid())

    destruction_progress.connect(kill_the_session)
    try:
        with pytest.raises((DatabaseError, InterfaceError)):
            person_destroy(person=family.person, by=privacy_coordinator, legal_ground="consent_withdrawn")
    finally:
        destruction_progress.disconnect(kill_the_session)
        connection.close()

    assert "cases.Person" in reached and "anonymised" not in reached
    person = Person.objects.get(pk=family.person.pk)
    assert person.family_name == SENTINEL and person.phone
    assert SENTINEL in Note.objects.get(case=family.own_case).text
    assert (PersonEvent.objects.count(), NoteEvent.objects.count()) == (person_events, note_events)
    assert not DestructionAct.objects.exists()
    assert all((Path(private_media) / name).exists() for name in family.files)
    assert tables_mentioning() == columns_before

    # Run again, it completes.
    person_destroy(person=family.person, by=privacy_coordinator, legal_ground="consent_withdrawn")
    assert tables_mentioning() == []
