"""Every read of a personal record and every export leaves one row in the append-only access log."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.services import attachment_store
from maksora.models import AccessAction, AccessAlert, AccessRecord
from reports.models import SavedReport
from sponsorship.services import correspondence_add
from tests.cases.factories import CaseFactory, PersonFactory, UserFactory, unit
from tests.sponsorship.factories import ContributionFactory, SponsoredChildFactory, SponsorshipFactory
from tests.sponsorship.test_correspondence import photo_upload


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def golubka_case(golubka_worker):
    return CaseFactory(
        unit=unit("golubka"), primary_person=PersonFactory(family_name="Иванова"), assigned_to=golubka_worker
    )


@pytest.fixture
def margarita_case(margarita_worker):
    return CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Петрова"))


def rows_of(user):
    return list(AccessRecord.objects.filter(user=user).order_by("id"))


def test_opening_a_person_page_writes_one_row_with_the_person_and_the_ip(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    response = as_user(golubka_worker).get(reverse("cases:person_detail", args=[person.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    [row] = rows_of(golubka_worker)
    assert (row.action, row.object_id, row.person_id, row.ip_address) == (
        "view_person",
        person.pk,
        person.pk,
        "10.1.2.3",
    )
    assert row.content_type.model == "person"


def test_opening_a_case_writes_one_row_per_get(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:case_detail", args=[golubka_case.pk])
    client.get(url)
    client.get(url)
    assert [(r.action, r.object_id) for r in rows_of(golubka_worker)] == [("view_case", golubka_case.pk)] * 2


def test_a_case_of_another_unit_answers_404_and_writes_nothing(as_user, golubka_worker, margarita_case):
    client = as_user(golubka_worker)
    assert client.get(reverse("cases:case_detail", args=[margarita_case.pk])).status_code == 404
    assert client.get(reverse("cases:person_detail", args=[margarita_case.primary_person.pk])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[999999])).status_code == 404
    assert rows_of(golubka_worker) == []


def test_posting_a_note_that_redirects_to_the_case_writes_only_the_page_read(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:note_add", args=[golubka_case.pk])
    response = client.post(url, {"date": "01.02.2026", "kind": "meeting", "duration_minutes": 30, "text": "Встреча"})
    assert response.status_code == 302
    assert rows_of(golubka_worker) == []


def test_downloading_an_attachment_writes_one_row_tied_to_the_person(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    attachment = attachment_store(
        upload=SimpleUploadedFile("passport.pdf", b"%PDF-1.4\n%%EOF\n"),
        kind="document",
        description="",
        person=person,
        case=None,
        by=golubka_worker,
    )
    response = as_user(golubka_worker).get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    [row] = rows_of(golubka_worker)
    assert (row.action, row.object_id, row.person_id) == ("download_attachment", attachment.pk, person.pk)


def test_opening_a_sponsored_child_and_her_photo_writes_a_row_each(as_user, sponsorship_officer):
    sponsorship = SponsorshipFactory()
    child = sponsorship.child
    letter = correspondence_add(
        sponsorship=sponsorship,
        kind="yearly_update",
        photo=photo_upload(),
        by=sponsorship_officer,
        language="it",
        due_on=date(2025, 10, 31),
    )
    client = as_user(sponsorship_officer)
    assert client.get(reverse("sponsorship:child_detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("sponsorship:correspondence_photo", args=[letter.pk])).status_code == 200
    rows = rows_of(sponsorship_officer)
    assert [(r.action, r.person_id) for r in rows] == [
        ("view_child", child.person_id),
        ("download_photo", child.person_id),
    ]


def test_a_child_out_of_scope_writes_nothing(as_user, golubka_worker):
    child = SponsoredChildFactory()
    assert as_user(golubka_worker).get(reverse("sponsorship:child_detail", args=[child.pk])).status_code == 404
    assert rows_of(golubka_worker) == []


def test_a_statement_csv_is_logged_with_its_year_and_row_count(as_user, sponsorship_officer):
    sponsorship = SponsorshipFactory()
    ContributionFactory(sponsorship=sponsorship, received_on=date(2025, 2, 1))
    ContributionFactory(sponsorship=sponsorship, received_on=date(2025, 6, 1))
    url = reverse("sponsorship:sponsor_statement_csv", args=[sponsorship.sponsor.pk])
    assert as_user(sponsorship_officer).get(url, {"year": 2025}).status_code == 200
    [row] = rows_of(sponsorship_officer)
    assert (row.action, row.export_kind, row.row_count) == ("export_statement", "csv", 2)
    assert row.filters == {"pk": sponsorship.sponsor.pk, "year": "2025"}


def test_report_drilldown_and_exports_are_logged_with_filters(as_user, manager):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 3, 1))
    client = as_user(manager)
    drill = reverse("reports:drilldown", args=["people_served", "people_served"])
    assert client.get(drill, {"year": 2025}).status_code == 200
    assert client.get(reverse("reports:export", args=["csv"]), {"year": 2025, "lang": "en"}).status_code == 200
    assert client.get(reverse("reports:export", args=["doc"]), {"year": 2025}).status_code == 404
    drill_row, export_row = rows_of(manager)
    assert (drill_row.action, drill_row.row_count) == ("view_drilldown", 1)
    assert drill_row.filters == {"source": "people_served", "key": "people_served", "year": "2025"}
    assert (export_row.action, export_row.export_kind) == ("export_report", "csv")
    assert export_row.filters == {"fmt": "csv", "year": "2025", "lang": "en"}
    assert export_row.row_count > 0


def test_saved_report_drilldown_and_export_are_logged(as_user, manager, run_jobs):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 3, 1))
    client = as_user(manager)
    client.post(reverse("reports:save") + "?year=2025", {"title": "2025"})
    run_jobs()
    saved = SavedReport.objects.get()
    client.get(reverse("reports:saved_drilldown", args=[saved.pk, "people_served:people_served"]))
    client.get(reverse("reports:saved_export", args=[saved.pk, "xlsx"]))
    assert [(r.action, r.object_id, r.export_kind) for r in rows_of(manager)] == [
        ("view_drilldown", saved.pk, ""),
        ("export_report", saved.pk, "xlsx"),
    ]


def test_x_forwarded_for_is_used_only_behind_a_trusted_proxy(as_user, golubka_worker, golubka_case, settings):
    client = as_user(golubka_worker)
    url = reverse("cases:case_detail", args=[golubka_case.pk])
    headers = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    settings.TRUSTED_PROXY_COUNT = 0
    client.get(url, **headers)
    settings.TRUSTED_PROXY_COUNT = 1
    client.get(url, **headers)
    assert [r.ip_address for r in rows_of(golubka_worker)] == ["10.0.0.1", "203.0.113.7"]


# --- append-only ------------------------------------------------------------------------


@pytest.fixture
def logged_read(as_user, golubka_worker, golubka_case):
    as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk]))
    return AccessRecord.objects.get()


@pytest.mark.parametrize(
    "sql", ["UPDATE maksora_accessrecord SET user_id = user_id", "DELETE FROM maksora_accessrecord"]
)
def test_the_database_refuses_to_change_or_delete_a_row_with_raw_sql(logged_read, sql):
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessRecord.objects.filter(pk=logged_read.pk, action="view_case").exists()


def test_the_database_refuses_orm_update_and_delete(logged_read):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecord.objects.update(action="view_person")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecord.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        logged_read.delete()
    assert AccessRecord.objects.get().action == "view_case"


def test_the_admin_lists_the_log_read_only_for_managers_and_administrators(
    as_user, logged_read, manager, site_admin, coordinator
):
    changelist = reverse("admin:maksora_accessrecord_changelist")
    change = reverse("admin:maksora_accessrecord_change", args=[logged_read.pk])
    client = as_user(manager)
    assert client.get(changelist).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(change, {"action": "view_person"}).status_code == 403
    assert client.get(reverse("admin:maksora_accessrecord_delete", args=[logged_read.pk])).status_code == 403
    assert client.get(reverse("admin:maksora_accessrecord_add")).status_code == 403
    assert as_user(site_admin).get(changelist).status_code == 200
    assert as_user(coordinator).get(changelist).status_code == 403
    assert AccessRecord.objects.get().action == "view_case"


# --- who opened this record ------------------------------------------------------------


def test_the_coordinator_sees_who_opened_the_person_and_the_worker_does_not(
    as_user, golubka_worker, coordinator, golubka_case
):
    url = reverse("cases:person_detail", args=[golubka_case.primary_person.pk])
    worker_page = as_user(golubka_worker).get(url).content.decode()
    assert 'id="person-readers"' not in worker_page

    page = as_user(coordinator).get(url).content.decode()
    assert 'id="person-readers"' in page
    readers = page.split('id="person-readers"')[1]
    assert golubka_worker.get_full_name() in readers
    assert "opened the person&#x27;s page" in readers


def test_a_manager_who_coordinates_other_units_sees_no_reader_list(as_user, margarita_case):
    other = UserFactory(username="golubka_coordinator", role="coordinator", units=["golubka"])
    other.groups.add(Group.objects.get(name="manager"))
    page = as_user(other).get(reverse("cases:person_detail", args=[margarita_case.primary_person.pk]))
    assert page.status_code == 200  # managers read every unit
    assert 'id="person-readers"' not in page.content.decode()


# --- export log and the hourly limit ---------------------------------------------------


def test_the_export_log_page_is_for_managers_only(as_user, manager, coordinator, golubka_worker, site_admin, client):
    as_user(manager).get(reverse("reports:export", args=["csv"]), {"year": 2025})
    url = reverse("export_log")
    page = as_user(manager).get(url)
    assert page.status_code == 200
    assert "exported a report" in page.content.decode()
    for other in (coordinator, golubka_worker, site_admin):
        assert as_user(other).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_21st_export_in_an_hour_flags_and_mails_the_administrators_once(
    as_user, manager, site_admin, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Security", "security@example.org")]
    site_admin.email = "admin@example.org"
    site_admin.save()
    client = as_user(manager)
    url = reverse("reports:export", args=["csv"])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            assert client.get(url, {"year": 2025}).status_code == 200
    assert not AccessAlert.objects.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # the 21st, 22nd and 23rd: still served, flagged once
            assert client.get(url, {"year": 2025}).status_code == 200
    [alert] = AccessAlert.objects.all()
    assert (alert.user, alert.export_count) == (manager, 21)
    [message] = mail.outbox
    assert sorted(message.to) == ["admin@example.org", "security@example.org"]
    assert "manager" in message.subject
    assert AccessRecord.objects.exports().filter(user=manager).count() == 23
    assert as_user(site_admin).get(reverse("admin:maksora_accessalert_changelist")).status_code == 200


def test_exports_spread_over_more_than_an_hour_are_not_flagged(as_user, manager):
    long_ago = timezone.now() - timedelta(hours=2)
    AccessRecord.objects.bulk_create(
        AccessRecord(user=manager, action=AccessAction.EXPORT_REPORT, at=long_ago) for _ in range(30)
    )
    assert as_user(manager).get(reverse("reports:export", args=["csv"]), {"year": 2025}).status_code == 200
    assert not AccessAlert.objects.exists()


def test_the_admin_finds_the_reads_of_a_user_or_a_person(as_user, logged_read, manager, golubka_worker):
    changelist = reverse("admin:maksora_accessrecord_changelist")
    client = as_user(manager)
    by_user = client.get(changelist, {"q": golubka_worker.username})
    assert by_user.status_code == 200 and list(by_user.context["cl"].result_list) == [logged_read]
    by_id = client.get(changelist, {"q": str(logged_read.object_id)})
    assert list(by_id.context["cl"].result_list) == [logged_read]
