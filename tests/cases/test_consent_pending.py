"""Intake and enrolment ask for the processing consent; without it the case opens with it pending."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from cases.models import Case, Consent, Person
from cases.services import consent_give
from sponsorship.services import child_enrol
from tests.cases.factories import CaseFactory, unit
from tests.cases.test_intake import URL, intake_data

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(date(2026, 3, 10), tick=False):
        yield


def signed(prefix: str, day: str = "10.03.2026") -> dict:
    return {f"{prefix}-consent_signed": "on", f"{prefix}-consent_given_on": day}


def test_intake_records_her_consent_and_her_childs_signed_by_her(as_user, golubka_worker):
    data = intake_data([("Смирнов", "Илья", "2019-03-01")], **signed("mother"), **signed("children-0"))
    response = as_user(golubka_worker).post(URL, data)
    assert response.status_code == 302
    mother = Person.objects.get(given_name="Дарья")
    child = Person.objects.get(given_name="Илья")
    assert Consent.objects.get(person=mother).signed_by is None
    consent = Consent.objects.get(person=child)
    assert consent.signed_by == mother and consent.given_on == TODAY and consent.text.version_label == "2025-09"
    assert Case.objects.get().consent_due_on is None


def test_intake_without_signatures_opens_the_case_with_the_consent_pending(as_user, golubka_worker):
    client = as_user(golubka_worker)
    response = client.post(URL, intake_data([("Смирнов", "Илья", "2019-03-01")], **signed("mother")))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.consent_due_on == TODAY + timedelta(days=3)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Consent to data processing pending: to be signed by 13.03.2026." in page


def test_the_days_allowed_are_a_setting(as_user, golubka_worker, settings):
    settings.CONSENT_DUE_DAYS = 7
    as_user(golubka_worker).post(URL, intake_data())
    assert Case.objects.get().consent_due_on == date(2026, 3, 17)


def test_a_pending_consent_is_overdue_on_the_caseload_after_n_days(as_user, golubka_worker):
    client = as_user(golubka_worker)
    client.post(URL, intake_data())
    case = Case.objects.get()
    assert "consent pending, due 13.03.2026" in client.get(reverse("home")).content.decode()
    with time_machine.travel(date(2026, 3, 14), tick=False):
        assert list(Case.objects.consent_overdue(date(2026, 3, 14))) == [case]
        client = as_user(golubka_worker)  # a new day, a new sign-in
        home = client.get(reverse("home")).content.decode()
        assert "consent overdue since 13.03.2026" in home
        assert "consent overdue since 13.03.2026" in client.get(reverse("cases:case_list")).content.decode()


def test_recording_the_missing_consents_settles_the_case(as_user, golubka_worker):
    as_user(golubka_worker).post(URL, intake_data([("Смирнов", "Илья", "2019-03-01")]))
    case = Case.objects.get()
    mother, child = Person.objects.get(given_name="Дарья"), Person.objects.get(given_name="Илья")
    consent_give(person=mother, purpose="data_processing", given_on=TODAY, by=golubka_worker)
    case.refresh_from_db()
    assert case.consent_due_on is not None
    consent_give(person=child, purpose="data_processing", given_on=TODAY, signed_by=mother, by=golubka_worker)
    case.refresh_from_db()
    assert case.consent_due_on is None


def test_a_signature_dated_tomorrow_is_refused_on_the_intake_keeping_what_was_typed(as_user, golubka_worker):
    data = intake_data([("Смирнов", "Илья", "2019-03-01")], **signed("children-0", "20.03.2026"))
    response = as_user(golubka_worker).post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A consent cannot be given in the future." in page and 'value="Илья"' in page
    assert not Case.objects.exists()


def test_the_coordinators_review_counts_and_filters_overdue_consents(client, coordinator, golubka_worker):
    overdue = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, consent_due_on=date(2026, 3, 1))
    CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, consent_due_on=date(2026, 3, 20))
    CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    client.force_login(coordinator)
    review = client.get(reverse("admin:cases_case_caseload"))
    row = next(worker for worker in review.context["rows"] if worker.pk == golubka_worker.pk)
    assert row.overdue_consents == 1
    listed = client.get(reverse("admin:cases_case_changelist"), {"consent": "overdue"})
    assert [case.pk for case in listed.context["cl"].result_list] == [overdue.pk]
    pending = client.get(reverse("admin:cases_case_changelist"), {"consent": "pending"})
    assert len(pending.context["cl"].result_list) == 2


def test_enrolling_a_child_without_her_representatives_consent_opens_it_pending(sponsorship_officer):
    child = child_enrol(
        person={"family_name": "Зайцева", "given_name": "Полина", "sex": "F", "birth_date": date(2015, 1, 1)},
        avsi_code="RU-P-1",
        living_situation="family",
        enrolled_on=date(2026, 3, 2),
        by=sponsorship_officer,
    )
    case = Case.objects.get(unit__code="distance", primary_person=child.person)
    assert case.consent_due_on == date(2026, 3, 5)
