import re

import pytest
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from playwright.sync_api import expect

from cases.management.commands.seed_demo import DEMO_USERS
from maksora.access import Access
from maksora.roles import ROLE_LABELS
from tests.cases.factories import UserFactory
from tests.security.helpers import second_factor_device

PASSWORD = "pass-for-tests-123"


@pytest.mark.parametrize(("username", "role", "units"), [(u, r, list(units)) for u, r, units, *_ in DEMO_USERS])
def test_each_role_logs_in_and_sees_its_home_page(new_page, username, role, units):
    user = UserFactory(username=username, role=role, units=units)
    needs_code = Access(user).needs_second_factor
    if needs_code:
        StaticToken.objects.create(device=second_factor_device(user), token="e2ecode1")
    page = new_page(language="ru")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    if needs_code:
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
        page.locator("input[name=code]").fill("e2ecode1")
        page.locator("main form button[type=submit]").first.click()
    with translation.override("ru"):
        expect(page.locator("#role-summary")).to_contain_text(str(ROLE_LABELS[role]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Добро пожаловать")


def test_wrong_password_shows_translated_error_and_keeps_username(new_page):
    UserFactory(username="worker", role="social_worker", units=["golubka"])
    page = new_page(language="ru")
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill("worker")
    page.get_by_label("Пароль").fill("wrong")
    page.get_by_role("button", name="Войти").click()
    expect(page.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_contain_text(
        "Пожалуйста, введите правильные имя пользователя и пароль"
    )
    expect(page.get_by_label("Имя пользователя")).to_have_value("worker")


def test_language_switcher_changes_the_interface_language(new_page):
    user = UserFactory(username="worker", role="social_worker", units=["golubka"])
    page = new_page(user, language="ru")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.locator("#language-switcher button[value=it]").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Benvenut")
    page.locator("#language-switcher button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
