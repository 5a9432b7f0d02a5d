"""A social worker's day in the browser: intake with duplicates, notes and goals on a phone, closing."""

import re
from datetime import date

from playwright.sync_api import expect

from cases.models import Case
from tests.cases.factories import CaseFactory, PersonFactory, UserFactory, unit


def golubka_worker():
    return UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])


def fill_person(page, prefix, family, given, birth, sex):
    page.locator(f"#id_{prefix}-family_name").fill(family)
    page.locator(f"#id_{prefix}-given_name").fill(given)
    page.locator(f"#id_{prefix}-sex").select_option(sex)
    page.locator(f"#id_{prefix}-birth_date").fill(birth)


def test_intake_of_a_mother_with_two_children_and_duplicate_warnings(new_page):
    worker = golubka_worker()
    # Her earlier case is closed: with one still open, intake offers that case instead of a new one.
    existing = CaseFactory(
        unit=unit("golubka"),
        primary_person=PersonFactory(family_name="Иванова", given_name="Мария", birth_date=date(1995, 5, 17)),
        status="closed",
        closed_on=date(2026, 2, 1),
    )
    mother = existing.primary_person
    namesake_case = CaseFactory(
        unit=unit("golubka"),
        primary_person=PersonFactory(family_name="Иванов", given_name="Пётр", sex="M", birth_date=date(1970, 1, 1)),
    )
    namesake = namesake_case.primary_person

    page = new_page(worker)
    page.goto("/cases/intake/")
    fill_person(page, "mother", "Ivanova", "Mariya", "1995-05-17", "F")
    fill_person(page, "children-0", "Ivanov", "Petr", "2019-03-01", "M")
    page.locator("#add-child").click()
    fill_person(page, "children-1", "Ivanova", "Vera", "2022-07-15", "F")
    page.locator("#id_referral_source").select_option("school")
    page.get_by_role("button", name="Register and open the case").click()

    expect(page.locator("#duplicate-summary")).to_be_visible()
    expect(page.locator("#id_children-1-given_name")).to_have_value("Vera")
    page.locator(f"#mother-match-{mother.pk}").check()  # accepted: the same woman
    # The namesake is a grown man born decades earlier: the matcher does not offer him at all.
    expect(page.locator("#children-0-match-new")).to_have_count(0)
    if page.locator("#children-1-match-new").count():
        page.locator("#children-1-match-new").check()
    page.get_by_role("button", name="Register and open the case").click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.exclude(pk__in=[existing.pk, namesake_case.pk]).get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    assert case.primary_person == mother
    children = {m.person.given_name for m in case.memberships.filter(role="child").select_related("person")}
    assert children == {"Petr", "Vera"}
    assert namesake not in [m.person for m in case.memberships.all()]
    expect(page.locator("#members")).to_contain_text("Ivanov Petr")


def test_note_and_goal_on_a_phone(new_page):
    worker = golubka_worker()
    case = CaseFactory(unit=unit("golubka"), assigned_to=worker)
    page = new_page(worker, phone=True)
    page.goto("/")
    page.locator("#my-cases").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)

    page.locator("#quick-note #id_kind").select_option("home_visit")
    page.locator("#quick-note #id_duration_minutes").fill("30")
    page.locator("#quick-note #id_text").fill("Visited the family; the boy starts school in September.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#timeline")).to_contain_text("the boy starts school")

    page.get_by_role("link", name="Add a goal").click()
    page.locator("#id_domain").select_option("education")
    page.locator("#id_text").fill("Enrol the boy in school no. 12")
    page.get_by_role("button", name="Add goal").click()
    expect(page.locator("#plan")).to_contain_text("Enrol the boy in school no. 12")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the case page must not scroll sideways on a phone"


def test_closing_and_reopening_a_case(new_page):
    # The unit's coordinator closes at once; a worker's closure waits for her approval
    # (tests/e2e/test_casework_progress_journey.py).
    coordinator = UserFactory(username="coordinator", role="coordinator", units=["golubka"])
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker())
    page = new_page(coordinator)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Close the case").click()
    page.locator("#id_closure_reason").select_option("goals_achieved")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator("header .badge").first).to_have_text("Closed")
    expect(page.locator("#case-facts")).to_contain_text("Goals achieved")

    page.get_by_role("button", name="Reopen").click()
    expect(page.locator("header .badge").first).to_have_text("Active")
    expect(page.locator("#timeline")).to_contain_text("Closed → Active")
