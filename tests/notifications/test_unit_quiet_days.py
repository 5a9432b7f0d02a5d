"""The N of "no note for N days", per unit, set by the administrator in the admin."""

from django.urls import reverse

from tests.admin.posting import admin_change
from tests.cases.factories import unit


def test_administrator_sets_a_units_days_without_a_note(client, site_admin):
    client.force_login(site_admin)
    golubka = unit("golubka")

    response = admin_change(client, "admin:maksora_unit_change", golubka.pk, quiet_days=45)

    assert response.status_code == 302
    golubka.refresh_from_db()
    assert golubka.quiet_days == 45
    assert unit("margarita").quiet_days == 30


def test_zero_days_is_refused(client, site_admin):
    client.force_login(site_admin)
    golubka = unit("golubka")

    response = admin_change(client, "admin:maksora_unit_change", golubka.pk, quiet_days=0)

    assert response.status_code == 200 and response.context["adminform"].form.errors
    golubka.refresh_from_db()
    assert golubka.quiet_days == 30


def test_a_coordinator_cannot_change_it(client, coordinator):
    client.force_login(coordinator)
    golubka = unit("golubka")

    client.post(reverse("admin:maksora_unit_change", args=[golubka.pk]), {"code": "golubka", "quiet_days": 5})

    golubka.refresh_from_db()
    assert golubka.quiet_days == 30
