"""A second step at login: required for admin-site staff, coordinators and managers."""

import logging
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maksora.security.models import LoginSession
from maksora.security.services import DEMO_CODES, app_secret, demo_codes_give
from tests.cases.factories import UserFactory

ENROL = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/verify/"


def code_of(device: TOTPDevice) -> str:
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{token:0{device.digits}d}"


def password_only(user) -> Client:
    """Logged in with the password, before any code."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def app_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.mark.parametrize("actor", ["coordinator", "manager", "sponsorship_officer", "site_admin"])
def test_staff_without_a_device_are_sent_to_set_one_up(request, actor):
    client = password_only(request.getfixturevalue(actor))

    site = client.get("/cases/")
    admin = client.get("/admin/")

    assert site.status_code == admin.status_code == 302
    assert site["Location"] == f"{ENROL}?next=%2Fcases%2F"
    assert admin["Location"].startswith(ENROL)


def test_a_coordinator_with_a_device_is_asked_for_her_code(coordinator):
    app_device(coordinator)
    client = password_only(coordinator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_wrong_code_is_refused(coordinator):
    app_device(coordinator)
    client = password_only(coordinator)

    response = client.post(VERIFY, {"code": "000000", "next": "/admin/"})

    assert response.status_code == 400
    assert "The code is not correct or has expired." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_right_code_opens_the_admin_and_the_site(coordinator):
    device = app_device(coordinator)
    client = password_only(coordinator)
    key_before = client.session.session_key

    response = client.post(VERIFY, {"code": code_of(device), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/cases/").status_code == 200
    assert client.session.session_key != key_before


def test_a_backup_code_works_once(manager):
    device = StaticDevice.objects.create(user=manager, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="backup01")

    first = password_only(manager)
    accepted = first.post(VERIFY, {"code": "backup01"})
    second = password_only(manager)
    refused = second.post(VERIFY, {"code": "backup01"})

    assert accepted.status_code == 302
    assert first.get("/reports/").status_code == 200
    assert refused.status_code == 400
    assert second.get("/reports/").status_code == 302


def test_a_social_worker_is_not_asked_for_a_code(golubka_worker):
    assert password_only(golubka_worker).get("/cases/").status_code == 200


def test_a_social_worker_who_turned_it_on_is_asked_for_her_code(golubka_worker):
    app_device(golubka_worker)

    response = password_only(golubka_worker).get("/cases/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_login_and_logout_stay_open_before_the_code(coordinator):
    client = password_only(coordinator)

    assert client.get(ENROL).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/cases/").status_code == 302


def test_setting_up_shows_a_local_qr_code_and_refuses_a_wrong_code(coordinator):
    client = password_only(coordinator)

    page = client.get(ENROL)
    wrong = client.post(ENROL, {"code": "123456"})

    html = page.content.decode()
    assert "<svg" in html
    assert not re.search(r"<img[^>]+src=\"https?://", html)
    device = TOTPDevice.objects.get(user=coordinator)
    assert app_secret(device) in html
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_setting_up_with_the_right_code_shows_backup_codes_once(coordinator):
    client = password_only(coordinator)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=coordinator)

    confirmed = client.post(ENROL, {"code": code_of(device)})
    codes_page = client.get(confirmed["Location"])
    again = client.get(confirmed["Location"])

    assert confirmed["Location"] == "/accounts/two-factor/backup-codes/"
    tokens = list(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(token in codes_page.content.decode() for token in tokens)
    assert not any(token in again.content.decode() for token in tokens)
    assert client.get("/cases/").status_code == 200


def test_a_new_device_cannot_be_set_up_without_the_current_code(coordinator):
    app_device(coordinator)
    client = password_only(coordinator)

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_an_administrator_resets_a_lost_phone_and_it_is_recorded(as_user, site_admin, coordinator, caplog):
    device = app_device(coordinator)
    coordinator_client = password_only(coordinator)
    coordinator_client.post(VERIFY, {"code": code_of(device)})
    admin_client = as_user(site_admin)

    with caplog.at_level(logging.INFO, logger="maksora.security"):
        response = admin_client.post(
            "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [coordinator.pk]}
        )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not LoginSession.objects.filter(user=coordinator).exists()
    assert coordinator_client.get("/cases/")["Location"].startswith("/accounts/login/")
    entry = LogEntry.objects.get(object_id=str(coordinator.pk))
    assert entry.user == site_admin
    assert "Two-step login reset" in entry.get_change_message()
    assert any(
        f"second factor reset: user={coordinator.pk} by=user={site_admin.pk}" in r.getMessage() for r in caplog.records
    )
    # At her next login she is sent to set up the new phone.
    assert password_only(coordinator).get("/cases/")["Location"].startswith(ENROL)


def test_a_coordinator_cannot_reset_anyones_device(as_user, coordinator, manager):
    app_device(manager)

    response = as_user(coordinator).post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [manager.pk]}
    )

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_demo_staff_get_printed_codes_and_demo_workers_none(db, capsys):
    call_command("seed_demo", people=1)

    printed = capsys.readouterr().out
    coordinator = UserFactory._meta.model.objects.get(username="coordinator")
    worker = UserFactory._meta.model.objects.get(username="worker_golubka")
    client = password_only(coordinator)

    assert " ".join(DEMO_CODES) in printed
    assert client.post(VERIFY, {"code": DEMO_CODES[0]}).status_code == 302
    assert client.get("/cases/").status_code == 200
    assert not StaticDevice.objects.filter(user=worker).exists()


def test_demo_codes_are_never_given_in_production(coordinator, settings):
    settings.PRODUCTION = True

    assert demo_codes_give(user=coordinator) is False
    assert not StaticDevice.objects.filter(user=coordinator).exists()
