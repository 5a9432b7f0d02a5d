"""A Golubka worker admits a family, moves a child, discharges them; the board follows each step."""

import re
from datetime import date, timedelta

from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from playwright.sync_api import expect

from shelters.models import Bed, House, Room, Stay
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, UserFactory, unit


def golubka_with_beds():
    house = House.objects.get(unit__code="golubka")
    beds = {}
    for room_name, labels in {"A": ("A1", "A2", "A3"), "B": ("B1", "B2")}.items():
        room = Room.objects.create(house=house, name=room_name)
        beds |= {label: Bed.objects.create(room=room, label=label) for label in labels}
    return beds


def expect_board(page, taken: dict[str, str], free: list[str]):
    for label, name in taken.items():
        tile = page.locator(f'[data-bed="{label}"]')
        expect(tile).to_have_attribute("data-status", "taken")
        expect(tile).to_contain_text(name)
    for label in free:
        expect(page.locator(f'[data-bed="{label}"]')).to_have_attribute("data-status", "free")


def test_admit_transfer_and_discharge_a_family(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    beds = golubka_with_beds()
    mother = PersonFactory(family_name="Соколова", given_name="Анна", birth_date=date(1994, 3, 1))
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, assigned_to=worker)
    dasha = PersonFactory(family_name="Соколова", given_name="Дарья", birth_date=date(2016, 5, 5))
    petya = PersonFactory(family_name="Соколов", given_name="Пётр", sex="M", birth_date=date(2019, 8, 8))
    for child in (dasha, petya):
        CaseMemberFactory(case=case, person=child, role="child")
    today = timezone.localdate()
    admitted, moved = today - timedelta(days=10), today - timedelta(days=5)

    page = new_page(worker)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#admit-link").click()
    page.locator("#id_start").fill(admitted.isoformat())
    for person, label in ((mother, "A1"), (dasha, "A2"), (petya, "A3")):
        page.locator(f'label[for="bed_{person.pk}-{beds[label].pk}"]').click()
    expect(page.locator(f"#bed_{petya.pk}-{beds['A1'].pk}")).to_be_disabled()  # chosen for the mother
    page.get_by_role("button", name="Admit", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/shelters/\?house=golubka&on={admitted.isoformat()}$"))
    expect_board(page, {"A1": "Соколова Анна", "A2": "Соколова Дарья", "A3": "Соколов Пётр"}, ["B1", "B2"])

    page.locator('[data-bed="A3"]').get_by_role("link", name="Move").click()
    page.locator("#id_on").fill(moved.isoformat())
    page.locator(f'label[for="bed-{beds["B1"].pk}"]').click()
    page.get_by_role("button", name="Move").click()

    expect(page).to_have_url(re.compile(rf"on={moved.isoformat()}$"))
    expect_board(page, {"A1": "Соколова Анна", "A2": "Соколова Дарья", "B1": "Соколов Пётр"}, ["A3", "B2"])

    page.locator('[data-bed="A1"]').get_by_role("link", name="Discharge").click()
    for box in page.locator('input[name="stays"]').all():
        box.check()
    page.locator("#id_on").fill(today.isoformat())
    page.locator("#id_exit_destination").select_option("social_housing")
    page.locator("#id_exit_reason").select_option("autonomy")
    page.get_by_role("button", name="Record the discharge").click()

    expect(page).to_have_url(re.compile(rf"on={today.isoformat()}$"))
    expect_board(page, {}, ["A1", "A2", "A3", "B1", "B2"])
    page.goto(f"/shelters/?house=golubka&on={(today - timedelta(days=1)).isoformat()}")
    expect_board(page, {"A1": "Соколова Анна", "B1": "Соколов Пётр"}, ["A3"])
    ended = Stay.objects.filter(period__upper_inf=False, exit_reason="autonomy")
    assert {stay.person for stay in ended} == {mother, dasha, petya}
    assert {stay.exit_destination for stay in ended} == {"social_housing"}


def test_the_board_fits_a_phone(new_page):
    worker = UserFactory(username="golubka_worker", role="social_worker", units=["golubka"])
    beds = golubka_with_beds()
    mother = PersonFactory(family_name="Константинопольская", given_name="Александра")
    case = CaseFactory(unit=unit("golubka"), primary_person=mother)
    Stay.objects.create(
        person=mother, case=case, house=beds["A1"].room.house, bed=beds["A1"], period=DateRange(date(2025, 1, 1), None)
    )

    page = new_page(worker, phone=True)
    page.goto("/shelters/")

    expect(page.locator('[data-bed="A1"]')).to_contain_text("Константинопольская")
    rooms = page.locator(".room-card")
    expect(rooms).to_have_count(2)
    first, second = rooms.nth(0).bounding_box(), rooms.nth(1).bounding_box()
    assert second["y"] > first["y"]  # one room card under the other
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
