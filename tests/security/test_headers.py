"""Every page of the URL map sends a strict Content-Security-Policy; signed-in pages and downloads are not cached."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from maksora.middleware import NoStoreMiddleware
from tests.security.url_map import ALL_PATTERNS, merged, sample_url

BASE_DIR = Path(settings.BASE_DIR)


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_strict_policy(response, url):
    assert "Content-Security-Policy" in response, url
    directives = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
    assert directives["default-src"] == ["'self'"], url
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"], url
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"], url
    assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"], url


def test_every_page_sends_a_strict_policy_and_no_store_to_a_signed_in_user(client, sample_data, manager):
    records = merged(sample_data, ("golubka", "margarita", "distance", "saved_by_coordinator"))
    client.force_login(manager)
    checked = 0
    for pattern in ALL_PATTERNS:
        url = sample_url(pattern, records)
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            assert {"no-store", "private"} <= cache_directives(response), url
            continue
        assert_strict_policy(response, url)
        assert {"no-store", "private"} <= cache_directives(response), url
        checked += 1
    assert checked > 150


def test_public_pages_send_the_policy_too_and_a_request_id(client, db):
    for name in ("login", "password_reset"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert_strict_policy(response, name)
        assert len(response["X-Request-ID"]) == 32
    admin_login = client.get(reverse("admin:login"))
    assert_strict_policy(admin_login, "admin:login")


def test_login_redirect_and_404_for_anonymous_visitors_carry_the_policy(client, db):
    assert_strict_policy(client.get(reverse("home")), "home")
    assert_strict_policy(client.get("/no-such-page/"), "404")


def test_anonymous_public_page_may_be_cached_but_not_a_signed_in_page(client, golubka_worker):
    assert "no-store" not in cache_directives(client.get(reverse("password_reset")))
    client.force_login(golubka_worker)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and {"no-store", "private"} <= cache_directives(home)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_report_exports_are_never_stored(client, manager, fmt):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=[fmt]), {"year": 2026})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert {"no-store", "private"} <= cache_directives(response)


def test_attachment_download_is_never_stored(client, coordinator, sample_data):
    client.force_login(coordinator)
    response = client.get(reverse("cases:attachment_download", args=[sample_data["golubka"]["attachment"].pk]))
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_directives(response)


@pytest.mark.parametrize(
    "make_response",
    [
        lambda: FileResponse(open(__file__, "rb")),
        lambda: StreamingHttpResponse(iter([b"a,b\n"])),
        lambda: _with_disposition(HttpResponse(b"%PDF")),
    ],
)
def test_any_download_is_never_stored_even_without_a_session(make_response):
    request = RequestFactory().get("/some/export")
    response = NoStoreMiddleware(lambda request: make_response())(request)
    assert {"no-store", "private"} <= cache_directives(response)


def _with_disposition(response):
    response["Content-Disposition"] = 'attachment; filename="x.pdf"'
    return response


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        for needle in ("<style", "style=", "<script>", " onclick=", " onchange=", " onsubmit=", "javascript:"):
            if needle in text:
                offenders.append((str(template.relative_to(BASE_DIR)), needle))
    assert offenders == []
