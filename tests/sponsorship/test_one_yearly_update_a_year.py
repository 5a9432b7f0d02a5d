"""One yearly update per sponsorship and due year: the database says so, pages explain it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from sponsorship.models import YEARLY_UPDATE_TAKEN, Correspondence
from sponsorship.services import correspondence_add, correspondence_update, yearly_updates_schedule
from tests.sponsorship.factories import CorrespondenceFactory, SponsorshipFactory


def yearly_update(sponsorship, due_on, **fields):
    return CorrespondenceFactory(sponsorship=sponsorship, kind="yearly_update", due_on=due_on, **fields)


def test_the_database_refuses_a_second_yearly_update_in_the_same_year(sponsorship):
    yearly_update(sponsorship, date(2025, 3, 1))
    with pytest.raises(IntegrityError):
        yearly_update(sponsorship, date(2025, 12, 1))


def test_letters_and_other_years_are_not_limited(sponsorship):
    yearly_update(sponsorship, date(2025, 3, 1))
    yearly_update(sponsorship, date(2026, 3, 1))
    CorrespondenceFactory(sponsorship=sponsorship, kind="letter_to_child", due_on=date(2025, 5, 1))
    CorrespondenceFactory(sponsorship=sponsorship, kind="letter_to_child", due_on=date(2025, 6, 1))
    assert Correspondence.objects.count() == 4


def test_adding_a_second_yearly_update_by_hand_is_a_form_error(as_user, sponsorship_officer, sponsorship):
    yearly_update(sponsorship, date(2025, 3, 1))
    url = reverse("sponsorship:correspondence_add", args=[sponsorship.pk])
    data = {
        "kind": "yearly_update",
        "due_on": "31.10.2025",
        "language": "it",
        "text": "Cari amici",
        "translation_status": "done",
    }
    response = as_user(sponsorship_officer).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert str(YEARLY_UPDATE_TAKEN) in page
    assert "Cari amici" in page and 'value="2025-10-31"' in page
    assert Correspondence.objects.count() == 1


def test_moving_an_update_into_a_year_that_has_one_is_refused(sponsorship_officer, sponsorship):
    yearly_update(sponsorship, date(2025, 3, 1))
    later = correspondence_add(
        sponsorship=sponsorship, kind="yearly_update", language="it", due_on=date(2026, 3, 1), by=sponsorship_officer
    )
    with pytest.raises(ValidationError) as error:
        correspondence_update(correspondence=later, due_on=date(2025, 11, 30), by=sponsorship_officer)
    assert error.value.message_dict == {"due_on": [str(YEARLY_UPDATE_TAKEN)]}
    later.refresh_from_db()
    assert later.due_on == date(2026, 3, 1)


def test_the_schedule_skips_updates_another_officer_created_meanwhile(monkeypatch, sponsorship_officer, sponsorship):
    """The other officer's rows appear between planning and inserting: no duplicate, no error."""
    second = SponsorshipFactory()
    real_bulk_create = Correspondence.objects.bulk_create

    def other_officer_first(objs, **kwargs):
        yearly_update(sponsorship, date(2025, 11, 1))
        return real_bulk_create(objs, **kwargs)

    monkeypatch.setattr(Correspondence.objects, "bulk_create", other_officer_first)
    created = yearly_updates_schedule(year=2025, due_on=date(2025, 12, 1), by=sponsorship_officer)
    assert created == 1
    assert Correspondence.objects.filter(sponsorship=sponsorship).count() == 1
    assert Correspondence.objects.get(sponsorship=second).due_on == date(2025, 12, 1)
