"""The base every feature stands on: settings, roles, units, access, error pages."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from maksora.access import access_for
from maksora.env import env_bool, env_int
from maksora.models import Unit
from shelters.models import House


def test_roles_and_units_are_created_by_migrations(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "social_worker",
        "coordinator",
        "manager",
        "sponsorship_officer",
        "admin",
    }
    assert set(Unit.objects.values_list("code", flat=True)) == {"golubka", "margarita", "local", "distance"}
    assert set(House.objects.values_list("unit__code", flat=True)) == {"golubka", "margarita"}


def test_coordinator_group_can_change_cases_but_manager_only_view(db):
    coordinator = set(Group.objects.get(name="coordinator").permissions.values_list("codename", flat=True))
    manager = set(Group.objects.get(name="manager").permissions.values_list("codename", flat=True))
    assert {"change_case", "view_case", "add_note"} <= coordinator
    assert "view_case" in manager
    assert not any(code.startswith(("add_", "change_", "delete_")) for code in manager)


def test_worker_reaches_only_her_units(golubka_worker, coordinator, manager, outsider, sponsorship_officer):
    assert access_for(golubka_worker).case_unit_codes == {"golubka"}
    assert access_for(coordinator).case_unit_codes == {"golubka", "local"}
    assert access_for(manager).case_unit_codes == {"golubka", "margarita", "local", "distance"}
    assert access_for(sponsorship_officer).case_unit_codes == {"distance"}
    assert access_for(outsider).case_unit_codes == frozenset()


def test_manager_edits_nothing_by_default(manager):
    assert not access_for(manager).can_edit_unit("golubka")


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_russian_by_default(ru_client):
    response = ru_client.get(reverse("login"))
    assert response.status_code == 200
    assert "Войти" in response.content.decode()


def test_login_page_in_italian_when_asked(ru_client):
    ru_client.cookies["django_language"] = "it"
    response = ru_client.get(reverse("login"))
    assert 'lang="it"' in response.content.decode()


def test_unknown_url_gives_styled_404(ru_client, golubka_worker):
    ru_client.force_login(golubka_worker)
    response = ru_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_healthz_answers_ok(client, db):
    assert client.get(reverse("healthz")).content == b"ok"


def test_home_navigation_follows_role(client, manager, golubka_worker):
    client.force_login(golubka_worker)
    worker_page = client.get(reverse("home")).content.decode()
    client.force_login(manager)
    manager_page = client.get(reverse("home")).content.decode()
    assert "Administration" not in worker_page
    assert "Administration" in manager_page


def test_bad_boolean_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG")


def test_bad_integer_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured):
        env_int("EMAIL_PORT", 25)


def test_pghistory_records_who_changed_a_person(client, golubka_worker):
    import pghistory

    from tests.cases.factories import PersonFactory

    with pghistory.context(user=golubka_worker.pk, url="/test"):
        person = PersonFactory(family_name="Орлова")
        person.family_name = "Орлова-Петрова"
        person.save()
    events = person.events.order_by("pgh_id")
    assert [e.family_name for e in events] == ["Орлова", "Орлова-Петрова"]
    assert events.last().pgh_context.metadata["user"] == golubka_worker.pk


def test_history_catches_bulk_updates_that_bypass_save(golubka_worker):
    import pghistory

    from cases.models import Person
    from tests.cases.factories import PersonFactory

    person = PersonFactory(family_name="Зайцева")
    with pghistory.context(user=golubka_worker.pk, url="/admin/cases/person/"):
        Person.objects.filter(pk=person.pk).update(phone="+7 913 000-00-00")
    latest = person.events.order_by("pgh_id").last()
    assert latest.phone == "+7 913 000-00-00"
    assert latest.pgh_context.metadata["url"] == "/admin/cases/person/"


def test_passwords_are_hashed_with_argon2_outside_tests():
    from maksora import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
