from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from sponsorship.models import Sponsorship
from sponsorship.services import sponsorship_end, sponsorship_start
from tests.sponsorship.factories import SponsorFactory, SponsorshipFactory


def test_matching_a_child_starts_an_open_ended_sponsorship(sponsorship_officer, child, sponsor):
    sponsorship = sponsorship_start(child=child, sponsor=sponsor, start=date(2025, 1, 10), by=sponsorship_officer)
    assert sponsorship.period == DateRange(date(2025, 1, 10), None, "[)")
    assert Sponsorship.objects.in_force_on(date(2030, 1, 1)).get() == sponsorship


def test_reassigning_a_child_closes_the_old_sponsorship_the_day_before(sponsorship_officer, sponsorship):
    new_sponsor = SponsorFactory(name="Famiglia Colombo")
    new = sponsorship_start(
        child=sponsorship.child, sponsor=new_sponsor, start=date(2025, 6, 1), by=sponsorship_officer
    )
    sponsorship.refresh_from_db()
    assert sponsorship.last_day == date(2025, 5, 31)
    assert sponsorship.end_reason == "reassigned"
    assert Sponsorship.objects.in_force_on(date(2025, 6, 1)).get() == new


def test_overlapping_a_later_sponsorship_is_refused_naming_it(sponsorship_officer, child, sponsor):
    SponsorshipFactory(child=child, sponsor=sponsor, start=date(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        sponsorship_start(
            child=child, sponsor=SponsorFactory(), start=date(2024, 10, 1), end=None, by=sponsorship_officer
        )
    message = " ".join(error.value.messages)
    assert "Famiglia Zanetti (IT-ZAN-77), from 01.03.2025" in message
    assert Sponsorship.objects.count() == 1


def test_the_database_refuses_overlapping_periods_of_one_child(child, sponsor):
    SponsorshipFactory(child=child, sponsor=sponsor, start=date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        SponsorshipFactory(child=child, start=date(2025, 6, 1))


def test_the_same_sponsor_cannot_be_matched_twice_at_once(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError, match="already sponsors"):
        sponsorship_start(
            child=sponsorship.child, sponsor=sponsorship.sponsor, start=date(2025, 6, 1), by=sponsorship_officer
        )


def test_a_sponsorship_cannot_start_before_enrolment(sponsorship_officer, child, sponsor):
    with pytest.raises(ValidationError) as error:
        sponsorship_start(child=child, sponsor=sponsor, start=date(2024, 1, 1), by=sponsorship_officer)
    assert "start" in error.value.message_dict


def test_ending_a_sponsorship_keeps_its_last_day(sponsorship_officer, sponsorship):
    sponsorship_end(
        sponsorship=sponsorship, end=date(2025, 7, 1), end_reason="sponsor_withdrew", by=sponsorship_officer
    )
    sponsorship.refresh_from_db()
    assert sponsorship.last_day == date(2025, 6, 30)
    assert not Sponsorship.objects.in_force_on(date(2025, 7, 1)).exists()


def test_a_sponsorship_cannot_end_before_it_starts(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError):
        sponsorship_end(sponsorship=sponsorship, end=date(2024, 9, 1), end_reason="other", by=sponsorship_officer)


def test_managers_cannot_match_or_end(manager, sponsorship):
    with pytest.raises(PermissionDenied):
        sponsorship_start(child=sponsorship.child, sponsor=SponsorFactory(), start=date(2025, 6, 1), by=manager)
    with pytest.raises(PermissionDenied):
        sponsorship_end(sponsorship=sponsorship, end=date(2025, 6, 1), end_reason="other", by=manager)


def test_match_page_reassigns_with_a_last_day_typed_the_russian_way(as_user, sponsorship_officer, sponsorship):
    other = SponsorFactory(name="Famiglia Colombo")
    url = reverse("sponsorship:sponsorship_start", args=[sponsorship.child.pk])
    response = as_user(sponsorship_officer).post(url, {"sponsor": other.pk, "start": "01.06.2025", "end": "31.05.2026"})
    assert response.status_code == 302
    new = Sponsorship.objects.get(sponsor=other)
    assert new.period == DateRange(date(2025, 6, 1), date(2026, 6, 1), "[)")
    assert new.last_day == date(2026, 5, 31)


def test_match_page_shows_the_conflicting_sponsorship(as_user, sponsorship_officer, child, sponsor):
    SponsorshipFactory(child=child, sponsor=sponsor, start=date(2025, 3, 1))
    url = reverse("sponsorship:sponsorship_start", args=[child.pk])
    response = as_user(sponsorship_officer).post(url, {"sponsor": SponsorFactory().pk, "start": "2024-10-01"})
    assert response.status_code == 400
    assert "overlaps the child&#x27;s sponsorship by Famiglia Zanetti" in response.content.decode()


def test_match_page_rejects_a_bad_date_and_keeps_it(as_user, sponsorship_officer, child, sponsor):
    url = reverse("sponsorship:sponsorship_start", args=[child.pk])
    response = as_user(sponsorship_officer).post(url, {"sponsor": sponsor.pk, "start": "45.13.2025"})
    assert response.status_code == 400
    assert 'value="45.13.2025"' in response.content.decode()


def test_end_page_ends_the_sponsorship(as_user, sponsorship_officer, sponsorship):
    url = reverse("sponsorship:sponsorship_end", args=[sponsorship.pk])
    response = as_user(sponsorship_officer).post(url, {"end": "30.06.2025", "end_reason": "sponsor_withdrew"})
    assert response.status_code == 302
    sponsorship.refresh_from_db()
    assert sponsorship.last_day == date(2025, 6, 30)


def test_match_and_end_pages_are_403_for_managers_and_404_for_golubka(
    client, manager, golubka_worker, distance_worker, sponsorship
):
    match_url = reverse("sponsorship:sponsorship_start", args=[sponsorship.child.pk])
    end_url = reverse("sponsorship:sponsorship_end", args=[sponsorship.pk])
    client.force_login(manager)
    assert client.get(match_url).status_code == 403
    assert client.post(end_url, {"end": "30.06.2025", "end_reason": "other"}).status_code == 403
    client.force_login(golubka_worker)
    assert client.get(match_url).status_code == 404
    assert client.get(end_url).status_code == 404
    client.force_login(distance_worker)
    assert client.get(match_url).status_code == 403
    assert client.get(end_url).status_code == 404
