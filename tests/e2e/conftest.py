"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (factories) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install Debian's chromium package")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reference_data(transactional_db):
    from maksora.reference_data import ensure_reference_data

    ensure_reference_data()


CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def csp_violations():
    """Console messages and page errors reporting a Content-Security-Policy violation.

    Every page opened by `new_page` reports here, and the test fails at teardown if any
    arrived: each journey also checks that the strict policy breaks nothing it uses.
    """
    violations = []
    yield violations
    assert violations == [], "Content-Security-Policy violations in the browser"


def _watch_for_csp_violations(page, violations):
    def on_console(message):
        if any(marker in message.text for marker in CSP_MARKERS):
            violations.append(f"{page.url}: {message.text}")

    def on_page_error(error):
        if any(marker in str(error) for marker in CSP_MARKERS):
            violations.append(f"{page.url}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)


@pytest.fixture
def new_page(browser, live_server, reference_data, csp_violations):
    """Open pages as a given user (None: anonymous), desktop or phone-sized, in `language`.

    English by default so assertions read the msgids; journeys about the Russian default
    pass language="ru". Pages opened later in the same context (popups) are watched too.
    """
    contexts = []

    def open_page(user=None, *, phone=False, language="en", viewport=None):
        context = browser.new_context(
            viewport=viewport or (PHONE if phone else {"width": 1280, "height": 900}),
            locale=language,
            base_url=live_server.url,
        )
        context.set_default_timeout(10_000)
        if user is not None:
            from django.conf import settings

            from tests.security.helpers import SignedInClient

            # Logged in with the second step passed, as after entering a code.
            client = SignedInClient()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        context.on("page", lambda page: _watch_for_csp_violations(page, csp_violations))
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
