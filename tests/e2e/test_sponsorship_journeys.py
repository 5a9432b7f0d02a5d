"""A sponsorship officer's journey: enrol a child, match a sponsor, record money, send the yearly update."""

import io
import re
from datetime import date
from decimal import Decimal

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from cases.services import consent_give
from sponsorship.models import Contribution, Correspondence, SponsoredChild
from tests.cases.factories import PersonFactory, RelationshipFactory, UserFactory
from tests.sponsorship.factories import SponsorFactory


def jpeg(path):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_officer_enrols_matches_records_and_sends_the_yearly_update_once_consent_is_given(new_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = UserFactory(username="officer", role="sponsorship_officer", units=["distance"])
    SponsorFactory(name="Famiglia Rossi", avsi_code="IT-ROSSI-1")
    SponsorFactory(name="Parrocchia San Marco", avsi_code="IT-PSM-2")
    today = timezone.localdate()
    page = new_page(officer, phone=True)

    # Enrol a new child of the registry.
    page.goto("/sponsorship/")
    page.get_by_role("link", name="Enrol a child").click()
    page.locator("#id_family_name").fill("Смирнова")
    page.locator("#id_given_name").fill("Алина")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_date").fill("2016-04-02")
    page.locator("#id_avsi_code").fill("RU-NSK-0100")
    page.locator("#id_school").fill("School No. 94")
    page.locator("#id_living_situation").select_option("orphanage")
    page.get_by_role("button", name="Enrol").click()
    expect(page).to_have_url(re.compile(r"/sponsorship/children/\d+/$"))
    expect(page.locator("#current-sponsorship")).to_contain_text("Awaiting a sponsor")
    child = SponsoredChild.objects.get(avsi_code="RU-NSK-0100")

    # Match her with a sponsor found by a search.
    page.locator("#match-sponsor").click()
    page.locator("#id_q").fill("rossi")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Parrocchia San Marco")).to_have_count(0)
    page.get_by_label(re.compile(r"IT-ROSSI-1 · Famiglia Rossi")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#current-sponsorship")).to_contain_text("Famiglia Rossi")

    # Record a contribution typed with a comma decimal and a thousands space.
    page.locator("#add-contribution").click()
    page.locator("#id_amount").fill("1 234,50")
    page.locator("#id_reference").fill("BONIF-2025-001")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#contributions")).to_contain_text("BONIF-2025-001")
    assert Contribution.objects.get().amount == Decimal("1234.50")

    # Produce the yearly update with a photo.
    page.locator("#add-update").click()
    page.locator("#id_due_on").fill(today.isoformat())
    page.locator("#id_text").fill("Cari amici, Alina ha finito la terza classe.")
    page.locator("#id_photo").set_input_files(str(jpeg(tmp_path / "alina.jpg")))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#correspondence-photo")).to_be_visible()
    update_url = page.url

    # Her mother, registered with her, signed the transfer to AVSI and the sponsor at enrolment.
    mother = PersonFactory(family_name="Смирнова", given_name="Ольга", birth_date=date(1988, 1, 5))
    RelationshipFactory(from_person=mother, to_person=child.person, kind="mother")
    consent_give(person=child.person, purpose="share_with_sponsor", given_on=today, signed_by=mother, by=officer)

    # Without photo consent it cannot be sent.
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator("#mark-sent")).to_contain_text("has no consent to photos")
    assert Correspondence.objects.get().sent_on is None

    # The consent is recorded on the child's person page, then sending succeeds.
    page.get_by_role("link", name="Person's page and consents").click()
    page.get_by_role("link", name="Record a consent").click()
    page.locator("#id_purpose").select_option("photos")
    page.locator("#id_signed_by").select_option(str(mother.pk))
    page.get_by_role("button", name="Save consent").click()
    expect(page.locator("#consents")).to_contain_text("given on")
    page.goto(update_url)
    expect(page.locator("#photo-consent")).to_contain_text("in force")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator("#sent-on")).to_contain_text(today.strftime("%d.%m.%Y"))
    assert Correspondence.objects.get().sent_on == today
    assert child.person.has_consent("photos")
