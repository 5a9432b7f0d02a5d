"""Casework that shows progress, in the browser: an admission assessment and a better review drawn
on the case page, a closure approved by the coordinator, an expiring passport on the worker's list."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import AssessmentDomain
from cases.models import Attachment, Case, DocumentType
from tests.cases.factories import CaseFactory, UserFactory, unit


def _score_every_domain(page, *, housing: int, others: int = 3):
    for domain in AssessmentDomain.objects.all():
        score = housing if domain.code == "housing" else others
        page.locator(f'input[name="domain_{domain.pk}"][value="{score}"]').check()


def test_assessments_drawn_on_the_case_page_and_a_closure_approved_by_the_coordinator(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    coordinator = UserFactory(username="coordinator", role="coordinator", units=["golubka"])
    case = CaseFactory(unit=unit("golubka"), assigned_to=worker)

    page = new_page(worker, phone=True)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Record an assessment").click()
    page.locator("#id_occasion").select_option("admission")
    page.locator("#id_assessed_on").fill("2026-02-01")
    _score_every_domain(page, housing=1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator('#assessment-progress [data-domain="housing"]')).to_have_attribute("data-latest", "1")
    # A low score suggests a goal in that domain.
    expect(
        page.locator('#assessment-progress [data-domain="housing"]').get_by_role("link", name="Add a goal")
    ).to_be_visible()

    page.get_by_role("link", name="Record an assessment").click()
    page.locator("#id_occasion").select_option("review")
    _score_every_domain(page, housing=4)
    page.get_by_role("button", name="Save").click()
    housing = page.locator('#assessment-progress [data-domain="housing"]')
    expect(housing).to_have_attribute("data-change", "3")
    expect(housing.locator("svg polyline")).to_have_count(1)

    page.goto(f"/cases/{case.pk}/close/")
    expect(page.locator("#closure-needs-approval")).to_be_visible()
    page.locator("#id_closure_reason").select_option("goals_achieved")
    page.get_by_role("button", name="Send the closure for approval").click()
    assert Case.objects.get(pk=case.pk).status == "active"

    approver = new_page(coordinator)
    approver.goto("/cases/approvals/")
    approver.locator(".approval-request", has_text=case.number).get_by_role("link", name="Answer").click()
    approver.get_by_label("Approve").check()
    approver.get_by_role("button", name="Send the answer").click()
    expect(approver.locator("#no-approvals")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_an_expiring_passport_is_on_the_worker_s_list(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    case = CaseFactory(unit=unit("golubka"), assigned_to=worker)
    Attachment.objects.create(
        person=case.primary_person,
        file=SimpleUploadedFile("passport.pdf", b"%PDF-1.4"),
        original_name="passport.pdf",
        content_type="application/pdf",
        size=8,
        kind="document",
        document_type=DocumentType.objects.get(code="passport_ru"),
        document_number="50 05 123456",
        valid_until=timezone.localdate() + timedelta(days=10),
        uploaded_by=worker,
    )
    page = new_page(worker)
    page.goto("/")
    page.get_by_role("button", name="To check").click()  # the menu of lists to check
    page.get_by_role("link", name="Expiring papers").click()
    row = page.locator("#expiring-papers .paper-row", has_text="50 05 123456")
    expect(row).to_contain_text("Russian passport")
    expect(row).to_contain_text("expiring")
