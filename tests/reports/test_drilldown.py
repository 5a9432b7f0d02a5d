"""Drill-down lists: links to the records, nights and days per row, exports, saved lists as they were."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases.models import Person, Restriction
from maksora.models import AccessRecord
from reports.drilldown import Drilldown
from reports.models import SavedReport
from reports.report import ReportData
from shelters.models import Stay
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.shelters.factories import BedFactory, BedOutOfServiceFactory, StayFactory

pytestmark = pytest.mark.django_db
YEAR = {"year": 2025}


def _drill_url(source, key, *, fmt=None):
    if fmt:
        return reverse("reports:drilldown_export", args=[source, key, fmt])
    return reverse("reports:drilldown", args=[source, key])


def _family(name: str) -> str:
    return name.split()[0]


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def stays_2025(db):
    """Three stays in Golubka in 2025 (one ongoing), and a bed out of service for March."""
    first = StayFactory(
        person=PersonFactory(family_name="Первая"), period=DateRange(date(2025, 1, 10), date(2025, 2, 1))
    )
    second = StayFactory(
        person=PersonFactory(family_name="Вторая", district="lenin"),
        period=DateRange(date(2024, 12, 20), date(2025, 1, 5)),
        exit_destination="relatives",
    )
    shared = StayFactory(
        person=PersonFactory(family_name="Третья"), period=DateRange(date(2025, 11, 1), date(2026, 2, 1)), bed=None
    )
    BedOutOfServiceFactory(bed=first.bed, period=DateRange(date(2025, 3, 1), date(2025, 4, 1)))
    BedFactory()
    return first, second, shared


# --- links -------------------------------------------------------------------------------------


def test_rows_link_to_the_person_page_the_reader_may_open(client, manager, stays_2025):
    client.force_login(manager)
    response = client.get(_drill_url("stays_started", "stays_started"), YEAR)
    assert response.status_code == 200
    urls = {line.cells[0]: line.url for line in response.context["lines"]}
    first = stays_2025[0]
    assert urls[first.person.full_name] == reverse("cases:person_detail", args=[first.person_id])
    assert f'href="{urls[first.person.full_name]}"' in response.content.decode()


def test_no_link_to_a_record_the_reader_may_not_open(coordinator):
    # The coordinator of Golubka and Local services does not open people of Margarita's cases.
    theirs = CaseFactory(unit=unit("margarita"), opened_on=date(2025, 2, 1)).primary_person
    mine = CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1)).primary_person
    listing = Drilldown("cases.person", coordinator)
    lines = listing.live_lines(listing.live_values(Person.objects.filter(pk__in=[theirs.pk, mine.pk]).order_by("pk")))
    assert [(line.cells[0], line.url is not None) for line in lines] == [
        (theirs.full_name, False),
        (mine.full_name, True),
    ]


def test_a_restricted_row_is_a_placeholder_without_link(client, manager, stays_2025):
    Restriction.objects.create(person=stays_2025[0].person, reason="safety")
    client.force_login(manager)
    response = client.get(_drill_url("stays_started", "stays_started"), YEAR)
    restricted = [line for line in response.context["lines"] if line.cells[0] == "Restricted record"]
    assert len(restricted) == 1 and restricted[0].url is None
    assert stays_2025[0].person.family_name not in response.content.decode()


# --- nights and days per row -----------------------------------------------------------------------


def test_bed_nights_list_each_stays_nights_adding_up_to_the_figure(client, manager, stays_2025):
    client.force_login(manager)
    response = client.get(_drill_url("bed_nights", "bed_nights"), YEAR)
    headings, rows = response.context["headings"], response.context["rows"]
    assert headings[-1] == "Nights in the period"
    nights = {_family(row[0]): row[-1] for row in rows}
    assert nights == {"Первая": 22, "Вторая": 4, "Третья": 61}
    assert sum(nights.values()) == response.context["value"] == 87


def test_available_bed_days_list_each_beds_days_adding_up_to_the_figure(client, manager, stays_2025):
    client.force_login(manager)
    response = client.get(_drill_url("occupancy_rate", "available_bed_days"), YEAR)
    assert response.status_code == 200
    assert response.context["headings"][-1] == "Available days in the period"
    days = [row[-1] for row in response.context["rows"]]
    assert sorted(days)[:1] == [365 - 31]  # the bed out of service in March
    assert sum(days) == response.context["value"]


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_the_pages_columns_and_rows(client, manager, stays_2025, fmt):
    stays_2025[1].person.family_name = "=HYPERLINK(1)"
    stays_2025[1].person.save()
    Restriction.objects.create(person=stays_2025[0].person, reason="safety")
    client.force_login(manager)
    page = client.get(_drill_url("bed_nights", "bed_nights"), YEAR)
    response = client.get(_drill_url("bed_nights", "bed_nights", fmt=fmt), YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="maksora-bed_nights-20250101-20251231')
    table = _csv(response) if fmt == "csv" else _xlsx(response)
    assert table[0] == page.context["headings"]
    assert len(table) - 1 == len(page.context["rows"]) == 3
    names = [row[0] for row in table[1:]]
    assert "'=HYPERLINK(1)" in [_family(name) for name in names] and "Restricted record" in names
    assert not any(name.startswith("Первая") for name in names)  # restricted: as on the page
    nights = [int(row[-1]) for row in table[1:] if row[-1] not in ("", None)]
    assert sum(nights) == page.context["value"] - 22  # the restricted row shows no nights
    logged = AccessRecord.objects.get(action="export_drilldown")
    assert (logged.export_kind, logged.row_count) == (fmt, 3)


@pytest.mark.parametrize("actor", ["golubka_worker", "sponsorship_officer"])
def test_export_is_refused_to_who_does_not_see_reports(client, request, stays_2025, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(_drill_url("bed_nights", "bed_nights", fmt="csv"), YEAR).status_code == 404
    assert not AccessRecord.objects.filter(action="export_drilldown").exists()


def test_export_of_an_unknown_format_or_figure_is_404(client, manager, stays_2025):
    client.force_login(manager)
    assert client.get(_drill_url("bed_nights", "bed_nights", fmt="pdf"), YEAR).status_code == 404
    assert client.get(_drill_url("bed_nights", "nothing", fmt="csv"), YEAR).status_code == 404
    client.logout()
    assert client.get(_drill_url("bed_nights", "bed_nights", fmt="csv"), YEAR).status_code in (302, 404)


def test_export_reads_a_constant_number_of_queries(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    for size in (2, 30):
        for _ in range(size - Stay.objects.count()):
            StayFactory(period=DateRange(date(2025, 1, 10), date(2025, 2, 1)))
        with django_assert_max_num_queries(40):
            rows = _csv(client.get(_drill_url("bed_nights", "bed_nights", fmt="csv"), YEAR))
        assert len(rows) == size + 1


# --- saved reports: the records as they were ---------------------------------------------------


def _save(client):
    client.post(reverse("reports:save") + "?year=2025", {"title": "2025"})


def test_saved_drilldown_shows_the_values_of_the_day_it_was_saved(client, manager, stays_2025, run_jobs):
    client.force_login(manager)
    _save(client)
    run_jobs()
    saved = SavedReport.objects.get()
    second = stays_2025[1]
    # Back-dated edits after the save: another exit destination, another district.
    Stay.objects.filter(pk=second.pk).update(exit_destination="social_housing")
    Person.objects.filter(pk=second.person_id).update(district="other")
    ref = "stays_ended:stays_ended"
    live = client.get(_drill_url("stays_ended", "stays_ended"), YEAR)
    assert [row[-1] for row in live.context["rows"]] == ["Social housing", ""]
    then = client.get(reverse("reports:saved_drilldown", args=[saved.pk, ref]))
    assert then.status_code == 200
    assert "Relatives" in [row[-1] for row in then.context["rows"]]
    assert "Social housing" not in then.content.decode()
    exported = _csv(client.get(reverse("reports:saved_drilldown_export", args=[saved.pk, ref, "csv"])))
    assert exported[1:] == [[str(cell) if cell is not None else "" for cell in row] for row in then.context["rows"]]
    people = client.get(reverse("reports:saved_drilldown", args=[saved.pk, "people_hosted:people_hosted"]))
    districts = {_family(row[0]): row[-1] for row in people.context["rows"]}
    assert districts["Вторая"] == "Lenin district (Novosibirsk)"
    live_people = client.get(_drill_url("people_hosted", "people_hosted"), YEAR)
    assert {_family(row[0]): row[-1] for row in live_people.context["rows"]}["Вторая"] == "Other"


def test_saved_bed_nights_still_add_up_and_a_deleted_stay_keeps_its_saved_state(client, manager, stays_2025, run_jobs):
    client.force_login(manager)
    _save(client)
    run_jobs()
    saved = SavedReport.objects.get()
    first = stays_2025[0]
    first.delete()
    ref = "bed_nights:bed_nights"
    response = client.get(reverse("reports:saved_drilldown", args=[saved.pk, ref]))
    lines = response.context["lines"]
    figure = next(row for _s, row in ReportData.from_json(saved.figures).rows() if row.ref == ref)
    assert sum(line.cells[-1] for line in lines) == figure.value == 87
    gone = [line for line in lines if _family(line.cells[0]) == "Первая"]
    assert len(gone) == 1 and gone[0].deleted and gone[0].url is None
    assert "deleted since" in response.content.decode()


def test_saved_drilldown_hides_who_is_restricted_today(client, manager, stays_2025, run_jobs):
    client.force_login(manager)
    _save(client)
    run_jobs()
    saved = SavedReport.objects.get()
    Restriction.objects.create(person=stays_2025[0].person, reason="safety")
    response = client.get(reverse("reports:saved_drilldown", args=[saved.pk, "bed_nights:bed_nights"]))
    assert "Первая" not in response.content.decode()
    assert "Restricted record" in [row[0] for row in response.context["rows"]]
    url = reverse("reports:saved_drilldown_export", args=[saved.pk, "bed_nights:bed_nights", "xlsx"])
    names = [row[0] for row in _xlsx(client.get(url))[1:]]
    assert "Restricted record" in names and not any(name.startswith("Первая") for name in names)


def test_saved_drilldown_export_is_refused_to_another_coordinator(client, manager, coordinator, stays_2025, run_jobs):
    client.force_login(coordinator)
    _save(client)
    run_jobs()
    saved = SavedReport.objects.get()
    from tests.cases.factories import UserFactory

    other = UserFactory(username="other_coordinator", role="coordinator", units=["margarita"])
    client.force_login(other)
    url = reverse("reports:saved_drilldown_export", args=[saved.pk, "bed_nights:bed_nights", "csv"])
    assert client.get(url).status_code == 404
