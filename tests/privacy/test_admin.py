"""The admin: legal holds set by coordinators block destruction; retention periods set by the administrator."""

from datetime import date

import pytest
from django.urls import reverse

from privacy.models import DestructionAct, LegalHold, RetentionPolicy
from privacy.services.destruction import destruction_plan
from tests.admin.posting import admin_change
from tests.cases.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_sets_a_legal_hold_in_the_admin_and_it_blocks_destruction(as_user, family, privacy_coordinator):
    client = as_user(privacy_coordinator)
    response = client.post(
        reverse("admin:privacy_legalhold_add"),
        {"person": family.person.pk, "reason": "Запрос суда", "until": "01.01.2099"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    hold = LegalHold.objects.get(reason="Запрос суда")
    assert hold.set_by == privacy_coordinator and hold.until == date(2099, 1, 1)
    assert any("legal hold" in blocker for blocker in destruction_plan(person=family.person).blockers)


def test_another_units_coordinator_cannot_pick_her_for_a_hold(as_user, family):
    other = UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])
    response = as_user(other).post(
        reverse("admin:privacy_legalhold_add"), {"person": family.person.pk, "reason": "x", "until": ""}
    )
    assert response.status_code == 200  # the form refuses a person she cannot see
    assert not LegalHold.objects.filter(reason="x").exists()


def test_the_administrator_edits_a_retention_period_and_a_coordinator_only_reads_it(as_user, site_admin, coordinator):
    policy = RetentionPolicy.objects.get(unit__code="golubka")
    response = admin_change(as_user(site_admin), "admin:privacy_retentionpolicy_change", policy.pk, years="7")
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.years == 7
    page = as_user(coordinator).get(reverse("admin:privacy_retentionpolicy_change", args=[policy.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_destruction_acts_are_read_only_in_the_admin(as_user, family, privacy_coordinator):
    from privacy.services.destruction import person_destroy

    act = person_destroy(person=family.person, by=privacy_coordinator, legal_ground="subject_request")
    client = as_user(privacy_coordinator)
    assert client.get(reverse("admin:privacy_destructionact_changelist")).status_code == 200
    page = client.get(reverse("admin:privacy_destructionact_change", args=[act.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert DestructionAct.objects.count() == 1
