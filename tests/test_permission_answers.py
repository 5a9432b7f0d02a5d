"""A user's model-permission answers are asked once per request, and never outlive a change Django would see."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_same_question_twice_is_answered_from_memory(coordinator, monkeypatch):
    from django.contrib.auth import models as auth_models

    asked = []
    backend_check = auth_models._user_has_perm
    monkeypatch.setattr(auth_models, "_user_has_perm", lambda *args: asked.append(args[1]) or backend_check(*args))
    assert coordinator.has_perm("cases.view_case") and coordinator.has_perm("cases.view_case")
    assert coordinator.has_module_perms("cases") and coordinator.has_module_perms("cases")
    with CaptureQueriesContext(connection) as queries:
        assert not coordinator.has_perm("auth.change_user")
    assert asked == ["cases.view_case", "auth.change_user"] and not queries


def test_a_permission_granted_is_seen_once_djangos_cache_is_refreshed(coordinator):
    assert not coordinator.has_perm("auth.change_user")
    coordinator.user_permissions.add(Permission.objects.get(codename="change_user"))
    assert not coordinator.has_perm("auth.change_user")  # Django's own cache answers the same until refreshed
    del coordinator._perm_cache, coordinator._user_perm_cache
    assert coordinator.has_perm("auth.change_user")


def test_a_deactivated_user_is_denied_at_once(coordinator):
    assert coordinator.has_perm("cases.view_case")
    coordinator.is_active = False
    assert not coordinator.has_perm("cases.view_case")
    assert not coordinator.has_module_perms("cases")


def test_object_checks_are_always_asked(coordinator):
    other = UserFactory(username="other")
    assert not coordinator.has_perm("cases.view_case", other)


def test_a_role_without_the_permission_is_still_denied(golubka_worker, manager):
    assert not golubka_worker.has_perm("cases.view_case")
    assert manager.has_perm("cases.view_case") and not manager.has_perm("cases.change_case")
