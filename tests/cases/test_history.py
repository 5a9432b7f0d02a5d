"""Who belonged to which unit and who was part of which case is kept in the history tables."""

import pghistory
from django.urls import reverse

from cases.models import CaseMember, CaseMemberEvent, Person
from maksora.models import Unit, UnitMembershipEvent


def test_adding_and_removing_a_worker_of_a_unit_is_recorded_with_who_did_it(site_admin, outsider):
    margarita = Unit.objects.get(code="margarita")
    with pghistory.context(user=site_admin.pk, url="/admin/auth/user/"):
        margarita.members.add(outsider)
        margarita.members.remove(outsider)

    events = UnitMembershipEvent.objects.filter(user=outsider, unit=margarita).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["unit_member.add", "unit_member.remove"]
    assert events.first().pgh_context.metadata["user"] == site_admin.pk


def test_adding_a_family_member_on_the_site_is_recorded_with_the_worker(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(
        reverse("cases:member_add", args=[golubka_case.pk]),
        {"family_name": "Иванова", "given_name": "Ева", "sex": "F", "birth_date_precision": "day", "citizenship": "RU"},
    )
    assert response.status_code == 302

    baby = Person.objects.get(given_name="Ева")
    event = CaseMemberEvent.objects.get(case=golubka_case, person=baby)
    assert (event.pgh_label, event.role) == ("insert", "child")
    # The history middleware ties the event to the logged-in worker and the page.
    assert event.pgh_context.metadata["user"] == golubka_worker.pk
    assert event.pgh_context.metadata["url"] == reverse("cases:member_add", args=[golubka_case.pk])


def test_removing_a_member_from_a_case_keeps_what_the_membership_was(golubka_case):
    membership = CaseMember.objects.get(case=golubka_case, person=golubka_case.primary_person)
    membership.delete()

    removed = CaseMemberEvent.objects.get(case=golubka_case, pgh_label="delete")
    assert (removed.person_id, removed.role) == (golubka_case.primary_person.pk, "primary")
