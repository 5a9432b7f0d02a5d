"""Documents for sponsors: the yearly update letter (photo only with both consents) and the yearly statement."""

import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Consent
from maksora.models import AccessRecord
from sponsorship.services import correspondence_add
from tests.cases.test_attachments import jpeg_with_gps
from tests.pdf_text import overlapping_words, pdf_page_count, pdf_text
from tests.sponsorship.factories import ContributionFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def update(sponsorship_officer, sponsorship):
    return correspondence_add(
        sponsorship=sponsorship,
        kind="yearly_update",
        language="it",
        due_on=date(2025, 10, 31),
        text="Cari amici, quest'anno Полина ha imparato a nuotare.",
        photo=SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        by=sponsorship_officer,
    )


def pdf_image_count(content: bytes) -> int:
    listing = subprocess.run(["pdfimages", "-list", "-"], input=content, capture_output=True, check=False)
    if listing.returncode:  # older poppler reads no stdin: go through a file
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(content)
            handle.flush()
            listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True)
    return len(listing.stdout.decode().strip().splitlines()) - 2


def _consents(person, officer, *purposes):
    # Recorded as given by her mother on paper (the signer rule is tested in tests/cases).
    for purpose in purposes:
        Consent.objects.create(person=person, purpose=purpose, given_on=date(2024, 9, 1), recorded_by=officer)


def _letter(client, update, *, as_pdf=False):
    name = "sponsorship:yearly_update_letter_pdf" if as_pdf else "sponsorship:yearly_update_letter"
    return client.get(reverse(name, args=[update.pk]))


def test_letter_with_both_consents_carries_the_photo_in_italian(client, sponsorship_officer, update):
    _consents(update.sponsorship.child.person, sponsorship_officer, "photos", "share_with_sponsor")
    client.force_login(sponsorship_officer)
    page = _letter(client, update).content.decode()
    assert '<img class="photo"' in page and "data:image/jpeg;base64," in page
    response = _letter(client, update, as_pdf=True)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Aggiornamento annuale 2025" in text and "Cari amici" in text and "Полина" in text
    assert pdf_image_count(response.content) == 1
    assert pdf_page_count(response.content) == 1
    assert overlapping_words(response.content) == []


@pytest.mark.parametrize("given", [(), ("photos",), ("share_with_sponsor",)])
def test_without_both_consents_the_photo_stays_out(client, sponsorship_officer, update, given):
    _consents(update.sponsorship.child.person, sponsorship_officer, *given)
    client.force_login(sponsorship_officer)
    page = _letter(client, update).content.decode()
    assert "<img" not in page and 'id="photo-withheld"' in page
    assert pdf_image_count(_letter(client, update, as_pdf=True).content) == 0


def test_a_withdrawn_transfer_consent_keeps_the_photo_out(client, sponsorship_officer, update):
    person = update.sponsorship.child.person
    _consents(person, sponsorship_officer, "photos", "share_with_sponsor")
    person.consents.filter(purpose="share_with_sponsor").update(withdrawn_on=date(2025, 1, 1))
    client.force_login(sponsorship_officer)
    assert "<img" not in _letter(client, update).content.decode()


def test_reading_the_letter_is_access_logged_as_a_read_of_the_child(client, manager, update):
    client.force_login(manager)
    assert _letter(client, update, as_pdf=True).status_code == 200
    record = AccessRecord.objects.get(user=manager)
    assert record.person_id == update.sponsorship.child.person_id and record.export_kind == "yearly_update_pdf"


@pytest.mark.parametrize("actor", ["distance_worker", "golubka_worker"])
def test_staff_who_do_not_see_sponsors_get_404(client, request, update, actor):
    client.force_login(request.getfixturevalue(actor))
    assert _letter(client, update).status_code == 404
    assert _letter(client, update, as_pdf=True).status_code == 404


def test_statement_pdf_is_in_the_sponsors_language(client, sponsorship_officer, sponsorship):
    ContributionFactory(sponsorship=sponsorship, received_on=date(2025, 3, 14), reference="AVSI-2025-77")
    client.force_login(sponsorship_officer)
    url = reverse("sponsorship:sponsor_statement_pdf", args=[sponsorship.sponsor.pk])
    response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Rendiconto annuale 2025" in text and "Totale" in text
    assert "AVSI-2025-77" in text, text
    assert "312,00" in text
    assert overlapping_words(response.content) == []
    record = AccessRecord.objects.get(user=sponsorship_officer)
    assert record.action == "export_statement" and record.export_kind == "pdf"


def test_statement_print_view_and_a_bad_year(client, sponsorship_officer, sponsorship):
    client.force_login(sponsorship_officer)
    url = reverse("sponsorship:sponsor_statement_print", args=[sponsorship.sponsor.pk])
    page = client.get(url, {"year": 2025})
    assert page.status_code == 200 and 'id="download-pdf"' in page.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 400


@pytest.mark.parametrize("actor", ["distance_worker", "golubka_worker"])
def test_statement_is_closed_to_staff_who_do_not_see_sponsors(client, request, sponsorship, actor):
    client.force_login(request.getfixturevalue(actor))
    url = reverse("sponsorship:sponsor_statement_pdf", args=[sponsorship.sponsor.pk])
    assert client.get(url, {"year": 2025}).status_code == 404
