"""Family links of every kind, added and ended from the person's page, kept with their history."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseActivity, Relationship
from cases.services import relationship_add, relationship_end
from tests.cases.factories import CaseMemberFactory, PersonFactory, RelationshipFactory


@pytest.fixture
def family(golubka_case):
    """The Golubka mother, her son and the son's father, all members of the case."""
    son = CaseMemberFactory(
        case=golubka_case, person=PersonFactory(family_name="Иванов", given_name="Пётр", sex="M"), role="child"
    ).person
    father = CaseMemberFactory(
        case=golubka_case, person=PersonFactory(family_name="Сидоров", given_name="Олег", sex="M"), role="other"
    ).person
    return golubka_case.primary_person, son, father


def add_url(person):
    return reverse("cases:relationship_add", args=[person.pk])


def end_url(person, link):
    return reverse("cases:relationship_end", args=[person.pk, link.pk])


def test_worker_adds_a_father_from_the_child_s_page(as_user, golubka_worker, golubka_case, family):
    mother, son, father = family
    client = as_user(golubka_worker)
    page = client.get(reverse("cases:person_detail", args=[son.pk])).content.decode()
    assert add_url(son) in page
    form = client.get(add_url(son)).content.decode()
    assert "Сидоров Олег" in form and "Иванова Мария" in form
    response = client.post(
        add_url(son), {"direction": "to", "kind": "father", "relative": father.pk, "started_on": "2019-03-01"}
    )
    assert response.status_code == 302 and response.url == reverse("cases:person_detail", args=[son.pk])
    link = Relationship.objects.get(kind="father")
    assert (link.from_person, link.to_person, link.started_on, link.ended_on) == (father, son, date(2019, 3, 1), None)
    assert CaseActivity.objects.filter(case=golubka_case, kind="family_link", actor=golubka_worker).count() == 1
    # Read from each page's person: the father's page names his son, the son's page his father.
    father_page = client.get(reverse("cases:person_detail", args=[father.pk])).content.decode()
    son_page = client.get(reverse("cases:person_detail", args=[son.pk])).content.decode()
    assert "his son Пётр" in father_page and "his father Олег" in son_page


@pytest.mark.parametrize("kind", ["mother", "father", "guardian", "sibling", "partner", "other_relative"])
def test_every_kind_of_link_can_be_added(golubka_worker, family, kind):
    mother, son, father = family
    link = relationship_add(from_person=father, to_person=mother, kind=kind, by=golubka_worker)
    assert link.kind == kind and link.in_force


def test_other_relative_reads_the_same_from_both_sides(golubka_worker, family):
    mother, son, father = family
    link = relationship_add(from_person=father, to_person=son, kind="other_relative", by=golubka_worker)
    assert link.label_from(father) == link.label_from(son) == "other relative of"


def test_a_link_with_oneself_is_refused(golubka_worker, family):
    mother, _son, _father = family
    with pytest.raises(ValidationError) as error:
        relationship_add(from_person=mother, to_person=mother, kind="sibling", by=golubka_worker)
    assert "cannot be her own relative" in str(error.value)


def test_the_page_offers_only_people_of_the_same_cases(as_user, golubka_worker, golubka_case, family):
    mother, son, _father = family
    stranger = CaseMemberFactory(person=PersonFactory(family_name="Кузнецова", given_name="Елена")).person
    client = as_user(golubka_worker)
    assert "Кузнецова" not in client.get(add_url(son)).content.decode()
    response = client.post(add_url(son), {"direction": "from", "kind": "sibling", "relative": stranger.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(add_url(son), {"direction": "from", "kind": "sibling", "relative": son.pk})
    assert response.status_code == 400
    assert not Relationship.objects.filter(kind="sibling").exists()


def test_a_future_start_is_refused_and_the_typed_values_stay(as_user, golubka_worker, family):
    mother, son, father = family
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = as_user(golubka_worker).post(
        add_url(son), {"direction": "to", "kind": "guardian", "relative": father.pk, "started_on": future}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "A family link cannot start in the future." in content
    assert '<option value="guardian" selected>' in content
    assert f'<option value="{father.pk}" selected>' in content
    assert f'value="{future}"' in content
    assert not Relationship.objects.filter(kind="guardian").exists()


def test_the_same_link_in_force_twice_is_refused(golubka_worker, family):
    mother, son, _father = family
    relationship_add(from_person=mother, to_person=son, kind="mother", by=golubka_worker)
    with pytest.raises(ValidationError) as error:
        relationship_add(from_person=mother, to_person=son, kind="mother", by=golubka_worker)
    assert "already recorded" in str(error.value)


def test_ending_a_link_keeps_it_as_ended_and_a_new_one_can_follow(as_user, golubka_worker, golubka_case, family):
    mother, son, father = family
    link = RelationshipFactory(from_person=father, to_person=mother, kind="partner", started_on=date(2018, 1, 1))
    client = as_user(golubka_worker)
    page = client.get(reverse("cases:person_detail", args=[mother.pk])).content.decode()
    assert end_url(mother, link) in page
    assert client.get(end_url(mother, link)).status_code == 200
    response = client.post(end_url(mother, link), {"ended_on": "2025-12-31"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_on == date(2025, 12, 31)
    summaries = CaseActivity.objects.filter(case=golubka_case, kind="family_link").values_list("summary", flat=True)
    assert any(s.startswith("Ended on ") and "partner of" in s for s in summaries)
    page = client.get(reverse("cases:person_detail", args=[mother.pk])).content.decode()
    assert "family-link text-muted ended" in page and "ended on" in page
    assert end_url(mother, link) not in page
    # The same link may be recorded again later (they got back together), history stays.
    relationship_add(from_person=father, to_person=mother, kind="partner", by=golubka_worker)
    assert Relationship.objects.filter(from_person=father, to_person=mother, kind="partner").count() == 2


def test_ending_before_the_start_or_in_the_future_is_refused(as_user, golubka_worker, family):
    mother, son, father = family
    link = RelationshipFactory(from_person=father, to_person=son, kind="father", started_on=date(2020, 5, 1))
    client = as_user(golubka_worker)
    response = client.post(end_url(son, link), {"ended_on": "2020-04-30"})
    assert response.status_code == 400
    assert "A family link cannot end before it started." in response.content.decode()
    assert 'value="2020-04-30"' in response.content.decode()
    with pytest.raises(ValidationError):
        relationship_end(relationship=link, by=golubka_worker, ended_on=timezone.localdate() + timedelta(days=1))
    link.refresh_from_db()
    assert link.ended_on is None


def test_an_ended_link_cannot_end_again(golubka_worker, family):
    mother, son, _father = family
    link = RelationshipFactory(from_person=mother, to_person=son, kind="mother", ended_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        relationship_end(relationship=link, by=golubka_worker, ended_on=date(2025, 6, 1))


def test_manager_gets_403(as_user, manager, family):
    mother, son, father = family
    link = RelationshipFactory(from_person=mother, to_person=son, kind="mother")
    client = as_user(manager)
    assert client.get(add_url(son)).status_code == 403
    assert client.post(add_url(son), {"direction": "to", "kind": "father", "relative": father.pk}).status_code == 403
    assert client.post(end_url(son, link), {"ended_on": "2025-01-01"}).status_code == 403
    assert "Add a family link" not in client.get(reverse("cases:person_detail", args=[son.pk])).content.decode()
    with pytest.raises(PermissionDenied):
        relationship_add(from_person=father, to_person=son, kind="father", by=manager)
    assert Relationship.objects.count() == 1


def test_worker_of_another_unit_gets_404(as_user, margarita_worker, family):
    mother, son, father = family
    link = RelationshipFactory(from_person=mother, to_person=son, kind="mother")
    client = as_user(margarita_worker)
    assert client.get(add_url(son)).status_code == 404
    assert client.post(end_url(son, link), {"ended_on": "2025-01-01"}).status_code == 404
    with pytest.raises(PermissionDenied):
        relationship_end(relationship=link, by=margarita_worker, ended_on=date(2025, 1, 1))


def test_a_link_to_a_person_of_another_unit_is_refused(golubka_worker, family, margarita_case):
    mother, _son, _father = family
    with pytest.raises(PermissionDenied):
        relationship_add(from_person=margarita_case.primary_person, to_person=mother, kind="sibling", by=golubka_worker)


def test_ending_a_link_of_another_person_through_this_page_is_404(as_user, golubka_worker, family):
    mother, son, father = family
    other_link = RelationshipFactory(from_person=father, to_person=mother, kind="partner")
    assert as_user(golubka_worker).get(end_url(son, other_link)).status_code == 404


def test_history_keeps_the_period(golubka_worker, family):
    from django.db import connection

    mother, son, _father = family
    link = relationship_add(from_person=mother, to_person=son, kind="mother", by=golubka_worker)
    relationship_end(relationship=link, by=golubka_worker, ended_on=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'cases_relationship'::regclass")
        if not cursor.fetchone()[0]:
            pytest.skip("history triggers not installed")
    from cases.models import RelationshipEvent

    ended = RelationshipEvent.objects.filter(pgh_obj=link).values_list("ended_on", flat=True)
    assert list(ended.order_by("pgh_id")) == [None, timezone.localdate()]
