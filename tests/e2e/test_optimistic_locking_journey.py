"""Two social workers edit the same person in two browsers: the second save is refused, nothing is lost."""

from playwright.sync_api import expect

from cases.models import Person
from tests.cases.factories import CaseFactory, UserFactory, unit


def test_second_stale_person_edit_shows_who_changed_what_and_keeps_her_typing(new_page):
    anna = UserFactory(username="anna", first_name="Анна", last_name="Орлова", role="social_worker", units=["golubka"])
    berta = UserFactory(username="berta", first_name="Берта", last_name="Лис", role="coordinator", units=["golubka"])
    person = CaseFactory(unit=unit("golubka")).primary_person
    url = f"/cases/people/{person.pk}/edit/"

    page_a, page_b = new_page(anna), new_page(berta, phone=True)
    page_a.goto(url)
    page_b.goto(url)

    page_a.locator("#id_phone").fill("+7 913 111-22-33")
    page_a.get_by_role("button", name="Save").click()
    expect(page_a.locator(".alert-success")).to_contain_text("Saved.")

    page_b.locator("#id_address").fill("ул. Ленина, 5")
    page_b.get_by_role("button", name="Save").click()
    expect(page_b.locator("form.form-page")).to_contain_text("Changed by Анна Орлова at")
    expect(page_b.locator("table.stale-changes")).to_contain_text("+7 913 111-22-33")
    expect(page_b.locator("#id_address")).to_have_value("ул. Ленина, 5")
    expect(page_b.locator("#id_phone")).to_have_value("+7 913 111-22-33")
    person.refresh_from_db()
    assert (person.phone, person.address) == ("+7 913 111-22-33", "")

    page_b.get_by_role("button", name="Save").click()
    expect(page_b.locator(".alert-success")).to_contain_text("Saved.")
    person = Person.objects.get(pk=person.pk)
    assert (person.phone, person.address) == ("+7 913 111-22-33", "ул. Ленина, 5")
