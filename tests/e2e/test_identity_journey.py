"""One child across programmes: a shelter intake, her Distance enrolment, a steward links the records."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, DuplicateCandidate, Person
from tests.cases.factories import UserFactory
from tests.e2e.test_cases_journeys import fill_person


def test_shelter_intake_then_distance_enrolment_then_a_steward_links_the_child(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    officer = UserFactory(username="officer", role="sponsorship_officer", units=["distance"])
    steward = UserFactory(username="steward", role="coordinator", units=["golubka", "local", "distance"])

    # A shelter intake of a mother with her daughter.
    page = new_page(worker)
    page.goto("/cases/intake/")
    fill_person(page, "mother", "Секретова", "Ольга", "1990-01-01", "F")
    fill_person(page, "children-0", "Секретова", "Алина", "2015-03-10", "F")
    page.locator("#id_referral_source").select_option("school")
    page.get_by_role("button", name="Register and open the case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    shelter_child = Person.objects.get(given_name="Алина")

    # The sponsorship officer enrols the same girl, typed in Latin letters: nothing is shown to her.
    page = new_page(officer)
    page.goto("/sponsorship/children/enrol/")
    page.locator("#id_family_name").fill("Sekretova")
    page.locator("#id_given_name").fill("Alina")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_date").fill("2015-03-10")
    page.locator("#id_avsi_code").fill("RU-NSK-0900")
    page.locator("#id_living_situation").select_option("family")
    page.get_by_role("button", name="Enrol").click()
    expect(page).to_have_url(re.compile(r"/sponsorship/children/\d+/$"))
    expect(page.get_by_text("Секретова")).to_have_count(0)
    assert DuplicateCandidate.objects.filter(status="undecided").count() == 1

    # A steward links them: one record with a case in each unit.
    page = new_page(steward)
    page.goto("/cases/stewards/")
    pair = page.locator(".duplicate-pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("Секретова Алина")
    expect(pair).to_contain_text("Sekretova Alina")
    pair.get_by_role("button", name="Same person (merge into the older record)").click()
    expect(page.locator("#queue-empty")).to_be_visible()
    units = set(Case.objects.filter(memberships__person=shelter_child).values_list("unit__code", flat=True))
    assert units == {"golubka", "distance"}
    assert Person.objects.filter(given_name__in=["Алина", "Alina"], merged_into__isnull=True).get() == shelter_child

    # The mother's family page shows her daughter once, and the report counts the girl once.
    mother = Person.objects.get(given_name="Ольга", family_name="Секретова")
    page.goto(f"/cases/people/{mother.pk}/family/")
    expect(page.get_by_text(re.compile(r"Секретова Алина|Алина"))).not_to_have_count(0)
    expect(page.get_by_text("Sekretova")).to_have_count(0)
    page.goto(f"/reports/?year={timezone.localdate().year}")
    served = page.locator('tr[data-figure="people_served"][data-source="people_served"] .figure-value')
    expect(served).to_have_text("2")  # the mother and her daughter, whatever the units
