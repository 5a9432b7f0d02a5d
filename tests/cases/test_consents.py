from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Consent


def test_worker_records_and_withdraws_a_consent(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    client = as_user(golubka_worker)
    url = reverse("cases:consent_add", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"purpose": "photos", "given_on": "2026-01-20"}).status_code == 302
    consent = Consent.objects.get()
    assert person.has_consent("photos", on=date(2026, 1, 20))
    assert not person.has_consent("photos", on=date(2026, 1, 19))
    withdraw = reverse("cases:consent_withdraw", args=[consent.pk])
    assert client.post(withdraw, {"withdrawn_on": "2026-02-01"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 2, 1)
    assert person.has_consent("photos", on=date(2026, 1, 31))
    assert not person.has_consent("photos", on=date(2026, 2, 1))
    page = client.get(reverse("cases:person_detail", args=[person.pk])).content.decode()
    assert "withdrawn on 01.02.2026" in page


def test_in_force_on_queryset_api_for_sponsorship(golubka_case):
    person = golubka_case.primary_person
    Consent.objects.create(person=person, purpose="share_with_sponsor", given_on=date(2025, 1, 1))
    assert Consent.objects.filter(person=person, purpose="share_with_sponsor").in_force_on(date(2025, 6, 1)).exists()
    assert not Consent.objects.filter(person=person, purpose="photos").in_force_on(date(2025, 6, 1)).exists()
    assert not Consent.objects.in_force_on(date(2024, 12, 31)).exists()


def test_consent_visible_to_still_scopes_by_person(golubka_worker, margarita_worker, golubka_case):
    Consent.objects.create(person=golubka_case.primary_person, purpose="photos", given_on=date(2026, 1, 1))
    assert Consent.objects.visible_to(golubka_worker).in_force_on(date(2026, 2, 1)).count() == 1
    assert Consent.objects.visible_to(margarita_worker).count() == 0


def test_bad_consent_input(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    client = as_user(golubka_worker)
    url = reverse("cases:consent_add", args=[person.pk])
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"purpose": "photos", "given_on": future})
    assert response.status_code == 400
    assert "A consent cannot be given in the future." in response.content.decode()
    client.post(url, {"purpose": "photos", "given_on": "2026-01-20"})
    response = client.post(url, {"purpose": "photos", "given_on": "2026-01-21"})
    assert "This consent is already in force." in response.content.decode()
    consent = Consent.objects.get()
    response = client.post(reverse("cases:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2026-01-01"})
    assert "A consent cannot be withdrawn before it was given." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_consents_of_other_units_are_404_manager_403(as_user, margarita_worker, manager, golubka_case):
    person = golubka_case.primary_person
    consent = Consent.objects.create(person=person, purpose="photos", given_on=date(2026, 1, 1))
    assert as_user(margarita_worker).get(reverse("cases:consent_add", args=[person.pk])).status_code == 404
    assert as_user(margarita_worker).get(reverse("cases:consent_withdraw", args=[consent.pk])).status_code == 404
    assert as_user(manager).post(reverse("cases:consent_add", args=[person.pk]), {}).status_code == 403
