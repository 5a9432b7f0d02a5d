from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.models import Attachment, CaseMember, Consent, Person, Relationship
from cases.services import people_merge
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, RelationshipFactory, unit


@pytest.fixture
def pair(golubka_worker):
    """The same mother registered twice in Golubka (Cyrillic and Latin), each with a link."""
    keep_case = CaseFactory(
        unit=unit("golubka"), primary_person=PersonFactory(family_name="Иванова", given_name="Мария")
    )
    dup_case = CaseFactory(unit=unit("local"), primary_person=PersonFactory(family_name="Ivanova", given_name="Maria"))
    keep, duplicate = keep_case.primary_person, dup_case.primary_person
    child = PersonFactory(family_name="Иванов", given_name="Петя", birth_date=date(2020, 1, 1))
    CaseMemberFactory(case=dup_case, person=child)
    RelationshipFactory(from_person=duplicate, to_person=child, kind="mother")
    Consent.objects.create(person=duplicate, purpose="photos", given_on=date(2025, 1, 1))
    Consent.objects.create(person=keep, purpose="photos", given_on=date(2025, 3, 1))
    Attachment.objects.create(
        person=duplicate, file="x", original_name="a.pdf", content_type="application/pdf", size=1, kind="other",
        uploaded_by=golubka_worker,
    )  # fmt: skip
    return keep, duplicate, keep_case, dup_case, child


def test_coordinator_merges_duplicate_moving_every_link(as_user, coordinator, pair):
    keep, duplicate, keep_case, dup_case, child = pair
    client = as_user(coordinator)
    url = reverse("cases:person_merge", args=[duplicate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"keep": keep.pk})
    confirm = reverse("cases:person_merge_confirm", args=[duplicate.pk, keep.pk])
    assert response.status_code == 302 and response.url == confirm
    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    dup_case.refresh_from_db()
    assert duplicate.merged_into == keep
    assert dup_case.primary_person == keep
    assert CaseMember.objects.filter(person=duplicate).count() == 0
    assert CaseMember.objects.filter(case=dup_case, person=keep).exists()
    assert Relationship.objects.filter(from_person=keep, to_person=child).exists()
    assert Consent.objects.filter(person=keep).count() == 2
    assert Consent.objects.filter(person=keep, withdrawn_on__isnull=True).count() == 1
    assert Attachment.objects.filter(person=keep).count() == 1
    assert dup_case.activities.filter(kind="merged").exists()
    assert duplicate not in Person.objects.visible_to(coordinator)


def test_merge_moves_stays_and_sponsored_child(coordinator, pair):
    from shelters.models import House, Stay
    from sponsorship.models import SponsoredChild

    keep, duplicate, keep_case, dup_case, child = pair
    other = PersonFactory(family_name="Иванов", given_name="Петр", birth_date=date(2020, 1, 1))
    CaseMemberFactory(case=keep_case, person=other)
    from django.db.backends.postgresql.psycopg_any import DateRange

    house = House.objects.get(unit__code="golubka")
    Stay.objects.create(person=child, case=dup_case, house=house, period=DateRange(date(2025, 1, 1), None))
    sponsored = SponsoredChild.objects.create(person=child, avsi_code="RU-1", enrolled_on=date(2025, 1, 1))
    people_merge(keep=other, duplicate=child, by=coordinator)
    assert Stay.objects.get().person == other
    sponsored.refresh_from_db()
    assert sponsored.person == other


def test_social_worker_cannot_merge(as_user, golubka_worker, pair):
    keep, duplicate, *_ = pair
    assert (
        as_user(golubka_worker).post(reverse("cases:person_merge", args=[keep.pk]), {"keep": keep.pk}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        people_merge(keep=keep, duplicate=duplicate, by=golubka_worker)


def test_coordinator_cannot_merge_people_of_units_she_does_not_coordinate(as_user, coordinator, margarita_case):
    mine = CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Петрова", given_name="Анна"))
    with pytest.raises(PermissionDenied):
        people_merge(keep=mine.primary_person, duplicate=margarita_case.primary_person, by=coordinator)
    response = as_user(coordinator).post(
        reverse("cases:person_merge", args=[mine.primary_person.pk]), {"keep": margarita_case.primary_person.pk}
    )
    assert response.status_code == 400
    assert "Choose a person from the list." in response.content.decode()


def test_bad_merge_input(as_user, coordinator, pair):
    keep, duplicate, *_ = pair
    client = as_user(coordinator)
    url = reverse("cases:person_merge", args=[duplicate.pk])
    assert "A person cannot be merged into herself." in client.post(url, {"keep": duplicate.pk}).content.decode()
    assert "Choose a person from the list." in client.post(url, {"keep": 999999}).content.decode()
    assert "This field is required." in client.post(url, {"keep": ""}).content.decode()
    assert client.get(reverse("cases:person_merge", args=[999999])).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
