"""Deny by default: every URL pattern of the project, walked for every actor of the cast."""

import pytest
from django.urls import reverse

from tests.security.url_map import (
    ALL_PATTERNS,
    OUT_OF_SCOPE,
    PUBLIC,
    ROLE_NOT_REQUIRED,
    ROLES,
    merged,
    needs_missing_records,
    sample_url,
    takes_a_record,
)


def test_every_url_pattern_has_sample_arguments(db):
    unknown = [p.name or p.route for p in ALL_PATTERNS if p.params and sample_url(p, {}, missing=True) is None]
    assert unknown == [], "add the new URL's arguments to SITE_ARGUMENTS"


def test_the_walk_covers_site_and_admin_alike():
    names = {p.name for p in ALL_PATTERNS}
    assert {
        "cases:case_detail",
        "reports:yearly",
        "sponsorship:correspondence_photo",
        "admin:cases_case_change",
    } <= names
    assert len(ALL_PATTERNS) > 200


def test_anonymous_visitor_is_sent_to_login_from_every_page_but_the_public_ones(client, sample_data):
    records = merged(sample_data, ("golubka", "distance", "saved_by_coordinator"))
    site_login, admin_login = reverse("login"), reverse("admin:login")
    wrong = []
    for pattern in ALL_PATTERNS:
        url = sample_url(pattern, records)
        response = client.get(url)
        if pattern.name in PUBLIC:
            if response.status_code >= 500 or response.get("Location", "").startswith(site_login):
                wrong.append((url, response.status_code))
            continue
        expected = admin_login if pattern.is_admin else site_login
        if response.status_code != 302 or not response.url.startswith(f"{expected}?next="):
            wrong.append((url, response.status_code, getattr(response, "url", "")))
    assert wrong == []


def test_reports_send_an_anonymous_visitor_to_login_not_to_404(client):
    response = client.get(reverse("reports:yearly"))
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next=/reports/"


def test_signed_in_account_without_a_role_gets_403_everywhere_but_its_account_pages(client, outsider, sample_data):
    records = merged(sample_data, ("golubka", "distance", "saved_by_coordinator"))
    client.force_login(outsider)
    wrong = []
    for pattern in ALL_PATTERNS:
        url = sample_url(pattern, records)
        response = client.get(url)
        if pattern.name in PUBLIC or pattern.name in ROLE_NOT_REQUIRED:
            if response.status_code >= 500:
                wrong.append((url, response.status_code))
        elif response.status_code != 403:
            wrong.append((url, response.status_code))
    assert wrong == []
    assert client.get(reverse("password_change")).status_code == 200


def test_account_without_a_role_is_refused_the_admin_too(client, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("admin:index")).status_code == 403


@pytest.mark.parametrize("actor", ROLES)
def test_every_page_answers_each_role_without_a_server_error(client, request, actor, sample_data):
    records = merged(sample_data, ("margarita", "golubka", "distance", "saved_by_coordinator"))
    client.force_login(request.getfixturevalue(actor))
    failures = []
    for pattern in ALL_PATTERNS:
        url = sample_url(pattern, records)
        status = client.get(url).status_code  # an exception in a view fails the test here
        if status >= 500 or (status == 403 and pattern.name in ROLE_NOT_REQUIRED):
            failures.append((url, status))
    assert failures == []


@pytest.mark.parametrize("actor", list(OUT_OF_SCOPE))
def test_record_out_of_scope_answers_like_a_missing_one(client, request, actor, sample_data):
    """404 on the site (403 where the whole page kind is refused), the admin's "missing" answer there."""
    records = merged(sample_data, OUT_OF_SCOPE[actor])
    client.force_login(request.getfixturevalue(actor))
    revealed = []
    for pattern in ALL_PATTERNS:
        if not takes_a_record(pattern) or needs_missing_records(pattern, records):
            continue
        if pattern.is_admin and pattern.model not in records:
            continue
        url, missing_url = sample_url(pattern, records), sample_url(pattern, records, missing=True)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status != getattr(client, method)(missing_url).status_code:
                revealed.append((method, url, status))
            elif not pattern.is_admin and status not in (403, 404, 405):
                revealed.append((method, url, status))
    assert revealed == []
