import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import Attachment


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (55.0, 1.0, 2.0), "E", (82.0, 55.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload(client, url, name, content, **extra):
    return client.post(url, {"file": SimpleUploadedFile(name, content), "kind": "photo", **extra})


def test_jpeg_is_stored_without_gps_and_downloaded_by_its_unit(as_user, golubka_worker, golubka_case, private_media):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    client = as_user(golubka_worker)
    url = reverse("cases:case_attachment_add", args=[golubka_case.pk])
    assert upload(client, url, "photo.jpg", original, description="Flat").status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg" and attachment.original_name == "photo.jpg"
    assert str(private_media) in attachment.file.path
    stored = Image.open(attachment.file.path)
    assert stored.format == "JPEG" and stored.size == (40, 30)
    assert not stored.getexif().get_ifd(0x8825)
    assert 0x010F not in stored.getexif()
    response = client.get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:2] == b"\xff\xd8" and b"PhoneMaker" not in body
    assert "attachment" in response["Content-Disposition"]


def test_png_and_pdf_are_accepted_on_a_person(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:person_attachment_add", args=[golubka_case.primary_person.pk])
    buffer = io.BytesIO()
    Image.new("RGBA", (5, 5)).save(buffer, format="PNG")
    assert upload(client, url, "scan.png", buffer.getvalue()).status_code == 302
    assert upload(client, url, "passport.pdf", b"%PDF-1.4\n%%EOF\n").status_code == 302
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.jpg", b"just some text pretending to be a photo", "The file is not a valid PDF, JPEG or PNG file."),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "The file is not a valid PDF, JPEG or PNG file."),
    ],
)
def test_fake_or_unsupported_files_are_refused(as_user, golubka_worker, golubka_case, name, content, message):
    response = upload(
        as_user(golubka_worker), reverse("cases:case_attachment_add", args=[golubka_case.pk]), name, content
    )
    assert response.status_code == 400
    assert message in response.content.decode() or "Only PDF, JPEG and PNG files can be attached." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(as_user, golubka_worker, golubka_case, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    content = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = upload(
        as_user(golubka_worker), reverse("cases:case_attachment_add", args=[golubka_case.pk]), "big.pdf", content
    )
    assert response.status_code == 400
    assert "The file is too large (at most 1 MB)." in response.content.decode()
    assert not Attachment.objects.exists()


def test_missing_file_is_required(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(
        reverse("cases:case_attachment_add", args=[golubka_case.pk]), {"kind": "photo"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_other_units_get_404_for_the_file(as_user, golubka_worker, margarita_worker, manager, golubka_case):
    client = as_user(golubka_worker)
    upload(client, reverse("cases:case_attachment_add", args=[golubka_case.pk]), "doc.pdf", b"%PDF-1.4\n")
    attachment = Attachment.objects.get()
    download = reverse("cases:attachment_download", args=[attachment.pk])
    assert as_user(margarita_worker).get(download).status_code == 404
    assert as_user(manager).get(download).status_code == 200
    assert as_user(manager).post(reverse("cases:case_attachment_add", args=[golubka_case.pk])).status_code == 403
