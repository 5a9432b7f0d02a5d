"""The import pages: upload → preview (created, changed, rejected) → apply; who may use them."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sponsorship.importing.pending import SESSION_KEY
from sponsorship.models import Contribution, SponsoredChild
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sample, sponsor_row, sponsorship_row
from tests.sponsorship.factories import ContributionFactory

UPLOAD = reverse("sponsorship:import_upload")
APPLY = reverse("sponsorship:import_apply")


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer_client(as_user, sponsorship_officer):
    return as_user(sponsorship_officer)


def upload(client, data: bytes, name="avsi.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def test_the_upload_page_explains_the_dry_run(officer_client):
    response = officer_client.get(UPLOAD)

    assert response.status_code == 200
    assert b"Check the file" in response.content and b'enctype="multipart/form-data"' in response.content
    assert b"<code>living_situation</code>" in response.content and b"<code>end_reason</code>" in response.content


def test_upload_previews_the_three_sections_then_apply_imports(officer_client):
    preview = upload(officer_client, sample("avsi_sample.xlsx"), "avsi_sample.xlsx")

    assert preview.status_code == 200
    for section in (b'id="created"', b'id="changed"', b'id="rejected"', b"Would be created", b"Apply the import"):
        assert section in preview.content
    assert "Смирнова Алина".encode() in preview.content and b"Parrocchia San Marco" in preview.content
    assert not SponsoredChild.objects.exists()
    token = preview.context["token"]

    applied = officer_client.post(APPLY, {"token": token})

    assert applied.status_code == 200 and b"The file has been imported." in applied.content
    assert SponsoredChild.objects.count() == 4 and Contribution.objects.count() == 6
    assert SESSION_KEY not in officer_client.session
    assert default_storage.listdir("imports")[1] == []


def test_a_changed_value_is_previewed_old_to_new(officer_client, sponsorship_officer):
    upload(officer_client, csv_bytes(child_row(grade="4")))
    officer_client.post(APPLY, {"token": officer_client.session[SESSION_KEY]["token"]})

    preview = upload(officer_client, csv_bytes(child_row(grade="5")))

    assert preview.context["result"].totals()["changed"] == 1
    assert b"<del>4</del> \xe2\x86\x92 <strong>5</strong>" in preview.content


def test_rejected_rows_are_listed_with_their_row_number_and_cannot_be_applied(officer_client):
    data = csv_bytes(child_row(), contribution_row(child="RU-C-0404"), child_row("RU-C-2", birth_date="32.01.2014"))

    preview = upload(officer_client, data)

    assert preview.status_code == 200
    rejected = [(o.row, o.detail[:26]) for o in preview.context["result"].rejected]
    assert rejected == [(3, "Unknown child code RU-C-04"), (4, "Column birth_date: “32.01.")]
    assert b"Apply the import" not in preview.content and SESSION_KEY not in officer_client.session
    assert b"2 rows are rejected: nothing can be imported" in preview.content


def test_the_same_file_again_has_nothing_to_apply(officer_client):
    upload(officer_client, sample("avsi_sample.csv"))
    officer_client.post(APPLY, {"token": officer_client.session[SESSION_KEY]["token"]})

    preview = upload(officer_client, sample("avsi_sample.csv"))

    assert b"there is nothing to change" in preview.content and b"Apply the import" not in preview.content


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04broken", "avsi.xlsx", b"cannot be read as an Excel workbook"),
        (csv_bytes(child_row()), "avsi.pdf", b"Upload an .xlsx or .csv file."),
        (b"", "avsi.csv", b"The submitted file is empty."),
        (csv_bytes(child_row(), columns=("record", "child_code")), "avsi.csv", b"Required columns are missing"),
        (b"x" * (5 * 1024 * 1024 + 1), "avsi.csv", b"The file is too large: at most 5 MB."),
    ],
)
def test_a_bad_file_is_a_form_error_never_a_500(officer_client, data, name, message):
    response = upload(officer_client, data, name)

    assert response.status_code == 400
    assert message in response.content


def test_apply_without_a_checked_file_or_with_another_token_imports_nothing(officer_client):
    upload(officer_client, sample("avsi_sample.csv"))

    response = officer_client.post(APPLY, {"token": "0" * 32}, follow=True)

    assert response.redirect_chain[-1][0] == UPLOAD
    assert b"That check is no longer available" in response.content
    assert not SponsoredChild.objects.exists()


def test_a_stored_file_changed_after_the_check_is_not_applied(officer_client):
    upload(officer_client, sample("avsi_sample.csv"))
    pending = officer_client.session[SESSION_KEY]
    with default_storage.open(pending["path"], "wb") as handle:
        handle.write(csv_bytes(child_row()))

    response = officer_client.post(APPLY, {"token": pending["token"]})

    assert response.status_code == 302 and not SponsoredChild.objects.exists()


def test_apply_only_answers_post(officer_client):
    assert officer_client.get(APPLY).status_code == 405


def test_a_newer_check_replaces_the_older_one(officer_client):
    upload(officer_client, csv_bytes(child_row()))
    older = officer_client.session[SESSION_KEY]["token"]
    upload(officer_client, csv_bytes(child_row("RU-C-0902")))

    assert officer_client.post(APPLY, {"token": older}).status_code == 302
    assert not SponsoredChild.objects.exists()
    officer_client.post(APPLY, {"token": officer_client.session[SESSION_KEY]["token"]})
    assert list(SponsoredChild.objects.values_list("avsi_code", flat=True)) == ["RU-C-0902"]


def test_a_row_refused_since_the_check_stops_the_whole_apply(officer_client):
    upload(officer_client, csv_bytes(child_row(), sponsor_row(), sponsorship_row(), contribution_row("AVSI-7")))
    # Meanwhile another officer records a contribution with the same reference.
    ContributionFactory(reference="AVSI-7")

    response = officer_client.post(APPLY, {"token": officer_client.session[SESSION_KEY]["token"]})

    assert response.status_code == 400
    assert b"Nothing was imported: some rows are rejected." in response.content
    assert [o.row for o in response.context["result"].rejected] == [5]
    assert not SponsoredChild.objects.filter(avsi_code="RU-C-0901").exists() and Contribution.objects.count() == 1


@pytest.mark.parametrize("actor", ["manager", "golubka_worker", "coordinator", "distance_worker", "outsider"])
def test_only_sponsorship_staff_may_import(db, actor, request, as_user):
    client = as_user(request.getfixturevalue(actor))

    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": SimpleUploadedFile("a.csv", sample("avsi_sample.csv"))}).status_code == 403
    assert client.post(APPLY, {"token": "x"}).status_code == 403
    assert not SponsoredChild.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client):
    for response in (client.get(UPLOAD), client.post(APPLY)):
        assert response.status_code == 302 and "login" in response.url


def test_the_preview_page_reads_the_database_a_fixed_number_of_times(officer_client, django_assert_max_num_queries):
    small = csv_bytes(child_row())
    large = csv_bytes(*(child_row(f"RU-C-{n}") for n in range(20)))
    for data in (small, large):
        with django_assert_max_num_queries(18):
            assert upload(officer_client, data).status_code == 200
