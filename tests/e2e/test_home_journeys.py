"""Each role's home on a phone and a desktop, and the top bar's search.

Screenshots go to /work/screens/home/<role>-<viewport>.png (outside the repository) for
reading by eye; the assertions are about what each role sees first.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Consent
from tests.cases.factories import (
    CaseFactory,
    CaseMemberFactory,
    NoteFactory,
    PersonFactory,
    TaskFactory,
    UserFactory,
    unit,
)
from tests.e2e.conftest import PHONE
from tests.shelters.factories import StayFactory, house
from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorshipFactory,
)

SCREENS = Path("/work/screens/home")
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1366, "height": 900}}


def screenshot(page, role: str, viewport: str) -> None:
    try:
        SCREENS.mkdir(parents=True, exist_ok=True)
    except OSError:  # a machine without the screens folder: the journey still runs
        return
    page.screenshot(path=str(SCREENS / f"{role}-{viewport}.png"), full_page=True)


@pytest.fixture
def cast(reference_data):
    """A working week in Golubka and the Distance Support Program, with a stranger in Margarita."""
    today = timezone.localdate()
    worker = UserFactory(
        username="worker", role="social_worker", units=["golubka"], first_name="Ольга", last_name="Ветрова"
    )
    coordinator = UserFactory(
        username="coord", role="coordinator", units=["golubka", "local"], first_name="Анна", last_name="Белова"
    )
    manager = UserFactory(username="boss", role="manager", first_name="Елена", last_name="Громова")
    officer = UserFactory(
        username="officer", role="sponsorship_officer", units=["distance"], first_name="Giulia", last_name="Neri"
    )
    for family_name, given_name in (("Воробьёва", "Мария"), ("Смирнова", "Дарья"), ("Кузнецова", "Ирина")):
        mother = PersonFactory(family_name=family_name, given_name=given_name, sex="F")
        stay = StayFactory(
            house=house("golubka"), person=mother, period=DateRange(today - timedelta(days=20), None, "[)")
        )
        stay.case.assigned_to = worker
        stay.case.next_review_on = today - timedelta(days=1)
        stay.case.save()
        CaseMemberFactory(
            case=stay.case, person=PersonFactory(family_name=family_name[:-1], given_name="Пётр", sex="M")
        )
        TaskFactory(case=stay.case, assigned_to=worker, title=f"Позвонить в школу ({family_name})", due_on=today)
        NoteFactory(case=stay.case, author=worker, text="Обсудили поступление в детский сад.")
    Consent.objects.create(person=stay.person, purpose="data_processing", given_on=today - timedelta(days=3))
    CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Сентинелова", given_name="Ада"))
    for _ in range(2):
        sponsorship = SponsorshipFactory(start=today - timedelta(days=400))
        CorrespondenceFactory(sponsorship=sponsorship, due_on=today + timedelta(days=12))
        ContributionFactory(sponsorship=sponsorship, amount=Decimal("156.00"), received_on=today.replace(day=1))
    SponsoredChildFactory(enrolled_on=today - timedelta(days=10))
    CaseFactory(
        unit=unit("local"), opened_on=date(today.year - 1, 2, 1), closed_on=date(today.year - 1, 3, 1), status="closed"
    )
    return {"worker": worker, "coordinator": coordinator, "manager": manager, "sponsorship_officer": officer}


# In Russian, the staff's language: the section each role sees first, and a line in it.
EXPECTED_FIRST = {
    "worker": ("#my-tasks", "Позвонить в школу"),
    "coordinator": ("#workers", "Ольга Ветрова"),
    "manager": ("#headlines", "Получатели помощи"),
    "sponsorship_officer": ("#updates-due", "RU-C"),
}
ROLE_NAMES = {
    "worker": "Социальный работник",
    "coordinator": "Координатор",
    "manager": "Руководитель",
    "sponsorship_officer": "Специалист по спонсорству",
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(EXPECTED_FIRST))
def test_each_role_lands_on_its_own_home(new_page, cast, role, viewport):
    page = new_page(cast[role], viewport=VIEWPORTS[viewport], language="ru")
    page.goto("/")
    expect(page.locator("#role-summary")).to_have_text(ROLE_NAMES[role])
    section, text = EXPECTED_FIRST[role]
    expect(page.locator(section)).to_be_visible()
    expect(page.locator(section)).to_contain_text(text)
    expect(page.locator("main")).not_to_contain_text("Сентинелова")
    if role == "manager":
        expect(page.locator("#chart-people_served")).to_be_visible()
        # Chart.js draws on the canvas: its backing store is sized once a chart is drawn.
        page.wait_for_function("document.getElementById('chart-people_served').width > 0")
    screenshot(page, role, viewport)


def test_coordinator_goes_from_her_home_to_the_caseload_review_and_reassigns(new_page, cast):
    UserFactory(username="other", role="social_worker", units=["golubka"], first_name="Ирина", last_name="Лесная")
    page = new_page(cast["coordinator"])
    page.goto("/")
    page.locator("#caseload-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload review")
    page.locator("#caseload-cases input[type=checkbox]").first.check()
    page.get_by_label("New worker").select_option(label="Ирина Лесная")
    page.get_by_role("button", name="Reassign selected cases").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("1 case reassigned.")


def test_search_from_the_top_bar_on_a_phone(new_page, cast):
    page = new_page(cast["worker"], phone=True, language="ru")
    page.goto("/")
    expect(page.locator("#top-search-q")).to_be_hidden()
    page.get_by_role("button", name="Меню").click()
    box = page.get_by_label("Поиск людей, дел, детей, спонсоров")
    box.fill("vorobyova")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Люди")).to_be_visible()
    expect(page.locator("#results-people")).to_contain_text("Воробьёва Мария")
    expect(page.locator("#results-cases")).to_contain_text("Воробьёва Мария")
    expect(page.locator("main")).not_to_contain_text("Сентинелова")
    screenshot(page, "search", "phone")


def test_search_from_the_top_bar_on_a_desktop_by_keyboard(new_page, cast):
    page = new_page(cast["sponsorship_officer"], viewport=VIEWPORTS["desktop"])
    page.goto("/")
    box = page.locator("#top-search-q")
    box.focus()
    page.keyboard.type("RU-C")
    # Suggestions appear under the box and are reached with the arrow keys.
    expect(page.locator("#top-search-suggestions a").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#top-search-suggestions a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#top-search-suggestions")).to_be_hidden()
    box.press("Enter")
    expect(page.locator("#results-children")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Воробьёва")
    screenshot(page, "search", "desktop")
