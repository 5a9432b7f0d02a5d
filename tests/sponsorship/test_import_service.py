"""The AVSI import service: dry run, apply all or nothing, re-import, changes, matching what exists."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone, translation

from cases.models import Case, Person
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.importing.planning import Planner
from sponsorship.models import Contribution, Sponsor, SponsoredChild, Sponsorship
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sample, sponsor_row, sponsorship_row
from tests.sponsorship.factories import SponsoredChildFactory, SponsorFactory, SponsorshipFactory

SAMPLE_CREATED = {"child": 4, "sponsor": 3, "sponsorship": 4, "contribution": 6}


@pytest.fixture(autouse=True)
def english():
    """Reasons and field names in English msgids (Russian is the default language)."""
    with translation.override("en"):
        yield


def run(data: bytes, by, *, dry_run=False, name="avsi.csv"):
    return avsi_spreadsheet_import(data=data, name=name, dry_run=dry_run, by=by)


def created(result) -> dict[str, int]:
    return {record: counts["created"] for record, counts in result.counts().items()}


def database_counts() -> tuple[int, ...]:
    models = (Person, Case, SponsoredChild, Sponsor, Sponsorship, Contribution)
    return tuple(model.objects.count() for model in models)


def test_dry_run_of_the_sample_tells_what_would_be_created_and_writes_nothing(sponsorship_officer):
    result = run(sample("avsi_sample.csv"), sponsorship_officer, dry_run=True)

    assert result.ok and not result.applied
    assert created(result) == SAMPLE_CREATED
    assert database_counts() == (0, 0, 0, 0, 0, 0)


def test_applying_the_sample_enrols_children_as_registry_people_with_a_distance_case(sponsorship_officer):
    result = run(sample("avsi_sample.csv"), sponsorship_officer)

    assert result.applied and created(result) == SAMPLE_CREATED
    child = SponsoredChild.objects.select_related("person").get(avsi_code="RU-C-0103")
    assert (child.person.family_name, child.person.given_name, child.person.sex) == ("Орлова", "Софья", "F")
    assert child.person.district == "krasnozyorsk" and child.person.birth_date == date(2015, 11, 20)
    assert (child.school, child.grade, child.living_situation) == ("School No. 94", "3", "orphanage")
    case = Case.objects.get(primary_person=child.person)
    assert (case.unit.code, case.status, case.opened_on) == ("distance", "active", date(2023, 9, 1))
    assert case.assigned_to == sponsorship_officer and case.memberships.filter(person=child.person).exists()
    assert Sponsor.objects.get(avsi_code="IT-S-2003").kind == "group"


def test_the_sponsorship_end_is_its_last_day_and_contributions_are_exact_decimals(sponsorship_officer):
    run(sample("avsi_sample.csv"), sponsorship_officer)

    ended = Sponsorship.objects.get(child__avsi_code="RU-C-0102", sponsor__avsi_code="IT-S-2002")
    assert ended.period == DateRange(date(2022, 10, 1), date(2024, 9, 1), "[)")
    assert ended.end_reason == "sponsor_withdrew"
    assert Contribution.objects.get(reference="AVSI-2025-0002").amount == Decimal("1234.50")
    assert Contribution.objects.get(reference="AVSI-2023-0002").sponsorship == ended


def test_the_xlsx_sample_imports_like_the_csv_sample(sponsorship_officer):
    result = run(sample("avsi_sample.xlsx"), sponsorship_officer, name="avsi.xlsx")

    assert result.applied and created(result) == SAMPLE_CREATED
    assert run(sample("avsi_sample.csv"), sponsorship_officer).totals() == {
        "created": 0,
        "changed": 0,
        "unchanged": 17,
        "rejected": 0,
    }


def test_reimporting_the_same_file_changes_nothing(sponsorship_officer):
    run(sample("avsi_sample.csv"), sponsorship_officer)
    before = database_counts()
    periods = sorted(Sponsorship.objects.values_list("period", "end_reason"))

    again = run(sample("avsi_sample.csv"), sponsorship_officer)

    assert (again.totals()["created"], again.totals()["changed"], again.totals()["rejected"]) == (0, 0, 0)
    assert database_counts() == before
    assert sorted(Sponsorship.objects.values_list("period", "end_reason")) == periods


def test_a_changed_value_is_shown_old_to_new_then_applied(sponsorship_officer):
    run(csv_bytes(child_row(grade="4"), sponsor_row(email="colombo@example.it")), sponsorship_officer)
    changed_file = csv_bytes(child_row(grade="5"), sponsor_row(email="info@colombo.it"))

    preview = run(changed_file, sponsorship_officer, dry_run=True)

    assert [(o.record, o.row) for o in preview.changed] == [("child", 2), ("sponsor", 3)]
    assert [(c.label, c.old, c.new) for c in preview.changed[0].changes] == [("grade", "4", "5")]
    assert [(c.label, c.old, c.new) for c in preview.changed[1].changes] == [
        ("email", "colombo@example.it", "info@colombo.it")
    ]
    assert SponsoredChild.objects.get().grade == "4"
    run(changed_file, sponsorship_officer)
    assert SponsoredChild.objects.get().grade == "5" and Sponsor.objects.get().email == "info@colombo.it"


def test_an_empty_cell_never_clears_recorded_data(sponsorship_officer):
    run(csv_bytes(child_row(school="School No. 94")), sponsorship_officer)

    result = run(csv_bytes(child_row(school="")), sponsorship_officer)

    assert result.totals()["changed"] == 0 and SponsoredChild.objects.get().school == "School No. 94"


def test_one_rejected_row_and_nothing_of_the_file_is_applied(sponsorship_officer):
    data = sample("avsi_sample.csv") + b"contribution;RU-C-9999;;;;;;;;;;;IT-S-2001;;;;;;;;;;;2025;10;01.02.2025;X-1\n"

    result = run(data, sponsorship_officer)

    assert not result.applied
    assert [(o.row, o.record) for o in result.rejected] == [(19, "contribution")]
    assert "Unknown child code RU-C-9999" in result.rejected[0].detail
    assert database_counts() == (0, 0, 0, 0, 0, 0)


def test_a_registry_person_with_the_same_name_and_birth_date_is_enrolled_not_copied(sponsorship_officer):
    person = PersonFactory(family_name="Кузнецова", given_name="Дарья", birth_date=date(2014, 5, 14))
    CaseFactory(unit=unit("distance"), primary_person=person)

    result = run(csv_bytes(child_row(family_name="Kuznetsova", given_name="Darya")), sponsorship_officer)

    assert "linked to" in result.created[0].detail
    assert SponsoredChild.objects.get().person == person and Person.objects.count() == 1


def test_rows_may_refer_to_children_and_sponsors_recorded_in_maksora(sponsorship_officer):
    child = SponsoredChildFactory(avsi_code="RU-C-0500", enrolled_on=date(2023, 9, 1))
    sponsor = SponsorFactory(avsi_code="IT-S-0500")

    result = run(
        csv_bytes(
            sponsorship_row("ru-c-0500", "IT-S-0500", start="01.10.2023"),
            contribution_row("AVSI-2024-0500", "RU-C-0500", "it-s-0500"),
        ),
        sponsorship_officer,
    )

    assert result.applied and created(result)["contribution"] == 1
    assert Contribution.objects.get().sponsorship == Sponsorship.objects.get(child=child, sponsor=sponsor)


def test_a_later_sponsor_in_the_file_reassigns_the_child(sponsorship_officer):
    rows = [child_row(), sponsor_row("IT-S-1"), sponsor_row("IT-S-2", sponsor_name="Giulia Bianchi")]
    rows += [sponsorship_row(sponsor="IT-S-2", start="01.09.2024"), sponsorship_row(sponsor="IT-S-1")]

    result = run(csv_bytes(*rows), sponsorship_officer)

    assert result.applied
    first, second = Sponsorship.objects.order_by("period")
    assert first.period.upper == date(2024, 9, 1) and first.end_reason == "reassigned"
    assert second.period == DateRange(date(2024, 9, 1), None, "[)")
    assert run(csv_bytes(*rows), sponsorship_officer).totals()["unchanged"] == 5


def test_an_overlap_with_a_recorded_sponsorship_is_rejected_naming_it(sponsorship_officer):
    recorded = SponsorshipFactory(
        child__avsi_code="RU-C-0700", child__enrolled_on=date(2023, 1, 1), sponsor__name="Famiglia Zanetti"
    )
    SponsorFactory(avsi_code="IT-S-0701")

    result = run(
        csv_bytes(sponsorship_row("RU-C-0700", "IT-S-0701", start="01.01.2024", end="31.12.2024")),
        sponsorship_officer,
    )

    assert not result.applied
    assert "overlaps the child's sponsorship by Famiglia Zanetti" in result.rejected[0].detail
    assert Sponsorship.objects.get() == recorded


def test_the_database_constraint_judges_the_write_and_names_the_row(sponsorship_officer, monkeypatch):
    SponsorshipFactory(child__avsi_code="RU-C-0700", child__enrolled_on=date(2023, 1, 1))
    SponsorFactory(avsi_code="IT-S-0701")
    # As if another officer had recorded the sponsorship between the check and the write.
    monkeypatch.setattr(Planner, "_refuse_overlap", lambda self, *args, **kwargs: None)
    data = csv_bytes(sponsor_row("IT-S-0702"), sponsorship_row("RU-C-0700", "IT-S-0701", start="01.01.2024"))

    result = run(data, sponsorship_officer)

    assert not result.applied
    assert [(o.row, o.record) for o in result.rejected] == [(3, "sponsorship")]
    assert "database refused" in result.rejected[0].detail
    assert Sponsorship.objects.count() == 1 and not Sponsor.objects.filter(avsi_code="IT-S-0702").exists()


def test_a_child_enrolled_meanwhile_stops_the_write_at_her_row(sponsorship_officer, monkeypatch):
    SponsoredChildFactory(avsi_code="RU-C-0901")
    prefetch = Planner.prefetch

    def prefetch_before_she_was_enrolled(self, rows):
        prefetch(self, rows)
        self.children.clear()

    monkeypatch.setattr(Planner, "prefetch", prefetch_before_she_was_enrolled)

    result = run(csv_bytes(child_row(), sponsor_row(), sponsorship_row(), contribution_row()), sponsorship_officer)

    assert not result.applied
    assert [(o.row, o.record) for o in result.rejected] == [(2, "child")]
    assert (SponsoredChild.objects.count(), Sponsor.objects.count(), Sponsorship.objects.count()) == (1, 0, 0)


def test_checking_a_file_reads_the_database_a_fixed_number_of_times(sponsorship_officer, django_assert_num_queries):
    def sheet(children: int) -> bytes:
        rows = []
        for n in range(children):
            rows += [child_row(f"RU-C-{n}"), sponsor_row(f"IT-S-{n}"), sponsorship_row(f"RU-C-{n}", f"IT-S-{n}")]
            rows.append(contribution_row(f"AVSI-{n}", f"RU-C-{n}", f"IT-S-{n}"))
        return csv_bytes(*rows)

    SponsoredChildFactory(avsi_code="RU-C-0", person__birth_date=date(2014, 5, 14))
    run(sheet(1), sponsorship_officer, dry_run=True)  # reads the officer's roles once, kept on the user
    # Both sizes hold new children, whom the registry-wide match reads for in a few queries in all.
    for size in (2, 20):
        with django_assert_num_queries(11):
            assert run(sheet(size), sponsorship_officer, dry_run=True).ok


def test_applying_writes_in_bulk_not_row_by_row(sponsorship_officer, django_assert_max_num_queries):
    rows = []
    for n in range(20):
        rows += [child_row(f"RU-C-{n}"), sponsor_row(f"IT-S-{n}"), sponsorship_row(f"RU-C-{n}", f"IT-S-{n}")]
    with django_assert_max_num_queries(45):
        assert run(csv_bytes(*rows), sponsorship_officer).applied
    assert SponsoredChild.objects.count() == 20 and Case.objects.count() == 20


@pytest.mark.parametrize("actor", ["manager", "golubka_worker", "coordinator", "outsider"])
def test_only_sponsorship_staff_may_import(db, actor, request):
    with pytest.raises(PermissionDenied):
        run(sample("avsi_sample.csv"), request.getfixturevalue(actor), dry_run=True)


def test_a_future_enrolment_is_refused_as_child_enrol_refuses_it(sponsorship_officer):
    tomorrow = timezone.localdate() + timedelta(days=1)

    result = run(csv_bytes(child_row(enrolled_on=tomorrow.isoformat())), sponsorship_officer, dry_run=True)

    assert result.rejected[0].detail == "A child cannot be enrolled in the future."
