"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from jobs.worker import WorkerThread

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


# axe-core comes from npm (package.json, a development dependency) and is served by the
# live server under a static path that exists only in browser tests: Playwright's own
# `add_script_tag(path=…)` inlines the file, which the Content-Security-Policy (script-src
# 'self') rightly refuses, and switching the policy off for the check would hide the
# violations the journeys are there to catch.
AXE_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core"
AXE_URL = "/static/test-only/axe-core/axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA. Every violation fails, whatever its impact.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def axe_served(settings):
    if not (AXE_DIR / "axe.min.js").exists():
        pytest.fail("axe-core is missing: run `npm ci --ignore-scripts`")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("test-only/axe-core", AXE_DIR)]


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.2 A/AA rules, messages in the page's language) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
        language = page.evaluate("() => document.documentElement.lang")
        locale_file = AXE_DIR / "locales" / f"{language}.json"
        if locale_file.exists():
            page.evaluate("locale => axe.configure({locale})", json.loads(locale_file.read_text()))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


@pytest.fixture
def assert_accessible(axe_served):
    """`assert_accessible(page)`: the page as it is now has no WCAG 2.2 A/AA violation axe-core finds."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], "accessibility violations:\n" + "\n".join(violations)

    return check


CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def csp_violations():
    """Console messages and page errors reporting a Content-Security-Policy violation.

    Every page opened by `new_page` reports here, and the test fails at teardown if any
    arrived: each journey also checks that the strict policy breaks nothing it uses.
    """
    violations = []
    yield violations
    assert violations == [], "Content-Security-Policy violations in the browser:\n" + "\n".join(violations)


def _watch_for_csp_violations(page, violations):
    def on_console(message):
        if any(marker in message.text for marker in CSP_MARKERS):
            violations.append(f"{page.url}: {message.text}")

    def on_page_error(error):
        if any(marker in str(error) for marker in CSP_MARKERS):
            violations.append(f"{page.url}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)


def _record_pages(page, visited):
    """Remember each HTML page the journey opened (GET, shown in the main frame)."""

    def on_response(response):
        request = response.request
        if (
            request.is_navigation_request()
            and request.method == "GET"
            and request.frame == page.main_frame
            and response.status == 200
            and response.headers.get("content-type", "").startswith("text/html")
        ):
            visited.append(response.url)

    page.on("response", on_response)


@pytest.fixture
def new_page(browser, live_server, reference_data, csp_violations, axe_served):
    """Open pages as a given user (None: anonymous), desktop or phone-sized, in `language`.

    English by default so assertions read the msgids; journeys about the Russian default
    pass language="ru". Pages opened later in the same context (popups) are watched too.

    At the end, every page the journey opened is opened again in the same session, on a
    phone and on a desktop, in Russian (the staff's language, with the longest words), and
    checked with axe-core: a journey cannot pass on a page some user could not read or operate.
    """
    contexts = []
    visited: dict = {}

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
        visited[context] = []
        context._csp_listener = lambda page: _watch_for_csp_violations(page, csp_violations)
        context.on("page", context._csp_listener)
        context.on("page", lambda page: _record_pages(page, visited[context]))
        return context.new_page()

    yield open_page
    violations = []
    for context in contexts:
        urls = list(dict.fromkeys(visited[context]))
        if urls:
            violations += _check_accessibility(context, urls)
        context.close()
    assert violations == [], "accessibility violations:\n" + "\n".join(violations)


def _check_accessibility(context, urls) -> list[str]:
    context.set_extra_http_headers({"Accept-Language": "ru"})
    # The journey itself was watched for CSP reports; this second look is only about accessibility.
    context.remove_listener("page", context._csp_listener)
    page = context.new_page()
    found = []
    for url in urls:
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            response = page.goto(url)
            if response is None or response.status != 200:
                continue  # e.g. a record the journey has since closed or merged away
            found += [f"({name}) {violation}" for violation in axe_violations(page)]
    page.close()
    return found


@pytest.fixture
def job_worker(live_server, settings, tmp_path):
    """A job worker beside the live server, against the same test database; started by the test."""
    settings.MEDIA_ROOT = tmp_path
    _empty_job_queue()
    thread = WorkerThread()
    yield thread
    if thread.is_alive():
        thread.stop()
    _empty_job_queue()


def _empty_job_queue():
    # Not Django-managed, so the live server's flush leaves procrastinate's rows.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE")
