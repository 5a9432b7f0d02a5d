"""The coordinators' pages: the list of people to be destroyed, the confirmation, the act, the export."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from cases.models import Consent, Person, Restriction
from maksora.models import AccessRecord
from privacy.models import DestructionAct, LegalHold
from tests.cases.factories import UserFactory
from tests.pdf_text import pdf_text
from tests.privacy.factories import SENTINEL, sentinel_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def margarita_coordinator(db):
    return UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])


def test_the_list_shows_her_withdrawn_consent_with_its_due_date(as_user, family, privacy_coordinator):
    response = as_user(privacy_coordinator).get(reverse("privacy:due"))
    assert response.status_code == 200
    rows = [due.person.pk for due in response.context["withdrawals"]]
    assert rows == [family.person.pk]
    assert reverse("privacy:destroy", args=[family.person.pk]) in response.content.decode()


def test_the_list_is_for_coordinators_only(as_user, family, golubka_worker, manager):
    assert as_user(golubka_worker).get(reverse("privacy:due")).status_code == 403
    assert as_user(manager).get(reverse("privacy:due")).status_code == 403


def test_another_units_coordinator_does_not_see_her_in_the_list(as_user, family, margarita_coordinator):
    response = as_user(margarita_coordinator).get(reverse("privacy:due"))
    assert response.context["withdrawals"] == []


@pytest.mark.parametrize("families", [1, 4])
def test_the_list_reads_the_same_number_of_queries_for_one_or_many(
    families, as_user, privacy_coordinator, private_media, django_assert_num_queries
):
    from tests.privacy.factories import retention_policies

    retention_policies()
    for _n in range(families):
        sentinel_family(author=privacy_coordinator)
    client = as_user(privacy_coordinator)
    client.get(reverse("privacy:due"))
    with django_assert_num_queries(22):
        response = client.get(reverse("privacy:due"))
    assert len(response.context["withdrawals"]) == families


def test_the_confirmation_shows_the_dry_run_and_destroys_on_post(as_user, family, privacy_coordinator):
    client = as_user(privacy_coordinator)
    url = reverse("privacy:destroy", args=[family.person.pk])

    page = client.get(url)
    assert page.status_code == 200
    plan = dict((key, count) for key, _label, count in page.context["plan"].categories)
    assert plan["consents"] == 1 and plan["relationships"] == 1
    assert not DestructionAct.objects.exists()

    response = client.post(url, {"legal_ground": "consent_withdrawn", "confirm": "on"})
    act = DestructionAct.objects.get()
    assert response.status_code == 302 and response.url == reverse("privacy:act_detail", args=[act.pk])
    assert Person.objects.get(pk=family.person.pk).family_name != SENTINEL


def test_without_the_confirmation_box_nothing_is_destroyed(as_user, family, privacy_coordinator):
    url = reverse("privacy:destroy", args=[family.person.pk])
    response = as_user(privacy_coordinator).post(url, {"legal_ground": "consent_withdrawn"})
    assert response.status_code == 400
    assert not DestructionAct.objects.exists()


def test_a_legal_hold_is_shown_and_a_post_is_refused(as_user, family, privacy_coordinator):
    LegalHold.objects.create(person=family.person, reason="Суд", until=date(2099, 1, 1))
    client = as_user(privacy_coordinator)
    url = reverse("privacy:destroy", args=[family.person.pk])
    page = client.get(url)
    assert "legal hold" in page.content.decode()
    assert "destroy-form" not in page.content.decode()
    assert client.post(url, {"legal_ground": "consent_withdrawn", "confirm": "on"}).status_code == 400
    assert not DestructionAct.objects.exists()


def test_a_worker_cannot_destroy_and_another_units_coordinator_gets_404(
    as_user, family, golubka_worker, margarita_coordinator
):
    Restriction.objects.filter(person=family.person).delete()
    # Given again, her consent makes her record visible to the worker once more (a withdrawn one hides it).
    Consent.objects.create(person=family.person, purpose="data_processing", given_on=date(2026, 1, 20))
    url = reverse("privacy:destroy", args=[family.person.pk])
    assert as_user(golubka_worker).get(url).status_code == 403
    assert as_user(golubka_worker).post(url, {"legal_ground": "consent_withdrawn", "confirm": "on"}).status_code == 403
    assert as_user(margarita_coordinator).get(url).status_code == 404
    assert not DestructionAct.objects.exists()


def test_the_act_prints_and_downloads_as_pdf_without_her_name(as_user, family, privacy_coordinator):
    client = as_user(privacy_coordinator)
    client.post(
        reverse("privacy:destroy", args=[family.person.pk]), {"legal_ground": "consent_withdrawn", "confirm": "on"}
    )
    act = DestructionAct.objects.get()

    page = client.get(reverse("privacy:act_detail", args=[act.pk]))
    assert page.status_code == 200 and f"#{family.person.pk}" in page.content.decode()
    response = client.get(reverse("privacy:act_pdf", args=[act.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert f"#{family.person.pk}" in text
    assert SENTINEL.lower() not in text.lower()


def test_another_units_coordinator_gets_404_for_the_act(as_user, family, privacy_coordinator, margarita_coordinator):
    as_user(privacy_coordinator).post(
        reverse("privacy:destroy", args=[family.person.pk]), {"legal_ground": "consent_withdrawn", "confirm": "on"}
    )
    act = DestructionAct.objects.get()
    assert as_user(margarita_coordinator).get(reverse("privacy:act_pdf", args=[act.pk])).status_code == 404


def test_the_export_holds_a_summary_a_csv_per_kind_and_her_files_and_is_logged(as_user, family, privacy_coordinator):
    response = as_user(privacy_coordinator).get(reverse("privacy:subject_access", args=[family.person.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"summary.pdf", "cases_person.csv", "cases_person_history.csv", "maksora_accessrecord.csv"} <= names
    assert {f"files/{name}" for name in family.files} <= names
    assert SENTINEL in pdf_text(archive.read("summary.pdf"))
    people = list(csv.DictReader(io.StringIO(archive.read("cases_person.csv").decode("utf-8-sig"))))
    assert {row["family_name"] for row in people} == {SENTINEL}
    shared = archive.read("cases_note.csv").decode("utf-8-sig")
    assert "Пётр здоров" in shared  # her mother's note that names her
    assert "Работа для Ольги" not in archive.read("cases_goal.csv").decode("utf-8-sig")  # does not name her
    record = AccessRecord.objects.get(export_kind="subject_access")
    assert record.person_id == family.person.pk and record.user == privacy_coordinator


def test_a_worker_cannot_export_and_another_units_coordinator_gets_404(
    as_user, family, golubka_worker, margarita_coordinator
):
    Restriction.objects.filter(person=family.person).delete()
    # Given again, her consent makes her record visible to the worker once more (a withdrawn one hides it).
    Consent.objects.create(person=family.person, purpose="data_processing", given_on=date(2026, 1, 20))
    url = reverse("privacy:subject_access", args=[family.person.pk])
    assert as_user(golubka_worker).get(url).status_code == 403
    assert as_user(margarita_coordinator).get(url).status_code == 404
    assert not AccessRecord.objects.filter(export_kind="subject_access").exists()


def test_the_admin_action_leads_to_the_confirmation_page(as_user, family, privacy_coordinator):
    response = as_user(privacy_coordinator).post(
        reverse("admin:cases_person_changelist"),
        {"action": "destroy_selected", "_selected_action": [family.person.pk]},
    )
    assert response.status_code == 302
    assert response.url == reverse("privacy:destroy", args=[family.person.pk])
