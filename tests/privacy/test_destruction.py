"""Destroying a person's data: nothing of her left in any table, files gone, refusals, dry run."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Attachment, Consent, Note, Person, PersonEvent, Relationship
from maksora.models import AccessRecord
from privacy.models import DestructionAct, LegalHold
from privacy.services.destruction import destroyed_name_prefix, destruction_plan, person_destroy, placeholder
from tests.cases.factories import CaseFactory, UserFactory, unit
from tests.privacy.conftest import SEARCHED, tables_mentioning
from tests.privacy.factories import SENTINEL

pytestmark = pytest.mark.django_db


def destroy(family, by, **kwargs):
    return person_destroy(person=family.person, by=by, legal_ground="consent_withdrawn", **kwargs)


def test_her_name_and_numbers_are_in_no_column_of_any_table_after_destruction(family, privacy_coordinator):
    assert tables_mentioning()  # the data really are everywhere before

    destroy(family, privacy_coordinator)

    assert tables_mentioning() == []


def test_her_row_stays_as_an_unknown_person_and_her_relatives_keep_theirs(family, privacy_coordinator):
    destroy(family, privacy_coordinator)

    person = Person.objects.get(pk=family.person.pk)
    assert person.family_name == f"{destroyed_name_prefix()}{person.pk}"
    assert (person.given_name, person.patronymic, person.birth_date, person.district) == ("", "", None, "")
    assert (person.phone, person.name_key, person.phone_key, person.document_number) == ("", "", "", "")
    assert person.sex == "F"
    mother = Person.objects.get(pk=family.mother.pk)
    assert (mother.family_name, mother.given_name) == ("Иванова", "Ольга")
    shared_note = Note.objects.get(case=family.mother_case)
    assert shared_note.text.startswith("Ольга и дочь")
    assert "Пётр здоров" in shared_note.text
    assert placeholder() in shared_note.text
    assert Note.objects.get(case=family.own_case).text == placeholder()


def test_consents_links_and_documents_are_deleted_and_files_leave_the_disk(
    family, privacy_coordinator, private_media, django_capture_on_commit_callbacks
):
    paths = [Path(private_media) / name for name in family.files]
    assert all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        act = destroy(family, privacy_coordinator)

    assert not Consent.objects.filter(person=family.person).exists()
    assert not Relationship.objects.filter(to_person=family.person).exists()
    assert not Attachment.objects.filter(person=family.person).exists()
    assert not Attachment.objects.filter(case=family.own_case).exists()
    assert not any(path.exists() for path in paths)
    act.refresh_from_db()
    assert act.files_pending == []


def test_history_and_access_log_rows_about_her_are_anonymised(family, privacy_coordinator):
    destroy(family, privacy_coordinator)

    names = set(PersonEvent.objects.filter(pgh_obj=family.person).values_list("family_name", flat=True))
    assert names == {f"{destroyed_name_prefix()}{family.person.pk}"}
    assert not AccessRecord.objects.filter(person_id=family.person.pk).exists()


def test_the_act_lists_counts_and_the_event_log_without_personal_data(family, privacy_coordinator):
    act = destroy(family, privacy_coordinator)

    act = DestructionAct.objects.get(pk=act.pk)
    assert act.person_id == family.person.pk
    assert act.destroyed_by == privacy_coordinator
    assert sorted(act.person_ids) == sorted(
        [family.person.pk, *Person.objects.filter(merged_into=family.person).values_list("pk", flat=True)]
    )
    counts = {item["key"]: item["count"] for item in act.categories}
    assert counts["identity"] == 2 and counts["consents"] == 1 and counts["relationships"] == 1
    assert counts["files"] >= 3 and counts["history"] > 10 and counts["access_log"] == 1
    assert act.event_log and set(act.event_log[0]) == {"at", "actor", "action"}
    assert not any(word in json.dumps(act.event_log, ensure_ascii=False).lower() for word in SEARCHED)
    assert act.keep_until.year == timezone.localdate().year + 3


def test_dry_run_returns_the_plan_and_writes_nothing(family, privacy_coordinator, private_media):
    before = tables_mentioning()
    events = PersonEvent.objects.count()

    plan = destroy(family, privacy_coordinator, dry_run=True)

    assert dict((key, count) for key, _label, count in plan.categories)["consents"] == 1
    assert len(plan.files) == 3
    assert tables_mentioning() == before
    assert PersonEvent.objects.count() == events
    assert not DestructionAct.objects.exists()
    assert all((Path(private_media) / name).exists() for name in family.files)


def test_refused_while_she_has_an_open_case(db, privacy_coordinator, private_media):
    from tests.privacy.factories import retention_policies, sentinel_family

    retention_policies()
    family = sentinel_family(author=privacy_coordinator, closed=False)
    with pytest.raises(ValidationError, match="open case"):
        destroy(family, privacy_coordinator)
    assert destruction_plan(person=family.person).blockers
    assert Person.objects.get(pk=family.person.pk).family_name == SENTINEL


def test_refused_while_a_legal_hold_is_in_force(family, privacy_coordinator):
    LegalHold.objects.create(person=family.person, reason="Запрос суда", set_by=privacy_coordinator, until=None)

    with pytest.raises(ValidationError, match="legal hold"):
        destroy(family, privacy_coordinator)
    with pytest.raises(ValidationError, match="legal hold"):
        destroy(family, privacy_coordinator, dry_run=True)
    assert not DestructionAct.objects.exists()


def test_a_second_destruction_is_refused(family, privacy_coordinator):
    destroy(family, privacy_coordinator)
    with pytest.raises(ValidationError, match="already been destroyed"):
        destroy(family, privacy_coordinator)


def test_a_social_worker_cannot_destroy(family):
    worker = UserFactory(username="golubka_local_worker", role="social_worker", units=["golubka", "local"])
    with pytest.raises(PermissionDenied):
        destroy(family, worker)
    assert not DestructionAct.objects.exists()


def test_a_coordinator_of_only_some_of_her_units_cannot_destroy(family):
    golubka_only = UserFactory(username="golubka_coordinator", role="coordinator", units=["golubka"])
    with pytest.raises(PermissionDenied):
        destroy(family, golubka_only)


def test_an_unknown_legal_ground_is_refused(family, privacy_coordinator):
    with pytest.raises(ValidationError):
        person_destroy(person=family.person, by=privacy_coordinator, legal_ground="because")


def test_the_retention_schedule_destroys_without_a_user(family):
    act = person_destroy(person=family.person, by=None, legal_ground="purpose_achieved")
    assert act.destroyed_by is None


def test_a_person_without_cases_elsewhere_is_not_touched(family, privacy_coordinator):
    other = CaseFactory(unit=unit("golubka"), opened_on=timezone.localdate() - timedelta(days=3))
    destroy(family, privacy_coordinator)
    assert Person.objects.get(pk=other.primary_person_id).family_name != ""
