import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import Consent
from sponsorship.models import Correspondence
from sponsorship.services import correspondence_add, correspondence_mark_sent, correspondence_update
from tests.cases.test_attachments import jpeg_with_gps
from tests.sponsorship.factories import CorrespondenceFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo_upload(name="foto.jpg", content=None):
    return SimpleUploadedFile(name, content or jpeg_with_gps(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def transfer_consent(sponsorship):
    """The child's consent to the transfer to AVSI and the sponsor: what leaves for Italy needs it."""
    return Consent.objects.create(
        person=sponsorship.child.person, purpose="share_with_sponsor", recipient="AVSI", given_on=date(2024, 9, 1)
    )


@pytest.fixture
def update_with_photo(sponsorship_officer, sponsorship):
    return correspondence_add(
        sponsorship=sponsorship,
        kind="yearly_update",
        language="it",
        due_on=date(2025, 10, 31),
        text="Cari amici, Alina sta bene.",
        photo=photo_upload(),
        by=sponsorship_officer,
    )


def test_a_photo_is_stored_privately_without_its_exif(update_with_photo, private_media):
    stored = Image.open(update_with_photo.photo.path)
    assert not stored.getexif().get_ifd(0x8825)
    assert 0x010F not in stored.getexif()
    assert "foto" not in update_with_photo.photo.name
    assert str(private_media) in update_with_photo.photo.path


def test_a_file_that_is_not_an_image_is_refused_on_the_photo_field(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError) as error:
        correspondence_add(
            sponsorship=sponsorship, kind="letter_to_child", language="it", by=sponsorship_officer,
            photo=SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo"),
        )  # fmt: skip
    assert "photo" in error.value.message_dict


def test_a_yearly_update_needs_a_due_date(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError) as error:
        correspondence_add(sponsorship=sponsorship, kind="yearly_update", language="it", by=sponsorship_officer)
    assert "due_on" in error.value.message_dict


def test_an_update_with_a_photo_is_not_sent_without_photo_consent(sponsorship_officer, update_with_photo):
    with pytest.raises(ValidationError, match="no consent to photos in force on 01.11.2025"):
        correspondence_mark_sent(correspondence=update_with_photo, sent_on=date(2025, 11, 1), by=sponsorship_officer)
    update_with_photo.refresh_from_db()
    assert update_with_photo.sent_on is None


def test_a_withdrawn_consent_blocks_sending_too(sponsorship_officer, update_with_photo):
    Consent.objects.create(
        person=update_with_photo.sponsorship.child.person,
        purpose="photos",
        given_on=date(2024, 9, 1),
        withdrawn_on=date(2025, 10, 1),
    )
    with pytest.raises(ValidationError):
        correspondence_mark_sent(correspondence=update_with_photo, sent_on=date(2025, 11, 1), by=sponsorship_officer)


def test_with_photo_consent_in_force_the_update_is_sent(sponsorship_officer, update_with_photo):
    Consent.objects.create(
        person=update_with_photo.sponsorship.child.person, purpose="photos", given_on=date(2025, 9, 1)
    )
    correspondence_mark_sent(correspondence=update_with_photo, sent_on=date(2025, 11, 1), by=sponsorship_officer)
    update_with_photo.refresh_from_db()
    assert update_with_photo.sent_on == date(2025, 11, 1)
    with pytest.raises(ValidationError, match="already marked as sent"):
        correspondence_mark_sent(correspondence=update_with_photo, sent_on=date(2025, 11, 2), by=sponsorship_officer)


def test_an_update_without_a_photo_needs_no_consent(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship)
    correspondence_mark_sent(correspondence=item, sent_on=date(2025, 11, 1), by=sponsorship_officer)
    item.refresh_from_db()
    assert item.sent_on == date(2025, 11, 1)


def test_an_empty_update_cannot_be_sent(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship, text="")
    with pytest.raises(ValidationError, match="Add the text or the photo"):
        correspondence_mark_sent(correspondence=item, sent_on=date(2025, 11, 1), by=sponsorship_officer)


def test_removing_the_photo_lets_the_update_go_without_consent(sponsorship_officer, update_with_photo):
    correspondence_update(correspondence=update_with_photo, remove_photo=True, by=sponsorship_officer)
    correspondence_mark_sent(correspondence=update_with_photo, sent_on=date(2025, 11, 1), by=sponsorship_officer)
    update_with_photo.refresh_from_db()
    assert not update_with_photo.photo and update_with_photo.sent_on


def test_a_sent_item_can_no_longer_be_changed(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship, sent_on=date(2025, 11, 1))
    with pytest.raises(ValidationError, match="already been sent"):
        correspondence_update(correspondence=item, text="changed", by=sponsorship_officer)


def test_add_page_stores_an_update_with_its_photo(as_user, sponsorship_officer, sponsorship):
    url = reverse("sponsorship:correspondence_add", args=[sponsorship.pk])
    data = {
        "kind": "yearly_update",
        "due_on": "31.10.2025",
        "language": "it",
        "text": "Ciao!",
        "translation_status": "done",
        "photo": photo_upload(),
    }
    response = as_user(sponsorship_officer).post(url, data)
    item = Correspondence.objects.get()
    assert response["Location"] == reverse("sponsorship:correspondence_detail", args=[item.pk])
    assert item.photo


def test_add_page_turns_a_bad_file_into_a_form_error(as_user, sponsorship_officer, sponsorship):
    url = reverse("sponsorship:correspondence_add", args=[sponsorship.pk])
    data = {"kind": "yearly_update", "due_on": "31.10.2025", "language": "it", "text": "Ciao!",
            "translation_status": "done", "photo": photo_upload("foto.jpg", b"GIF89a not really")}  # fmt: skip
    response = as_user(sponsorship_officer).post(url, data)
    assert response.status_code == 400
    assert "not a valid PDF, JPEG or PNG" in response.content.decode() and "Ciao!" in response.content.decode()
    assert not Correspondence.objects.exists()


def test_mark_sent_page_shows_the_missing_consent(as_user, sponsorship_officer, update_with_photo):
    url = reverse("sponsorship:correspondence_mark_sent", args=[update_with_photo.pk])
    response = as_user(sponsorship_officer).post(url, {"sent_on": "01.11.2025"})
    assert response.status_code == 400
    assert "has no consent to photos" in response.content.decode()


def test_mark_sent_page_refuses_a_bad_date(as_user, sponsorship_officer, update_with_photo):
    url = reverse("sponsorship:correspondence_mark_sent", args=[update_with_photo.pk])
    assert as_user(sponsorship_officer).post(url, {"sent_on": "yesterday"}).status_code == 400


def test_edit_page_changes_the_text(as_user, sponsorship_officer, update_with_photo):
    url = reverse("sponsorship:correspondence_edit", args=[update_with_photo.pk])
    data = {"due_on": "2025-10-31", "language": "ru", "text": "Привет!", "translation_status": "pending"}
    assert as_user(sponsorship_officer).post(url, data).status_code == 302
    update_with_photo.refresh_from_db()
    assert update_with_photo.text == "Привет!" and update_with_photo.photo


def test_the_photo_is_served_to_sponsorship_staff_only(client, sponsorship_officer, manager, update_with_photo):
    url = reverse("sponsorship:correspondence_photo", args=[update_with_photo.pk])
    for user in (sponsorship_officer, manager):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.size == (40, 30)


@pytest.mark.parametrize("actor", ["distance_worker", "golubka_worker"])
def test_correspondence_pages_are_404_for_staff_who_do_not_see_sponsors(client, request, actor, update_with_photo):
    client.force_login(request.getfixturevalue(actor))
    for name in ("correspondence_detail", "correspondence_photo", "correspondence_edit", "correspondence_mark_sent"):
        assert client.get(reverse(f"sponsorship:{name}", args=[update_with_photo.pk])).status_code == 404


def test_managers_read_but_get_403_on_changes(client, manager, update_with_photo):
    client.force_login(manager)
    detail = client.get(reverse("sponsorship:correspondence_detail", args=[update_with_photo.pk]))
    assert detail.status_code == 200 and "Mark as sent" not in detail.content.decode()
    url = reverse("sponsorship:correspondence_mark_sent", args=[update_with_photo.pk])
    assert client.post(url, {"sent_on": "01.11.2025"}).status_code == 403
