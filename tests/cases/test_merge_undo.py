from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange

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
    Consent.objects.create(
        person=duplicate, purpose="data_processing", given_on=date(2024, 1, 1), withdrawn_on=date(2024, 6, 1)
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
