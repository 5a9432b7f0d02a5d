"""Data checks: each finds exactly the planted problems, keeps them across runs, and shows
them only to those who may read the record (worked out by hand for 10 June 2026)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Consent, DuplicateCandidate, Note
from datachecks.checks import CHECKS
from datachecks.models import DataCheck, DataProblem
from datachecks.services import data_checks_run
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, UserFactory, unit
from tests.shelters.factories import StayFactory
from tests.sponsorship.factories import CorrespondenceFactory, SponsoredChildFactory, SponsorshipFactory

TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def frozen_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime(2026, 6, 10, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        yield


def found(kind) -> list[str]:
    return sorted(finding.record_key for finding in CHECKS[kind](TODAY))


def note(case, day, by):
    return Note.objects.create(case=case, date=day, text="Встреча", author=by)


def test_birth_date_check_finds_missing_and_implausible_dates_in_open_cases(golubka_worker, golubka_case):
    missing = CaseMemberFactory(case=golubka_case, person=PersonFactory(birth_date=None)).person
    future = CaseMemberFactory(case=golubka_case, person=PersonFactory(birth_date=date(2027, 1, 1))).person
    ancient = CaseMemberFactory(case=golubka_case, person=PersonFactory(birth_date=date(1899, 5, 1))).person
    CaseMemberFactory(case=golubka_case, person=PersonFactory(birth_date=date(2020, 2, 29)))  # plausible
    closed = CaseFactory(status="closed", closed_on=date(2026, 3, 1), primary_person=PersonFactory(birth_date=None))
    on_hold = CaseFactory(status="on_hold", primary_person=PersonFactory(birth_date=None))
    assert found(DataCheck.BIRTH_DATE) == sorted(
        f"person:{person.pk}/case:{golubka_case.pk}" for person in (missing, future, ancient)
    )
    assert closed and on_hold  # neither watched


def test_quiet_case_check_finds_active_cases_without_a_note_for_30_days(golubka_worker, golubka_case):
    note(golubka_case, date(2026, 5, 20), golubka_worker)  # 21 days ago: fine
    quiet = CaseFactory(assigned_to=golubka_worker)
    note(quiet, date(2026, 5, 10), golubka_worker)  # 31 days ago
    never = CaseFactory(assigned_to=golubka_worker)  # opened in January, no note at all
    CaseFactory(opened_on=date(2026, 5, 25))  # too new to be quiet
    CaseFactory(status="on_hold")
    assert found(DataCheck.QUIET_CASE) == sorted([f"case:{quiet.pk}", f"case:{never.pk}"])


def test_stay_check_finds_people_over_three_without_a_bed(db):
    StayFactory(bed=None, person=PersonFactory(birth_date=date(2024, 1, 1)))  # two years old, shares a bed
    over_three = StayFactory(bed=None, person=PersonFactory(birth_date=date(2022, 6, 9)))
    unknown_age = StayFactory(bed=None, person=PersonFactory(birth_date=None))
    StayFactory(person=PersonFactory(birth_date=date(1990, 1, 1)))  # has a bed
    StayFactory(bed=None, period=DateRange(date(2025, 1, 1), date(2025, 2, 1), "[)"))  # over
    assert found(DataCheck.STAY_WITHOUT_BED) == sorted([f"stay:{over_three.pk}", f"stay:{unknown_age.pk}"])


def test_photo_check_finds_children_without_a_photo_from_the_last_year(golubka_worker):
    without = SponsoredChildFactory()
    filed = SponsoredChildFactory()
    Attachment.objects.create(
        person=filed.person,
        file=SimpleUploadedFile("p.jpg", b"x"),
        original_name="p.jpg",
        content_type="image/jpeg",
        size=1,
        kind="photo",
        uploaded_by=golubka_worker,
    )
    old_letter = SponsoredChildFactory()
    CorrespondenceFactory(sponsorship=SponsorshipFactory(child=old_letter), photo="p.jpg", sent_on=date(2025, 5, 1))
    recent_letter = SponsoredChildFactory()
    CorrespondenceFactory(sponsorship=SponsorshipFactory(child=recent_letter), photo="p.jpg", sent_on=date(2026, 1, 5))
    SponsoredChildFactory(exited_on=date(2026, 1, 1))
    assert found(DataCheck.CHILD_PHOTO) == sorted([f"child:{without.pk}", f"child:{old_letter.pk}"])


def test_consent_check_finds_people_of_open_cases_without_processing_consent(golubka_worker, golubka_case):
    mother = golubka_case.primary_person
    Consent.objects.create(person=mother, purpose="data_processing", given_on=date(2026, 1, 15))
    child = CaseMemberFactory(case=golubka_case).person
    Consent.objects.create(person=child, purpose="photos", given_on=date(2026, 1, 15))
    withdrawn = CaseMemberFactory(case=golubka_case).person
    Consent.objects.create(
        person=withdrawn, purpose="data_processing", given_on=date(2026, 1, 15), withdrawn_on=date(2026, 6, 1)
    )
    assert found(DataCheck.CONSENT) == sorted(
        f"person:{person.pk}/case:{golubka_case.pk}" for person in (child, withdrawn)
    )


def test_pair_check_finds_duplicates_undecided_for_over_30_days(db):
    def pair(days_ago, status="undecided"):
        return DuplicateCandidate.objects.create(
            person_a=PersonFactory(),
            person_b=PersonFactory(),
            score=0.9,
            found_at=timezone.now() - timedelta(days=days_ago),
            status=status,
        )

    old = pair(31)
    pair(10)
    pair(45, status="different")
    assert found(DataCheck.UNDECIDED_PAIR) == [f"pair:{old.pk}"]


@pytest.fixture
def golubka_problems(golubka_worker, golubka_case, margarita_case):
    """A quiet Golubka case of hers, one of a colleague, and a quiet Margarita case (whose mother's
    birth date is not recorded)."""
    colleague = UserFactory(username="colleague", role="social_worker", units=["golubka"])
    for case in (golubka_case, margarita_case):
        for member in case.members.all():
            Consent.objects.create(person=member, purpose="data_processing", given_on=date(2026, 1, 15))
    colleagues = CaseFactory(assigned_to=colleague, primary_person=PersonFactory(family_name="Коллегина"))
    Consent.objects.create(person=colleagues.primary_person, purpose="data_processing", given_on=date(2026, 1, 15))
    data_checks_run(today=TODAY)
    return colleague, colleagues


def listed(response) -> list[tuple[str, int]]:
    return [(problem.kind, problem.case_id) for problem in response.context["page_obj"]]


def test_the_worker_sees_her_problems_and_a_coordinator_her_units(
    as_user, client, golubka_worker, coordinator, golubka_case, margarita_case, golubka_problems
):
    colleague, colleagues = golubka_problems
    mine = as_user(golubka_worker).get(reverse("datachecks:problem_list"))
    assert listed(mine) == [("quiet_case", golubka_case.pk)]
    units = client.get(reverse("datachecks:problem_list"), {"scope": "units"})
    assert sorted(listed(units)) == sorted([("quiet_case", golubka_case.pk), ("quiet_case", colleagues.pk)])
    overseen = as_user(coordinator).get(reverse("datachecks:problem_list"))
    assert sorted(listed(overseen)) == sorted(listed(units))
    assert "Петрова" not in overseen.content.decode()


def test_margarita_s_worker_never_sees_golubka_s_problems(as_user, margarita_worker, margarita_case, golubka_problems):
    response = as_user(margarita_worker).get(reverse("datachecks:problem_list"), {"scope": "units"})
    # Her case's mother has no birth date recorded (see tests/cases/conftest.py).
    assert sorted(listed(response)) == [("birth_date", margarita_case.pk), ("quiet_case", margarita_case.pk)]
    golubka = DataProblem.objects.exclude(unit=margarita_case.unit).first()
    assert as_user(margarita_worker).get(reverse("datachecks:problem_dismiss", args=[golubka.pk])).status_code == 404


def test_a_dismissal_needs_a_reason_and_is_not_raised_again(as_user, golubka_worker, golubka_case, golubka_problems):
    problem = DataProblem.objects.get(case=golubka_case)
    client = as_user(golubka_worker)
    url = reverse("datachecks:problem_dismiss", args=[problem.pk])
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 400
    assert client.post(url, {"reason": "Семья уехала на месяц"}).status_code == 302
    data_checks_run(today=TODAY + timedelta(days=1))
    problem.refresh_from_db()
    assert problem.dismissed_on == TODAY and problem.dismissal_reason == "Семья уехала на месяц"
    assert listed(client.get(reverse("datachecks:problem_list"))) == []


def test_a_colleague_cannot_dismiss_her_problem_but_the_coordinator_can(
    as_user, client, coordinator, golubka_case, golubka_problems
):
    colleague, _ = golubka_problems
    problem = DataProblem.objects.get(case=golubka_case)
    url = reverse("datachecks:problem_dismiss", args=[problem.pk])
    assert as_user(colleague).post(url, {"reason": "нет"}).status_code == 403
    assert as_user(coordinator).post(url, {"reason": "Проверено"}).status_code == 302


def test_runs_are_idempotent_resolve_what_was_fixed_and_follow_reassignment(
    golubka_worker, golubka_case, golubka_problems
):
    colleague, colleagues = golubka_problems
    first = DataProblem.objects.get(case=golubka_case)
    again = data_checks_run(today=TODAY)
    assert (again.new, again.resolved) == (0, 0)
    assert DataProblem.objects.count() == 4  # three quiet cases, and Margarita's mother's birth date
    note(golubka_case, TODAY, golubka_worker)
    colleagues.assigned_to = golubka_worker
    colleagues.save()
    later = data_checks_run(today=TODAY + timedelta(days=1))
    first.refresh_from_db()
    assert first.resolved_on == TODAY + timedelta(days=1) and later.resolved == 1
    assert DataProblem.objects.get(case=colleagues).assigned_to == golubka_worker


def test_only_coordinators_run_the_checks_on_demand(as_user, client, golubka_worker, coordinator, golubka_case):
    assert as_user(golubka_worker).post(reverse("datachecks:checks_run")).status_code == 403
    response = as_user(coordinator).post(reverse("datachecks:checks_run"))
    assert response.status_code == 302
    assert DataProblem.objects.filter(case=golubka_case, kind="consent").exists()


def test_undecided_pairs_show_only_to_registry_stewards(as_user, manager, coordinator, golubka_worker):
    a = CaseFactory(primary_person=PersonFactory(family_name="Пара")).primary_person
    b = CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Пара")).primary_person
    DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.9, found_at=timezone.now() - timedelta(days=40))
    data_checks_run(today=TODAY, kinds=[DataCheck.UNDECIDED_PAIR])
    steward = as_user(manager).get(reverse("datachecks:problem_list"), {"kind": "undecided_pair"})
    assert [problem.kind for problem in steward.context["page_obj"]] == ["undecided_pair"]
    worker = as_user(golubka_worker).get(reverse("datachecks:problem_list"), {"scope": "units"})
    assert [problem.kind for problem in worker.context["page_obj"]] == []


def test_the_list_costs_the_same_queries_at_two_sizes(as_user, golubka_worker):
    client = as_user(golubka_worker)

    def count() -> int:
        data_checks_run(today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("datachecks:problem_list")).status_code == 200
        return len(queries)

    CaseFactory(assigned_to=golubka_worker)
    one = count()
    for _ in range(12):
        CaseFactory(assigned_to=golubka_worker, primary_person=PersonFactory(birth_date=None))
    assert count() == one
