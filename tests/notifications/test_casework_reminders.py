"""The digest also carries papers and consents running out, requests waiting for the coordinator
and the data problems assigned to her (Monday 9 March 2026, as in conftest)."""

from datetime import date

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import Attachment, Consent, DocumentType
from datachecks.services import data_checks_run
from notifications.digest import build_digest, send_daily_digests
from tests.cases.factories import PersonFactory, unit
from tests.notifications.conftest import MONDAY, consented_case


def test_her_people_s_papers_and_consents_running_out_are_listed(monday, golubka_worker, margarita_worker):
    case = consented_case(unit=unit("golubka"), assigned_to=golubka_worker)
    case.notes.create(date=date(2026, 3, 5), kind="meeting", text="…", author=golubka_worker)
    passport = Attachment.objects.create(
        person=case.primary_person,
        file=SimpleUploadedFile("p.pdf", b"%PDF-1.4"),
        original_name="p.pdf",
        content_type="application/pdf",
        size=8,
        kind="document",
        document_type=DocumentType.objects.get(code="passport_ru"),
        valid_until=date(2026, 3, 20),
        uploaded_by=golubka_worker,
    )
    photos = Consent.objects.create(
        person=case.primary_person, purpose="photos", given_on=date(2025, 4, 1), valid_until=date(2026, 4, 1)
    )
    Consent.objects.create(  # a year off: not yet
        person=case.primary_person, purpose="share_with_school", recipient="Школа № 94",
        given_on=date(2026, 1, 1), valid_until=date(2027, 1, 1),
    )  # fmt: skip

    assert sorted(build_digest(golubka_worker, MONDAY).keys) == sorted(
        [f"paper_expiring:{passport.pk}:2026-03-20", f"consent_lapsing:{photos.pk}:2026-04-01"]
    )
    assert not build_digest(margarita_worker, MONDAY)


def test_the_coordinator_is_reminded_of_requests_waiting_for_her(monday, golubka_worker, coordinator):
    case = consented_case(unit=unit("golubka"), assigned_to=golubka_worker)
    case.notes.create(date=date(2026, 3, 5), kind="meeting", text="…", author=golubka_worker)
    approval = services.closure_request(case=case, by=golubka_worker, on=date(2026, 3, 6), closure_reason="other")

    assert f"approval_waiting:{approval.pk}:-" in build_digest(coordinator, MONDAY).keys
    assert not any(key.startswith("approval_waiting") for key in build_digest(golubka_worker, MONDAY).keys)


def test_her_data_problems_come_as_one_line_and_the_email_names_nobody(monday, golubka_worker):
    golubka_worker.email = "golubka_worker@maksora.test"
    golubka_worker.save(update_fields=["email"])
    case = consented_case(
        unit=unit("golubka"),
        assigned_to=golubka_worker,
        primary_person=PersonFactory(family_name="Безданных", birth_date=None),
    )
    case.notes.create(date=date(2026, 3, 5), kind="meeting", text="…", author=golubka_worker)
    data_checks_run(today=MONDAY)

    assert build_digest(golubka_worker, MONDAY).keys == [f"data_problems:{golubka_worker.pk}:2026-03-09"]
    assert send_daily_digests(today=MONDAY) == 1
    assert "Безданных" not in mail.outbox[0].body
