"""Withdrawing the processing consent hides her record at once, except from her units' coordinators."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.consents import destruction_due_on
from cases.models import Case, Person
from cases.services import consent_give, consent_withdraw
from maksora.access import handles_withdrawn_record
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.sponsorship.factories import ContributionFactory


@pytest.fixture
def withdrawn(golubka_case, golubka_worker):
    """Иванова Мария (Golubka) withdrew her processing consent today."""
    person = golubka_case.primary_person
    consent = consent_give(person=person, purpose="data_processing", given_on=date(2026, 1, 15), by=golubka_worker)
    consent_withdraw(consent=consent, on=timezone.localdate(), by=golubka_worker)
    return person


def test_destruction_is_due_30_days_after_the_withdrawal(golubka_case):
    person = golubka_case.primary_person
    assert destruction_due_on(person) is None
    consent = consent_give(person=person, purpose="data_processing", given_on=date(2026, 1, 15), by=None)
    assert destruction_due_on(person) is None
    consent_withdraw(consent=consent, on=date(2026, 2, 10), by=None)
    assert destruction_due_on(person) == date(2026, 3, 12)
    # Another purpose withdrawn is no reason to destroy her record.
    photos = consent_give(person=person, purpose="photos", given_on=date(2026, 1, 15), by=None)
    consent_withdraw(consent=photos, on=date(2026, 2, 20), by=None)
    assert destruction_due_on(person) == date(2026, 3, 12)


def test_a_consent_given_again_stops_the_clock(withdrawn):
    consent_give(person=withdrawn, purpose="data_processing", given_on=timezone.localdate(), by=None)
    assert destruction_due_on(withdrawn) is None


def test_the_worker_loses_her_at_once_list_search_autocomplete_page(as_user, golubka_worker, withdrawn, namesakes):
    client = as_user(golubka_worker)
    assert not Person.objects.visible_to(golubka_worker).filter(pk=withdrawn.pk).exists()
    assert client.get(reverse("cases:case_list")).context["page_obj"].paginator.count == 0
    assert client.get(reverse("home")).context["page_obj"].paginator.count == 0
    found = client.get(reverse("cases:case_list"), {"q": "Иванова"}).context["page_obj"]
    assert list(found) == []
    auto = client.get(reverse("cases:person_autocomplete"), {"q": "Иванова"}).json()
    assert auto["results"] == []
    assert client.get(reverse("cases:person_detail", args=[withdrawn.pk])).status_code == 404


def test_her_units_coordinator_sees_her_marked_to_be_destroyed(as_user, coordinator, withdrawn):
    client = as_user(coordinator)
    assert Person.objects.visible_to(coordinator).filter(pk=withdrawn.pk).exists()
    assert handles_withdrawn_record(coordinator, {"golubka"})
    page = client.get(reverse("cases:person_detail", args=[withdrawn.pk])).content.decode()
    due = (timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"to be destroyed by {due}" in page
    assert client.get(reverse("cases:case_list")).context["page_obj"].paginator.count == 1


def test_a_coordinator_of_other_units_and_the_manager_do_not_see_her(as_user, withdrawn, manager):
    other = CaseFactory(unit=unit("margarita")).primary_person
    margarita_coordinator = _coordinator_of("margarita")
    assert not handles_withdrawn_record(margarita_coordinator, {"golubka"})
    for user in (margarita_coordinator, manager):
        assert not Person.objects.visible_to(user).filter(pk=withdrawn.pk).exists()
    assert Person.objects.visible_to(manager).filter(pk=other.pk).exists()


def test_figures_still_count_her(withdrawn, golubka_worker):
    assert Case.objects.counted_for(golubka_worker).filter(primary_person=withdrawn).exists()


def test_withdrawing_from_her_page_sends_the_worker_back_to_her_caseload(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    consent = consent_give(person=person, purpose="data_processing", given_on=date(2026, 1, 15), by=golubka_worker)
    client = as_user(golubka_worker)
    response = client.post(reverse("cases:consent_withdraw", args=[consent.pk]), {"withdrawn_on": _today()})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("cases:person_detail", args=[person.pk])).status_code == 404


def test_a_withdrawn_childs_contributions_leave_the_sponsor_statement_export(as_user, sponsorship_officer):
    first = ContributionFactory(reference="AVSI-A")
    second = ContributionFactory(sponsorship__sponsor=first.sponsorship.sponsor, reference="AVSI-B")
    child = second.sponsorship.child.person
    consent = consent_give(
        person=child, purpose="data_processing", given_on=date(2025, 1, 1), signed_by=_mother_of(child), by=None
    )
    consent_withdraw(consent=consent, on=timezone.localdate(), by=None)
    url = reverse("sponsorship:sponsor_statement_csv", args=[first.sponsorship.sponsor.pk])
    response = as_user(sponsorship_officer).get(url, {"year": 2025})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    references = [row[1] for row in rows]
    assert "AVSI-A" in references and "AVSI-B" not in references


def test_the_report_drilldown_shows_no_facts_about_her(client, manager, withdrawn):
    client.force_login(manager)
    url = reverse("reports:drilldown", args=["people_served", "people_served"]) + "?year=2026"
    rows = client.get(url).context["rows"]
    assert withdrawn.full_name not in [row[0] for row in rows]


def _today() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def _coordinator_of(code):
    from tests.cases.factories import UserFactory

    return UserFactory(username=f"coordinator_{code}", role="coordinator", units=[code])


def _mother_of(child):
    from tests.cases.factories import RelationshipFactory

    mother = PersonFactory(birth_date=date(1985, 1, 1))
    RelationshipFactory(from_person=mother, to_person=child, kind="mother")
    return mother
