"""Sessions: a new key at login, 30 minutes idle, 12 hours at most, ended by deactivation."""

import time
from datetime import datetime

from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime as SplitDateTimeWidget
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from maksora.security.middleware import LOGIN_AT_KEY, SEEN_AT_KEY
from maksora.security.models import LoginSession
from tests.security.helpers import SignedInClient

PASSWORD = "pass-for-tests-123"


def shift_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT_KEY, "seen": SEEN_AT_KEY}[key]] = now - ago
    session.save()


def test_the_session_key_changes_at_login(client, golubka_worker):
    session = client.session
    session["before_login"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    old_key = session.session_key

    client.post("/accounts/login/", {"username": "golubka_worker", "password": PASSWORD})

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not LoginSession.objects.filter(session_key=old_key).exists()
    assert LoginSession.objects.get(session_key=new_key).user == golubka_worker


def test_a_session_idle_for_more_than_30_minutes_ends(as_user, golubka_worker):
    client = as_user(golubka_worker)
    key = client.session.session_key
    shift_session(client, seen=31 * 60)

    response = client.get("/cases/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cases/"
    assert not LoginSession.objects.filter(session_key=key).exists()
    assert client.get("/cases/").status_code == 302


def test_activity_keeps_the_session_alive(as_user, golubka_worker):
    client = as_user(golubka_worker)
    shift_session(client, seen=29 * 60)

    assert client.get("/cases/").status_code == 200
    shift_session(client, login=50 * 60)  # 29 more minutes later, counted from the last request

    assert client.session[SEEN_AT_KEY] >= int(time.time()) - 5
    assert client.get("/cases/").status_code == 200


def test_a_session_ends_12_hours_after_login_however_active(as_user, golubka_worker):
    client = as_user(golubka_worker)
    shift_session(client, login=12 * 60 * 60 + 1, seen=10)

    response = client.get("/cases/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_idle_limit_follows_its_setting(as_user, golubka_worker, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = as_user(golubka_worker)
    shift_session(client, seen=120)

    assert client.get("/cases/").status_code == 302


def test_deactivating_a_user_ends_her_live_sessions(golubka_worker, margarita_worker):
    phone, desktop, colleague = SignedInClient(), SignedInClient(), SignedInClient()
    phone.force_login(golubka_worker)
    desktop.force_login(golubka_worker)
    colleague.force_login(margarita_worker)
    assert LoginSession.objects.filter(user=golubka_worker).count() == 2

    golubka_worker.is_active = False
    golubka_worker.save()

    assert not LoginSession.objects.filter(user=golubka_worker).exists()
    assert phone.get("/cases/").status_code == 302
    assert SESSION_KEY not in desktop.session
    assert colleague.get("/cases/").status_code == 200


def test_an_administrator_deactivating_a_user_in_the_admin_ends_her_sessions(as_user, site_admin, golubka_worker):
    worker_client = SignedInClient()
    worker_client.force_login(golubka_worker)
    admin_client = as_user(site_admin)
    url = f"/admin/auth/user/{golubka_worker.pk}/change/"
    data = form_data(admin_client.get(url).context["adminform"].form)
    data.pop("is_active")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert worker_client.get("/cases/").status_code == 302
    assert not LoginSession.objects.filter(user=golubka_worker).exists()
    assert LoginSession.objects.filter(user=site_admin).exists()


def form_data(form) -> dict:
    """What the browser would send back for an unchanged admin form."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, SplitDateTimeWidget):
            if value:
                value = timezone.localtime(value) if isinstance(value, datetime) else value
                data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = value
    return data
