"""A consent is a document: purpose, recipient, text version, signer, validity (cases.consents)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cases.models import Consent, ConsentText
from cases.services import consent_give, consent_withdraw
from tests.cases.factories import CaseMemberFactory, PersonFactory, RelationshipFactory


@pytest.fixture
def family(golubka_case):
    """Мария (the case's mother) and her daughter Алина, 10, linked to her as her child."""
    mother = golubka_case.primary_person
    child = PersonFactory(family_name="Иванова", given_name="Алина", birth_date=date(2016, 3, 1))
    CaseMemberFactory(case=golubka_case, person=child, role="child")
    RelationshipFactory(from_person=mother, to_person=child, kind="mother")
    return mother, child


def test_the_default_texts_are_there_in_russian_and_the_transfer_one_in_italian(db):
    assert ConsentText.objects.filter(language="ru").count() == 4
    italian = ConsentText.objects.get(language="it")
    assert italian.purpose == "share_with_sponsor" and "Italia" in italian.body


def test_a_consent_records_the_russian_text_in_force_on_the_day(golubka_worker, golubka_case):
    consent = consent_give(
        person=golubka_case.primary_person, purpose="data_processing", given_on=date(2026, 1, 20), by=golubka_worker
    )
    assert consent.text.language == "ru" and consent.text.version_label == "2025-09"
    newer = ConsentText.objects.create(
        purpose="photos", language="ru", version_label="2026-02", body="…", in_force_from=date(2026, 2, 1)
    )
    photos = consent_give(person=golubka_case.primary_person, purpose="photos", given_on=date(2026, 2, 3), by=None)
    assert photos.text == newer


def test_a_child_signing_for_herself_is_refused(golubka_worker, family):
    _mother, child = family
    with pytest.raises(ValidationError) as error:
        consent_give(person=child, purpose="data_processing", given_on=date(2026, 1, 20), by=golubka_worker)
    assert "is a minor: her consent is signed by her legal representative" in error.value.message_dict["signed_by"][0]
    assert not Consent.objects.exists()


def test_her_mother_signs_for_the_child(golubka_worker, family):
    mother, child = family
    consent = consent_give(
        person=child, purpose="data_processing", given_on=date(2026, 1, 20), signed_by=mother, by=golubka_worker
    )
    assert consent.signed_by == mother and child.has_consent("data_processing", on=date(2026, 1, 20))


def test_a_representative_not_linked_to_the_child_is_refused(golubka_worker, family):
    _mother, child = family
    stranger = PersonFactory(family_name="Сидорова", given_name="Ольга")
    with pytest.raises(ValidationError) as error:
        consent_give(
            person=child, purpose="data_processing", given_on=date(2026, 1, 20), signed_by=stranger, by=golubka_worker
        )
    assert "is not registered as the legal representative" in error.value.message_dict["signed_by"][0]


def test_an_adult_is_not_signed_for_by_her_mother(golubka_worker, golubka_case):
    adult = golubka_case.primary_person
    grandmother = PersonFactory(birth_date=date(1970, 1, 1))
    RelationshipFactory(from_person=grandmother, to_person=adult, kind="mother")
    with pytest.raises(ValidationError, match="legal representative"):
        consent_give(person=adult, purpose="photos", given_on=date(2026, 1, 20), signed_by=grandmother, by=None)


def test_a_transfer_names_its_recipient(golubka_worker, family):
    mother, child = family
    sponsor = consent_give(
        person=child, purpose="share_with_sponsor", given_on=date(2026, 1, 20), signed_by=mother, by=golubka_worker
    )
    assert sponsor.recipient == "AVSI and the sponsor in Italy"
    with pytest.raises(ValidationError) as error:
        consent_give(person=child, purpose="share_with_agency", given_on=date(2026, 1, 20), signed_by=mother, by=None)
    assert "recipient" in error.value.message_dict
    school = consent_give(
        person=child,
        purpose="share_with_agency",
        recipient="Школа № 12",
        given_on=date(2026, 1, 20),
        signed_by=mother,
        by=None,
    )
    assert school.recipient == "Школа № 12"
    assert consent_give(person=mother, purpose="photos", recipient="ignored", given_on=date(2026, 1, 20), by=None)
    assert Consent.objects.get(person=mother).recipient == ""


def test_valid_until_cannot_be_before_given_on_in_the_service_and_the_database(golubka_case):
    person = golubka_case.primary_person
    with pytest.raises(ValidationError, match="cannot end before the day it was given"):
        consent_give(person=person, purpose="photos", given_on=date(2026, 1, 20), valid_until=date(2026, 1, 1), by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            person=person, purpose="photos", given_on=date(2026, 1, 20), valid_until=date(2026, 1, 1)
        )


def test_a_consent_is_not_in_force_after_its_validity(golubka_case):
    person = golubka_case.primary_person
    consent_give(person=person, purpose="photos", given_on=date(2025, 1, 10), valid_until=date(2025, 12, 31), by=None)
    assert person.has_consent("photos", on=date(2025, 12, 31))
    assert not person.has_consent("photos", on=date(2026, 1, 1))


def test_an_expired_consent_is_renewed_and_kept_for_the_record(golubka_case):
    person = golubka_case.primary_person
    old = consent_give(
        person=person, purpose="photos", given_on=date(2025, 1, 10), valid_until=date(2025, 12, 31), by=None
    )
    new = consent_give(person=person, purpose="photos", given_on=date(2026, 1, 12), by=None)
    old.refresh_from_db()
    assert old.replaced_on == date(2026, 1, 12) and old.withdrawn_on is None
    assert list(Consent.objects.filter(person=person).current()) == [new]
    with pytest.raises(ValidationError, match="renewed"):
        consent_withdraw(consent=old, on=date(2026, 1, 13), by=None)


def test_record_page_takes_signer_validity_and_the_signed_scan(as_user, golubka_worker, family, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mother, child = family
    client = as_user(golubka_worker)
    url = reverse("cases:consent_add", args=[child.pk])
    page = client.get(url).content.decode()
    assert mother.full_name in page
    refused = client.post(url, {"purpose": "data_processing", "given_on": "20.01.2026"})
    assert refused.status_code == 400 and "is a minor" in refused.content.decode()
    scan = _pdf_upload()
    response = client.post(
        url,
        {
            "purpose": "data_processing",
            "signed_by": mother.pk,
            "given_on": "20.01.2026",
            "valid_until": "31.12.2026",
            "scan": scan,
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=child)
    assert consent.signed_by == mother and consent.valid_until == date(2026, 12, 31)
    assert consent.evidence.kind == "consent" and consent.evidence.person == child
    page = client.get(reverse("cases:person_detail", args=[child.pk])).content.decode()
    assert f"signed by {mother.full_name}" in page and "valid until 31.12.2026" in page


def test_record_page_is_404_for_another_units_worker(as_user, margarita_worker, family):
    _mother, child = family
    assert as_user(margarita_worker).get(reverse("cases:consent_add", args=[child.pk])).status_code == 404


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")


def test_administrators_edit_texts_but_a_signed_text_keeps_its_words(client, site_admin, golubka_case):
    client.force_login(site_admin)
    text = ConsentText.objects.get(purpose="photos", language="ru")
    url = reverse("admin:cases_consenttext_change", args=[text.pk])
    assert client.get(reverse("admin:cases_consenttext_changelist")).status_code == 200

    def signed_version():
        return re.search(r'name="version" value="([^"]+)"', client.get(url).content.decode()).group(1)

    data = {
        "purpose": "photos",
        "language": "ru",
        "version_label": "2025-09",
        "in_force_from": "2025-09-01",
        "body": text.body + " Дополнение.",
        "version": signed_version(),
    }
    assert client.post(url, data).status_code == 302
    text.refresh_from_db()
    assert text.body.endswith("Дополнение.")
    consent_give(person=golubka_case.primary_person, purpose="photos", given_on=date(2026, 1, 20), by=None)
    data.update(body="Другой текст", version=signed_version())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "add a new version instead" in response.content.decode()
    text.refresh_from_db()
    assert text.body.endswith("Дополнение.")


def test_consent_admin_is_read_only_and_points_to_the_site(client, coordinator, golubka_case):
    client.force_login(coordinator)
    consent = consent_give(person=golubka_case.primary_person, purpose="photos", given_on=date(2026, 1, 20), by=None)
    page = client.get(reverse("admin:cases_consent_change", args=[consent.pk])).content.decode()
    assert reverse("cases:person_detail", args=[golubka_case.primary_person.pk]) in page
    assert client.get(reverse("admin:cases_consent_add")).status_code == 403
