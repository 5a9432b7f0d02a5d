"""Ten wrong passwords lock the (username, address) pair for an hour, on both login pages."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.utils import formats, timezone, translation

from tests.security.helpers import SignedInClient

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "pass-for-tests-123"
BOTH_LOGINS = pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])


def wrong_passwords(client, url, username, times, **extra):
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "not-the-password"}, **extra)
    return response


@BOTH_LOGINS
def test_nine_wrong_passwords_show_the_form_again_and_the_tenth_locks(client, coordinator, url):
    ninth = wrong_passwords(client, url, "coordinator", 9)
    assert ninth.status_code == 200

    tenth = wrong_passwords(client, url, "coordinator", 1)

    assert tenth.status_code == 429
    assert "Too many failed attempts to log in" in tenth.content.decode()


@BOTH_LOGINS
def test_the_right_password_is_refused_while_locked(client, coordinator, url):
    wrong_passwords(client, url, "coordinator", 10)

    response = client.post(url, {"username": "coordinator", "password": PASSWORD})

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lockout_page_says_when_to_try_again(client, golubka_worker):
    response = wrong_passwords(client, SITE_LOGIN, "golubka_worker", 10)

    attempt = AccessAttempt.objects.get(username="golubka_worker")
    with translation.override("en"):
        until = formats.date_format(timezone.localtime(attempt.attempt_time + timedelta(hours=1)), "DATETIME_FORMAT")
    page = response.content.decode()
    assert f"You can try again after {until}." in page
    assert 'name="password"' in page  # the login page itself, not a bare error


def test_an_unknown_username_is_locked_with_the_same_message(client, golubka_worker):
    known = wrong_passwords(client, SITE_LOGIN, "golubka_worker", 10)
    unknown = wrong_passwords(client, SITE_LOGIN, "nobody_here", 10)

    assert unknown.status_code == known.status_code == 429
    assert "Too many failed attempts to log in" in unknown.content.decode()


def test_the_lock_holds_only_for_that_username_from_that_address(client, golubka_worker, margarita_worker):
    wrong_passwords(client, SITE_LOGIN, "golubka_worker", 10)

    other_user = client.post(SITE_LOGIN, {"username": "margarita_worker", "password": PASSWORD})
    other_address = SignedInClient(REMOTE_ADDR="10.0.0.9").post(
        SITE_LOGIN, {"username": "golubka_worker", "password": PASSWORD}
    )

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_a_successful_login_resets_the_count(client, golubka_worker):
    wrong_passwords(client, SITE_LOGIN, "golubka_worker", 9)
    assert client.post(SITE_LOGIN, {"username": "golubka_worker", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")

    again = wrong_passwords(client, SITE_LOGIN, "golubka_worker", 9)

    assert again.status_code == 200
    assert client.post(SITE_LOGIN, {"username": "golubka_worker", "password": PASSWORD}).status_code == 302


def test_each_lockout_writes_a_security_log_line_without_the_name(client, golubka_worker, caplog):
    with caplog.at_level(logging.INFO, logger="maksora.security"):
        wrong_passwords(client, SITE_LOGIN, "golubka_worker", 10)
        wrong_passwords(client, SITE_LOGIN, "Ivanova.Maria", 10)

    lines = [r.getMessage() for r in caplog.records if r.name == "maksora.security" and "locked out" in r.getMessage()]
    assert len(lines) == 2
    assert f"user={golubka_worker.pk}" in lines[0]
    assert "ip=127.0.0.1" in lines[0]
    assert "username_hash=" in lines[1]
    assert not any("golubka_worker" in line or "Ivanova" in line for line in lines)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(client, golubka_worker, settings):
    # TRUSTED_PROXY_COUNT=1 in the environment gives these settings (see maksora/settings.py).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False

    wrong_passwords(client, SITE_LOGIN, "golubka_worker", 1, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_an_administrator_sees_lockouts_in_russian_and_clears_them(ru_client, client, golubka_worker, site_admin):
    wrong_passwords(client, SITE_LOGIN, "golubka_worker", 10)
    attempt = AccessAttempt.objects.get()
    ru_client.force_login(site_admin)

    listing = ru_client.get("/admin/axes/accessattempt/")
    cleared = ru_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert listing.status_code == 200
    assert "Попытки доступа" in listing.content.decode()
    assert cleared.status_code == 302
    assert client.post(SITE_LOGIN, {"username": "golubka_worker", "password": PASSWORD}).status_code == 302


def test_a_coordinator_cannot_see_the_lockouts(as_user, coordinator):
    assert as_user(coordinator).get("/admin/axes/accessattempt/").status_code == 403
