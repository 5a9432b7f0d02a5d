from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sponsorship.models import Correspondence
from sponsorship.services import yearly_updates_schedule
from tests.sponsorship.factories import CorrespondenceFactory, SponsorFactory, SponsorshipFactory


def test_each_sponsorship_in_force_gets_one_yearly_update_in_its_sponsors_language(sponsorship_officer, sponsorship):
    russian = SponsorshipFactory(sponsor=SponsorFactory(language="ru"))
    SponsorshipFactory(start=date(2024, 9, 1), end=date(2025, 6, 1))  # ended before the due date
    created = yearly_updates_schedule(year=2025, due_on=date(2025, 12, 1), by=sponsorship_officer)
    assert created == 2
    updates = Correspondence.objects.filter(kind="yearly_update", due_on=date(2025, 12, 1))
    assert {(u.sponsorship_id, u.language) for u in updates} == {(sponsorship.pk, "it"), (russian.pk, "ru")}


def test_scheduling_twice_creates_nothing_new(sponsorship_officer, sponsorship):
    CorrespondenceFactory(sponsorship=sponsorship, due_on=date(2025, 10, 31))
    assert yearly_updates_schedule(year=2025, due_on=date(2025, 12, 1), by=sponsorship_officer) == 0
    assert yearly_updates_schedule(year=2026, due_on=date(2026, 12, 1), by=sponsorship_officer) == 1
    assert yearly_updates_schedule(year=2026, due_on=date(2026, 12, 1), by=sponsorship_officer) == 0


def test_managers_cannot_schedule(manager):
    with pytest.raises(PermissionDenied):
        yearly_updates_schedule(year=2025, due_on=date(2025, 12, 1), by=manager)


def test_schedule_page_schedules_and_refuses_a_due_date_outside_the_year(as_user, sponsorship_officer, sponsorship):
    client = as_user(sponsorship_officer)
    url = reverse("sponsorship:yearly_schedule")
    response = client.post(url, {"year": 2025, "due_on": "01.12.2026"})
    assert response.status_code == 400 and "must fall in the chosen year" in response.content.decode()
    response = client.post(url, {"year": 2025, "due_on": "01.12.2025"})
    assert response.status_code == 302
    assert Correspondence.objects.filter(sponsorship=sponsorship, due_on=date(2025, 12, 1)).exists()


def test_schedule_page_is_403_for_managers(client, manager):
    client.force_login(manager)
    assert (
        client.post(reverse("sponsorship:yearly_schedule"), {"year": 2025, "due_on": "01.12.2025"}).status_code == 403
    )


def test_tracker_separates_due_overdue_and_sent_and_filters_by_year(as_user, manager, sponsorship):
    CorrespondenceFactory(sponsorship=sponsorship, due_on=date(2020, 10, 31), text="overdue-one")
    CorrespondenceFactory(sponsorship=sponsorship, due_on=date(2099, 10, 31), text="future-one")
    CorrespondenceFactory(sponsorship=sponsorship, due_on=date(2021, 10, 31), sent_on=date(2021, 10, 1))
    client = as_user(manager)
    url = reverse("sponsorship:tracker")

    def ids(**params):
        return {item.pk for item in client.get(url, params).context["page_obj"]}

    pending = Correspondence.objects.filter(sent_on__isnull=True)
    assert ids(state="due") == set(pending.filter(due_on__year=2099).values_list("pk", flat=True))
    assert ids(state="overdue") == set(pending.filter(due_on__year=2020).values_list("pk", flat=True))
    assert ids(state="sent") == set(Correspondence.objects.filter(sent_on__isnull=False).values_list("pk", flat=True))
    assert ids(state="overdue", year="2099") == set()
    assert ids(state="sent", year="2021") == ids(state="sent")
    assert client.get(url, {"state": "nonsense", "year": "abc", "kind": "x"}).status_code == 200


@pytest.mark.parametrize("actor", ["distance_worker", "golubka_worker", "outsider"])
def test_tracker_is_closed_to_staff_who_do_not_see_sponsors(db, client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("sponsorship:tracker")).status_code == 403
