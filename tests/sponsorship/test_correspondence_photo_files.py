"""A correspondence photo is in private storage exactly as long as a saved row names it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sponsorship.models import Correspondence
from sponsorship.services import correspondence_add, correspondence_update
from tests.sponsorship.factories import CorrespondenceFactory
from tests.sponsorship.test_correspondence import photo_upload


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Private files go to the default storage, whose root is PRIVATE_MEDIA_ROOT.
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def add_yearly_update(officer, sponsorship, **fields):
    fields = {"language": "it", "due_on": date(2025, 10, 31), **fields}
    return correspondence_add(sponsorship=sponsorship, kind="yearly_update", photo=photo_upload(), by=officer, **fields)


def test_an_add_refused_by_the_one_update_a_year_rule_leaves_no_photo(sponsorship_officer, sponsorship, private_media):
    CorrespondenceFactory(sponsorship=sponsorship, kind="yearly_update", due_on=date(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        add_yearly_update(sponsorship_officer, sponsorship)
    assert "due_on" in error.value.message_dict
    assert stored_files(private_media) == []
    assert Correspondence.objects.count() == 1


def test_an_add_refused_by_validation_leaves_no_photo(sponsorship_officer, sponsorship, private_media):
    with pytest.raises(ValidationError) as error:
        add_yearly_update(sponsorship_officer, sponsorship, translation_status="unknown")
    assert "translation_status" in error.value.message_dict
    assert stored_files(private_media) == []
    assert not Correspondence.objects.exists()


def test_the_add_page_refusing_a_second_update_leaves_no_photo(
    as_user, sponsorship_officer, sponsorship, private_media
):
    CorrespondenceFactory(sponsorship=sponsorship, kind="yearly_update", due_on=date(2025, 3, 1))
    url = reverse("sponsorship:correspondence_add", args=[sponsorship.pk])
    data = {"kind": "yearly_update", "due_on": "31.10.2025", "language": "it", "text": "Cari amici",
            "translation_status": "done", "photo": photo_upload()}  # fmt: skip
    assert as_user(sponsorship_officer).post(url, data).status_code == 400
    assert stored_files(private_media) == []


def test_a_refused_update_keeps_the_old_photo_and_stores_no_new_one(sponsorship_officer, sponsorship, private_media):
    CorrespondenceFactory(sponsorship=sponsorship, kind="yearly_update", due_on=date(2025, 3, 1))
    later = add_yearly_update(sponsorship_officer, sponsorship, due_on=date(2026, 3, 1))
    before = stored_files(private_media)
    with pytest.raises(ValidationError):
        correspondence_update(
            correspondence=later, due_on=date(2025, 11, 30), photo=photo_upload(), by=sponsorship_officer
        )
    later.refresh_from_db()
    assert stored_files(private_media) == before == [private_media / later.photo.name]


def test_a_replaced_photo_is_deleted_once_the_change_is_committed(
    sponsorship_officer, sponsorship, private_media, django_capture_on_commit_callbacks
):
    item = add_yearly_update(sponsorship_officer, sponsorship)
    old = private_media / item.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        correspondence_update(correspondence=item, photo=photo_upload(), by=sponsorship_officer)
    item.refresh_from_db()
    assert stored_files(private_media) == [private_media / item.photo.name]
    assert not old.exists()


def test_a_removed_photo_is_deleted_once_the_change_is_committed(
    sponsorship_officer, sponsorship, private_media, django_capture_on_commit_callbacks
):
    item = add_yearly_update(sponsorship_officer, sponsorship)
    with django_capture_on_commit_callbacks(execute=True):
        correspondence_update(correspondence=item, remove_photo=True, by=sponsorship_officer)
    item.refresh_from_db()
    assert not item.photo
    assert stored_files(private_media) == []
