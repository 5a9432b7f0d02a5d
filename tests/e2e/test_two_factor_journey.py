"""A coordinator turns on two-step login in the browser and logs in with it."""

import re
from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.cases.factories import UserFactory

PASSWORD = "pass-for-tests-123"


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """What the phone's authenticator shows for the typed-in key (30-second steps, 6 digits)."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=steps_ahead):06d}"


def log_in_with_password(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_coordinator_sets_up_an_authenticator_and_logs_in_with_it(new_page):
    UserFactory(username="coordinator", role="coordinator", units=["golubka"])
    page = new_page()
    refused = []  # the browser's Content-Security-Policy refusals, if any
    page.on("console", lambda message: refused.append(message.text) if "Refused to" in message.text else None)

    log_in_with_password(page, "coordinator")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/"))
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text().strip()

    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("The code is not correct")

    page.get_by_label("Code from the app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/backup-codes/"))
    expect(page.locator("#backup-codes li")).to_have_count(10)

    page.locator("#user-menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

    log_in_with_password(page, "coordinator")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    # The code of the set-up step cannot be used twice; the app's next code is accepted.
    page.get_by_label("Code").fill(code_from_secret(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert refused == []
