"""An officer sends a batch of overdue updates at once: the ready ones leave, the others are held back with why."""

from datetime import date

from playwright.sync_api import expect

from cases.models import Consent
from sponsorship.models import ChecklistItemType, Correspondence
from sponsorship.services import correspondence_checklist_set
from tests.cases.factories import UserFactory
from tests.sponsorship.factories import CorrespondenceFactory, SponsorshipFactory


def _with_transfer_consent(item):
    Consent.objects.create(
        person=item.sponsorship.child.person, purpose="share_with_sponsor", given_on=date(2025, 1, 1)
    )
    return item


def test_officer_marks_a_batch_sent_and_sees_the_untranslated_and_unconsented_ones_refused(new_page):
    officer = UserFactory(username="officer", role="sponsorship_officer", units=["distance"])
    school_report = ChecklistItemType.objects.create(name="Школьный табель")
    ready = [
        _with_transfer_consent(CorrespondenceFactory(sponsorship=SponsorshipFactory(), due_on=date(2025, 10, 31)))
        for _ in range(2)
    ]
    untranslated = _with_transfer_consent(
        CorrespondenceFactory(sponsorship=SponsorshipFactory(), due_on=date(2025, 10, 31), translation_status="pending")
    )
    # Nothing about this child may leave for Italy: no transfer consent was given.
    unconsented = CorrespondenceFactory(sponsorship=SponsorshipFactory(), due_on=date(2025, 10, 31))
    for item in [*ready, untranslated, unconsented]:
        correspondence_checklist_set(correspondence=item, ticked=[school_report], by=officer)
    incomplete = _with_transfer_consent(
        CorrespondenceFactory(sponsorship=SponsorshipFactory(), due_on=date(2025, 10, 31))
    )
    CorrespondenceFactory(sponsorship=SponsorshipFactory(), due_on=date(2099, 10, 31))

    page = new_page(officer)
    page.goto("/sponsorship/tracker/")
    # It opens where the work is: the overdue tab, not the empty "due" one.
    expect(page.locator("#tracker-states .nav-link.active")).to_contain_text("Overdue")
    expect(page.locator("#tracker-items .bulk-item")).to_have_count(5)

    page.locator("#bulk-select-all").check()
    page.locator(f"#bulk-item-{incomplete.pk}").uncheck()
    page.get_by_role("button", name="Mark selected as sent").click()

    expect(page.locator("#bulk-refused")).to_contain_text("translation is not done")
    expect(page.locator("#bulk-refused")).to_contain_text(untranslated.sponsorship.child.avsi_code)
    expect(page.locator("#bulk-refused")).to_contain_text(unconsented.sponsorship.child.avsi_code)
    expect(page.locator("#bulk-refused")).to_contain_text("no consent to the transfer of her data to Italy")
    expect(page.get_by_text("Marked as sent: 2.")).to_be_visible()
    assert set(Correspondence.objects.filter(sent_on__isnull=False).values_list("pk", flat=True)) == {
        item.pk for item in ready
    }

    # The incomplete one, opened from the tracker, says what its checklist still lacks; ticking it lets it go.
    page.goto(f"/sponsorship/correspondence/{incomplete.pk}/")
    expect(page.locator("#send-blockers")).to_contain_text("Школьный табель")
    page.get_by_label("Школьный табель").check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator("#send-blockers")).to_have_count(0)
    page.locator("#mark-sent").get_by_role("button", name="Mark as sent").click()
    expect(page.locator("#sent-on")).not_to_contain_text("not sent yet")
