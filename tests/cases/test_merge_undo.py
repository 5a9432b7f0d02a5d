from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases.models import Attachment, Case, CaseMember, Consent, MergeRecord, Person, Relationship
from cases.services import people_merge, people_merge_recorded, people_unmerge
from shelters.models import Stay
from sponsorship.models import SponsoredChild
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, RelationshipFactory, unit
from tests.shelters.factories import house

# Columns that move on by themselves (optimistic locking, save timestamps), not data.
MOVING_COLUMNS = {"version", "updated_at"}


def snapshot() -> dict:
    """Every row of every table a merge touches, as plain values."""
    tables = {
        "case_member": CaseMember.objects.all(),
        "case": Case.objects.all(),
        "relationship": Relationship.objects.all(),
        "consent": Consent.objects.all(),
        "attachment": Attachment.objects.all(),
        "stay": Stay.objects.all(),
        "sponsored_child": SponsoredChild.objects.all(),
        "person": Person.objects.all(),
    }
    return {
        name: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in MOVING_COLUMNS))
            for row in queryset.order_by("pk").values()
        )
        for name, queryset in tables.items()
    }


@pytest.fixture
def family(golubka_worker):
    """One mother registered twice (Golubka, Local) with a child on each side, shared and separate links."""
    keep_case = CaseFactory(
        unit=unit("golubka"), primary_person=PersonFactory(family_name="Иванова", given_name="Мария")
    )
    dup_case = CaseFactory(unit=unit("local"), primary_person=PersonFactory(family_name="Ivanova", given_name="Maria"))
    keep, duplicate = keep_case.primary_person, dup_case.primary_person
    child = PersonFactory(family_name="Иванов", given_name="Петя", birth_date=date(2020, 1, 1))
    CaseMemberFactory(case=dup_case, person=child)
    CaseMemberFactory(case=keep_case, person=child)
    # Both records are members of the Golubka case: the duplicate's membership goes away on merge.
    CaseMemberFactory(case=keep_case, person=duplicate, role="other")
    RelationshipFactory(from_person=duplicate, to_person=child, kind="mother")
    RelationshipFactory(from_person=keep, to_person=child, kind="mother")  # the duplicate's repeats it
    sister = PersonFactory(family_name="Иванова", given_name="Ольга")
    CaseMemberFactory(case=dup_case, person=sister, role="other")
    RelationshipFactory(from_person=sister, to_person=duplicate, kind="sibling")
    Consent.objects.create(person=duplicate, purpose="photos", given_on=date(2025, 1, 1))
    Consent.objects.create(person=keep, purpose="photos", given_on=date(2025, 3, 1))
    # A withdrawn consent moves too (not the processing one: that would hide her record, docs/consent.md).
    Consent.objects.create(
        person=duplicate, purpose="share_with_sponsor", given_on=date(2024, 1, 1), withdrawn_on=date(2024, 6, 1)
    )
    Attachment.objects.create(
        person=duplicate, file="x", original_name="a.pdf", content_type="application/pdf", size=1, kind="other",
        uploaded_by=golubka_worker,
    )  # fmt: skip
    period = DateRange(date(2025, 1, 1), date(2025, 2, 1))
    Stay.objects.create(person=duplicate, case=dup_case, house=house("golubka"), period=period)
    earlier = PersonFactory(family_name="Ivanova", given_name="Masha", merged_into=duplicate)
    return {"keep": keep, "duplicate": duplicate, "child": child, "keep_case": keep_case, "dup_case": dup_case,
            "earlier": earlier}  # fmt: skip


def test_merge_then_unmerge_leaves_every_row_as_it_was(coordinator, family):
    before = snapshot()
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    assert snapshot() != before
    assert Stay.objects.get().person == family["keep"]
    people_unmerge(merge_record=record, by=coordinator)
    assert snapshot() == before
    record.refresh_from_db()
    assert record.undone_by == coordinator and record.undone_at is not None


def test_round_trip_restores_the_sponsored_child_record(coordinator, family):
    child, other = family["child"], PersonFactory(family_name="Иванов", given_name="Пётр")
    CaseMemberFactory(case=family["keep_case"], person=other)
    SponsoredChild.objects.create(person=child, avsi_code="RU-1", enrolled_on=date(2025, 1, 1))
    before = snapshot()
    record = people_merge_recorded(keep=other, duplicate=child, by=coordinator)
    assert SponsoredChild.objects.get().person == other
    people_unmerge(merge_record=record, by=coordinator)
    assert snapshot() == before


def test_people_merge_keeps_its_signature_and_exposes_the_record(coordinator, family):
    keep = people_merge(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    assert keep == family["keep"]
    assert keep.merge_record == MergeRecord.objects.get(duplicate=family["duplicate"])


def test_merge_and_unmerge_are_in_the_history_and_the_timelines(coordinator, family):
    from pghistory.models import Context

    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    people_unmerge(merge_record=record, by=coordinator)
    actions = {context.metadata.get("action") for context in Context.objects.all()}
    assert {"people_merge", "people_unmerge"} <= actions
    assert all(c.metadata.get("user") == coordinator.pk for c in Context.objects.all())
    for case in (family["keep_case"], family["dup_case"]):
        assert case.activities.filter(kind="merged").exists()
        assert case.activities.filter(kind="unmerged", actor=coordinator).exists()


def test_unmerge_is_refused_when_a_moved_row_changed_person_since(coordinator, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    Attachment.objects.filter(pk__in=record.moved["attachments"]).update(person=family["child"])
    with pytest.raises(ValidationError, match="a document that moved has since been deleted or moved"):
        people_unmerge(merge_record=record, by=coordinator)
    family["duplicate"].refresh_from_db()
    assert family["duplicate"].merged_into == family["keep"]


def test_unmerge_is_refused_when_a_moved_stay_was_deleted(coordinator, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    Stay.objects.all().delete()
    with pytest.raises(ValidationError, match="a stay that moved"):
        people_unmerge(merge_record=record, by=coordinator)


def test_unmerge_is_refused_when_a_moved_consent_was_withdrawn_since(coordinator, family):
    Consent.objects.create(person=family["duplicate"], purpose="data_processing", given_on=date(2025, 1, 1))
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    Consent.objects.filter(person=family["keep"], purpose="data_processing", withdrawn_on__isnull=True).update(
        withdrawn_on=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="a consent that moved"):
        people_unmerge(merge_record=record, by=coordinator)


def test_unmerge_is_refused_twice_and_after_the_kept_record_was_merged_again(coordinator, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    people_unmerge(merge_record=record, by=coordinator)
    with pytest.raises(ValidationError, match="already been undone"):
        people_unmerge(merge_record=record, by=coordinator)
    again = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    people_merge_recorded(keep=family["child"], duplicate=family["keep"], by=coordinator)
    with pytest.raises(ValidationError, match="The merge cannot be undone"):
        people_unmerge(merge_record=again, by=coordinator)


def test_social_worker_and_coordinator_of_another_unit_cannot_unmerge(coordinator, golubka_worker, family):
    from tests.cases.factories import UserFactory

    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    margarita_coordinator = UserFactory(username="margarita_coord", role="coordinator", units=["margarita"])
    for user in (golubka_worker, margarita_coordinator):
        with pytest.raises(PermissionDenied):
            people_unmerge(merge_record=record, by=user)
    family["duplicate"].refresh_from_db()
    assert family["duplicate"].merged_into == family["keep"]


# --- pages ----------------------------------------------------------------------------------


def test_confirmation_page_shows_both_records_and_what_will_move(as_user, coordinator, family):
    keep, duplicate = family["keep"], family["duplicate"]
    duplicate.phone, duplicate.document_number = "+7 913 555-01-02", "5012 345678"
    duplicate.save(update_fields=["phone", "document_number"])
    client = as_user(coordinator)
    response = client.get(reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Иванова" in page and "Ivanova" in page
    assert "+7 913 555-01-02" in page and "5012 345678" in page
    assert family["keep_case"].number in page and family["dup_case"].number in page
    # Memberships: the Local case (the Golubka one is shared, so the duplicate's is dropped).
    assert '<th scope="row" class="fw-normal">Case memberships</th><td class="text-end">1</td>' in page
    assert '<th scope="row" class="fw-normal">Consents</th><td class="text-end">2</td>' in page
    assert '<th scope="row" class="fw-normal">Stays in a shelter</th><td class="text-end">1</td>' in page
    assert 'id="merge-withdrawn"' in page and "Photos" in page
    assert 'id="merge-dropped"' in page
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None  # looking is not merging


def test_picking_leads_to_confirmation_and_only_the_confirmation_merges(as_user, coordinator, family):
    keep, duplicate = family["keep"], family["duplicate"]
    client = as_user(coordinator)
    response = client.post(reverse("cases:person_merge", args=[duplicate.pk]), {"keep": keep.pk})
    confirm = reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk])
    assert response.status_code == 302 and response.url == confirm
    assert not MergeRecord.objects.exists()
    response = client.post(confirm)
    assert response.status_code == 302 and response.url == reverse("cases:person_detail", args=[keep.pk])
    record = MergeRecord.objects.get()
    assert (record.keep, record.duplicate, record.merged_by) == (keep, duplicate, coordinator)


def test_confirmation_refuses_a_record_with_itself(as_user, coordinator, family):
    duplicate = family["duplicate"]
    url = reverse("cases:person_merge_confirm", args=[duplicate.pk, duplicate.pk])
    client = as_user(coordinator)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "A person cannot be merged into herself." in response.content.decode()
        assert "Merge the records" not in response.content.decode()
    assert not MergeRecord.objects.exists()


def test_picker_never_offers_the_record_itself(as_user, coordinator, family):
    duplicate = family["duplicate"]
    client = as_user(coordinator)
    page = client.get(reverse("cases:person_merge", args=[duplicate.pk])).content.decode()
    assert f'data-autocomplete-exclude="{duplicate.pk}"' in page
    found = client.get(reverse("cases:person_autocomplete"), {"q": "Ivanova", "exclude": duplicate.pk}).json()
    ids = {row["id"] for row in found["results"]}
    assert duplicate.pk not in ids and family["keep"].pk in ids
    by_id = client.get(reverse("cases:person_autocomplete"), {"q": str(duplicate.pk), "exclude": duplicate.pk})
    assert by_id.json()["results"] == []


def test_social_worker_and_other_unit_coordinator_cannot_reach_the_merge_pages(as_user, golubka_worker, family):
    from tests.cases.factories import UserFactory

    keep, duplicate = family["keep"], family["duplicate"]
    confirm = reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk])
    assert as_user(golubka_worker).post(confirm).status_code in (403, 404)
    margarita_coordinator = UserFactory(username="margarita_coord", role="coordinator", units=["margarita"])
    assert as_user(margarita_coordinator).get(confirm).status_code == 404
    assert not MergeRecord.objects.exists()


def test_kept_person_page_links_to_undo_and_the_undo_page_restores(as_user, coordinator, family):
    keep, duplicate = family["keep"], family["duplicate"]
    before = snapshot()
    record = people_merge_recorded(keep=keep, duplicate=duplicate, by=coordinator)
    client = as_user(coordinator)
    page = client.get(reverse("cases:person_detail", args=[keep.pk])).content.decode()
    undo = reverse("cases:person_unmerge", args=[record.pk])
    assert 'id="merged-records"' in page and undo in page
    shown = client.get(undo)
    assert shown.status_code == 200 and "Ivanova Maria" in shown.content.decode()
    response = client.post(undo)
    assert response.status_code == 302 and response.url == reverse("cases:person_detail", args=[duplicate.pk])
    assert snapshot() == before
    assert 'id="merged-records"' not in client.get(reverse("cases:person_detail", args=[keep.pk])).content.decode()


def test_undo_page_says_why_an_unsafe_undo_is_refused(as_user, coordinator, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    Stay.objects.all().delete()
    response = as_user(coordinator).post(reverse("cases:person_unmerge", args=[record.pk]))
    assert response.status_code == 400
    assert "a stay that moved has since been deleted" in response.content.decode()
    record.refresh_from_db()
    assert record.undone_at is None


def test_social_worker_cannot_undo_a_merge(as_user, coordinator, golubka_worker, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    assert as_user(golubka_worker).post(reverse("cases:person_unmerge", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.undone_at is None


# --- admin ----------------------------------------------------------------------------------


def test_admin_action_on_two_people_leads_to_the_confirmation(as_user, coordinator, family):
    keep, duplicate = family["keep"], family["duplicate"]
    response = as_user(coordinator).post(
        reverse("admin:cases_person_changelist"),
        {"action": "merge_two_selected", "_selected_action": [keep.pk, duplicate.pk]},
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk])
    assert not MergeRecord.objects.exists()


def test_admin_action_wants_exactly_two_people(as_user, coordinator, family):
    response = as_user(coordinator).post(
        reverse("admin:cases_person_changelist"),
        {"action": "merge_two_selected", "_selected_action": [family["keep"].pk]},
        follow=True,
    )
    assert "Select exactly two people to merge." in response.content.decode()


def test_admin_lists_merges_read_only_with_an_undo_link(as_user, coordinator, family):
    record = people_merge_recorded(keep=family["keep"], duplicate=family["duplicate"], by=coordinator)
    client = as_user(coordinator)
    page = client.get(reverse("admin:cases_mergerecord_changelist")).content.decode()
    assert reverse("cases:person_unmerge", args=[record.pk]) in page
    assert client.get(reverse("admin:cases_mergerecord_add")).status_code == 403
    assert client.post(reverse("admin:cases_mergerecord_delete", args=[record.pk])).status_code == 403


def test_confirmation_page_read_is_in_the_access_log_for_both_people(as_user, coordinator, family):
    from maksora.models import AccessRecord

    keep, duplicate = family["keep"], family["duplicate"]
    as_user(coordinator).get(reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk]))
    logged = AccessRecord.objects.filter(user=coordinator, action="view_person")
    assert logged.count() == 2
