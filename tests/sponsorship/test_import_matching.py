"""The AVSI import matches new children across the registry, as intake does, never naming other units' people."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import DuplicateCandidate, Person
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.models import SponsoredChild
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.data.avsi_rows import child_row, csv_bytes

SENTINEL = "Шелтерова"  # the family name of a woman in Golubka: never to be shown to the sponsorship officer


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def golubka_namesake(db):
    """Маша (a diminutive of Мария) in a Golubka case, born the day the imported Мария was."""
    person = PersonFactory(
        family_name="Кузнецова", given_name="Маша", patronymic=SENTINEL, birth_date=date(2014, 5, 14)
    )
    CaseFactory(unit=unit("golubka"), primary_person=person)
    return person


def import_file(by, *, dry_run=False, **cells):
    data = csv_bytes(child_row(given_name="Мария", patronymic="", **cells))
    return avsi_spreadsheet_import(data=data, name="avsi.csv", dry_run=dry_run, by=by)


def outcome_texts(result) -> str:
    rows = result.created + result.changed + result.unchanged + result.rejected
    return " ".join(f"{o.key} {o.detail} {o.changes}" for o in rows)


def test_a_namesake_in_a_shelter_is_not_mentioned_in_the_check_or_the_preview_page(
    as_user, sponsorship_officer, golubka_namesake
):
    result = import_file(sponsorship_officer, dry_run=True)

    assert result.ok and [o.detail for o in result.created] == ["Кузнецова Мария"]
    assert "linked" not in outcome_texts(result) and SENTINEL not in outcome_texts(result)
    response = as_user(sponsorship_officer).post(
        reverse("sponsorship:import_upload"),
        {"file": SimpleUploadedFile("avsi.csv", csv_bytes(child_row(given_name="Мария", patronymic="")))},
    )
    assert response.status_code == 200 and "Кузнецова Мария" in response.content.decode()
    assert SENTINEL not in response.content.decode()
    assert not DuplicateCandidate.objects.exists()


def test_applying_creates_a_new_person_and_files_the_pair_for_the_stewards(sponsorship_officer, golubka_namesake):
    result = import_file(sponsorship_officer)

    assert result.applied and SENTINEL not in outcome_texts(result)
    child = SponsoredChild.objects.get()
    assert child.person != golubka_namesake and Person.objects.count() == 2
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a, pair.person_b} == {child.person, golubka_namesake}
    assert pair.status == "undecided" and pair.found_by == sponsorship_officer and pair.score >= 0.6
    assert "same date of birth" in pair.reasons


def test_a_transliterated_namesake_is_filed_too(sponsorship_officer, golubka_namesake):
    result = import_file(sponsorship_officer, family_name="Kuznetsova")

    assert result.applied and SENTINEL not in outcome_texts(result)
    assert DuplicateCandidate.objects.filter(person_b=SponsoredChild.objects.get().person).exists()


def test_reimporting_the_same_file_does_not_file_the_pair_twice(sponsorship_officer, golubka_namesake):
    import_file(sponsorship_officer)

    again = import_file(sponsorship_officer)

    assert again.totals()["unchanged"] == 1 and DuplicateCandidate.objects.count() == 1


def test_a_different_people_decision_is_kept_on_reimport(sponsorship_officer, manager, golubka_namesake):
    import_file(sponsorship_officer)
    DuplicateCandidate.objects.update(status="different", decided_by=manager, decided_at=timezone.now())

    import_file(sponsorship_officer)

    pair = DuplicateCandidate.objects.get()
    assert (pair.status, pair.decided_by) == ("different", manager)


def test_a_child_already_in_distance_support_is_linked_not_copied(sponsorship_officer, golubka_namesake):
    known = PersonFactory(family_name="Кузнецова", given_name="Маша", patronymic="", birth_date=date(2014, 5, 14))
    CaseFactory(unit=unit("distance"), primary_person=known)

    result = import_file(sponsorship_officer)

    assert result.applied and result.created[0].detail == "linked to Кузнецова Маша of the registry"
    assert SponsoredChild.objects.get().person == known and Person.objects.count() == 2
    assert SENTINEL not in outcome_texts(result)


def test_a_weaker_match_in_her_own_scope_is_named_but_not_linked(sponsorship_officer):
    known = PersonFactory(family_name="Кузнецова", given_name="Мария", patronymic="", birth_date=date(2014, 6, 14))
    CaseFactory(unit=unit("distance"), primary_person=known)

    result = import_file(sponsorship_officer)

    assert result.applied and "may be Кузнецова Мария of the registry" in result.created[0].detail
    assert SponsoredChild.objects.get().person != known
    assert DuplicateCandidate.objects.filter(person_a=known).exists()
