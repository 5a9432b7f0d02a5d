"""Deletes are recorded, merges and imports name who did them, and coordinators read the history."""

from datetime import date

import pghistory
import pghistory.models
import pytest
from django.apps import apps
from django.urls import reverse

from cases import history
from cases.models import Case, Consent, NoteEvent, PersonEvent
from cases.services import people_merge
from maksora.models import AccessRecord
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.models import SponsoredChildEvent
from tests.cases.factories import (
    CaseFactory,
    GoalFactory,
    NoteFactory,
    PersonFactory,
    RelationshipFactory,
    TaskFactory,
    UserFactory,
    unit,
)
from tests.data.avsi_rows import sample


def test_every_tracked_model_records_deletes():
    event_models = [m for m in apps.get_models() if issubclass(m, pghistory.models.Event)]
    assert len(event_models) >= 15
    for event_model in event_models:
        labels = {tracker.label for tracker in event_model.pgh_trackers}
        assert "delete" in labels or "unit_member.remove" in labels, event_model


def test_a_deleted_note_leaves_a_delete_event_with_its_last_text(golubka_case, golubka_worker):
    note = NoteFactory(case=golubka_case, author=golubka_worker, text="Первая встреча")
    note_pk = note.pk
    with pghistory.context(user=golubka_worker.pk):
        note.delete()
    events = NoteEvent.objects.filter(pgh_obj_id=note_pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "delete"]
    assert events.last().text == "Первая встреча"
    assert events.last().pgh_context.metadata["user"] == golubka_worker.pk


def test_a_merge_outside_a_request_names_the_coordinator_in_the_history(coordinator):
    keep = CaseFactory(unit=unit("golubka")).primary_person
    duplicate = CaseFactory(unit=unit("local")).primary_person
    people_merge(keep=keep, duplicate=duplicate, by=coordinator)
    merged = PersonEvent.objects.filter(pgh_obj_id=duplicate.pk, pgh_label="update").last()
    assert merged.merged_into_id == keep.pk
    assert merged.pgh_context.metadata["user"] == coordinator.pk
    assert merged.pgh_context.metadata["action"] == "people_merge"


def test_an_avsi_import_names_the_officer_in_the_history(sponsorship_officer):
    result = avsi_spreadsheet_import(
        data=sample("avsi_sample.csv"), name="avsi.csv", dry_run=False, by=sponsorship_officer
    )
    assert result.applied
    events = SponsoredChildEvent.objects.filter(pgh_label="insert")
    assert events.exists()
    assert {(e.pgh_context.metadata["user"], e.pgh_context.metadata["source"]) for e in events} == {
        (sponsorship_officer.pk, "avsi_import")
    }


# --- the case history page --------------------------------------------------------------


@pytest.fixture
def changed_case(golubka_case, coordinator):
    with pghistory.context(user=coordinator.pk):
        Case.objects.filter(pk=golubka_case.pk).update(risk_level="high", next_review_on=date(2026, 3, 1))
    return golubka_case


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_coordinator_reads_who_changed_which_field_from_what_to_what(as_user, coordinator, changed_case):
    response = as_user(coordinator).get(reverse("cases:case_history", args=[changed_case.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert coordinator.get_full_name() in text
    assert "Risk level" in text and "Next review" in text
    [entry] = [e for e in response.context["page_obj"] if e.kind == "changed"]
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes == {"Risk level": ("Low", "High"), "Next review": ("—", "01.03.2026")}
    assert AccessRecord.objects.filter(user=coordinator, action="view_case_history").count() == 1


def test_the_case_history_is_in_russian_with_russian_labels(ru_client, coordinator, changed_case):
    ru_client.force_login(coordinator)
    text = page_text(ru_client.get(reverse("cases:case_history", args=[changed_case.pk])))
    assert "Уровень риска" in text and "Высокий" in text
    assert "01.03.2026" in text


def test_the_case_history_covers_notes_goals_and_tasks_including_deleted_ones(
    as_user, coordinator, golubka_worker, golubka_case
):
    note = NoteFactory(case=golubka_case, author=golubka_worker, text="Обсудили работу")
    note.delete()
    GoalFactory(case=golubka_case, text="Найти работу")
    TaskFactory(case=golubka_case, title="Позвонить в центр занятости", assigned_to=golubka_worker)
    response = as_user(coordinator).get(reverse("cases:case_history", args=[golubka_case.pk]))
    entries = list(response.context["page_obj"])
    deleted = next(e for e in entries if e.kind == "deleted")
    assert deleted.record == "Note: 01.02.2026"
    created = next(e for e in entries if e.kind == "created" and e.record == deleted.record)
    assert ("Text", "Обсудили работу") in [(c.label, c.new) for c in created.changes]
    records = {e.record for e in entries}
    assert {"Goal: Найти работу", "Task: Позвонить в центр занятости"} <= records


def test_a_confidential_note_text_is_hidden_from_a_reader_who_may_not_see_it(golubka_case, golubka_worker):
    colleague = UserFactory(username="colleague", role="social_worker", units=["golubka"])
    NoteFactory(case=golubka_case, author=colleague, text="Тайна", confidential=True)
    NoteFactory(case=golubka_case, author=golubka_worker, text="Моя тайна", confidential=True)
    shown = [c.new for e in history.case_history(golubka_case, golubka_worker) for c in e.changes]
    assert "Тайна" not in shown and "Моя тайна" in shown
    assert "(confidential, hidden)" in shown


def test_the_case_history_is_404_out_of_scope_and_403_for_a_social_worker(
    as_user, changed_case, golubka_worker, margarita_worker, manager
):
    url = reverse("cases:case_history", args=[changed_case.pk])
    margarita_coordinator = UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])
    assert as_user(margarita_coordinator).get(url).status_code == 404
    assert as_user(margarita_worker).get(url).status_code == 404
    assert as_user(golubka_worker).get(url).status_code == 403
    assert as_user(manager).get(url).status_code == 403
    assert not AccessRecord.objects.filter(action="view_case_history").exists()


def test_the_case_page_links_to_the_history_for_the_coordinator_only(
    as_user, coordinator, golubka_worker, golubka_case
):
    url = reverse("cases:case_detail", args=[golubka_case.pk])
    history_url = reverse("cases:case_history", args=[golubka_case.pk])
    assert history_url in as_user(coordinator).get(url).content.decode()
    assert history_url not in as_user(golubka_worker).get(url).content.decode()


# --- the person history page ------------------------------------------------------------


def test_the_person_history_shows_her_changes_family_links_and_consents(as_user, coordinator, golubka_case):
    person = golubka_case.primary_person
    child = PersonFactory(given_name="Петя")
    with pghistory.context(user=coordinator.pk):
        person.phone = "+7 913 000-00-00"
        person.save()
        RelationshipFactory(from_person=person, to_person=child, kind="mother")
        Consent.objects.create(person=person, purpose="photos", given_on=date(2026, 2, 3))
    client = as_user(coordinator)
    person_page = client.get(reverse("cases:person_detail", args=[person.pk])).content.decode()
    url = reverse("cases:person_history", args=[person.pk])
    assert url in person_page
    response = client.get(url)
    assert response.status_code == 200
    entries = list(response.context["page_obj"])
    changes = {(e.record, c.label): (c.old, c.new) for e in entries for c in e.changes}
    assert changes[("Person", "Phone")] == ("—", "+7 913 000-00-00")
    assert changes[("Family link: mother of", "Relationship")] == ("—", "mother of")
    # The relative is not in any case of the coordinator's units: her name is not shown.
    assert changes[("Family link: mother of", "Relative")] == ("—", "(not visible)")
    assert changes[("Consent: Photos", "Given on")] == ("—", "03.02.2026")


def test_the_person_history_is_404_out_of_scope_and_403_for_a_social_worker(
    as_user, golubka_case, margarita_case, coordinator, golubka_worker
):
    assert (
        as_user(coordinator).get(reverse("cases:person_history", args=[margarita_case.primary_person.pk])).status_code
        == 404
    )
    mine = reverse("cases:person_history", args=[golubka_case.primary_person.pk])
    assert as_user(golubka_worker).get(mine).status_code == 403
    assert (
        "person_history"
        not in as_user(golubka_worker)
        .get(reverse("cases:person_detail", args=[golubka_case.primary_person.pk]))
        .content.decode()
    )


def test_history_page_reads_a_constant_number_of_queries(
    as_user, coordinator, golubka_case, golubka_worker, django_assert_max_num_queries
):
    client = as_user(coordinator)
    url = reverse("cases:case_history", args=[golubka_case.pk])
    NoteFactory(case=golubka_case, author=golubka_worker)
    client.get(url)
    with django_assert_max_num_queries(25) as one:
        client.get(url)
    for n in range(19):
        NoteFactory(case=golubka_case, author=UserFactory(username=f"author{n}"), text=f"note {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


# --- the raw event admin -----------------------------------------------------------------


def test_the_raw_event_admin_is_for_administrators_only(as_user, site_admin, coordinator, manager, changed_case):
    url = reverse("admin:pghistory_events_changelist")
    assert as_user(site_admin).get(url).status_code == 200
    assert as_user(coordinator).get(url).status_code == 403
    assert as_user(manager).get(url).status_code == 403
