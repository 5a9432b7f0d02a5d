"""Averages, medians and rates are measures: one decimal on the page whatever the count, unrounded in the exports.

Stays ended in 2025, lengths in nights: an odd year (10, 10, 11: median 10, average 10.33…)
and an even one (10, 10, 11, 12: median 10.5).
"""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse
from django.utils import translation

from reports.exports import csv_rows, xlsx_bytes
from reports.report import ReportData, Row, compute_report
from shelters.models import House
from tests.shelters.factories import StayFactory

pytestmark = pytest.mark.django_db

ARRIVAL = date(2025, 3, 1)


def stays_of_lengths(*lengths):
    golubka = House.objects.get(unit__code="golubka")
    for length in lengths:
        StayFactory(house=golubka, period=DateRange(ARRIVAL, ARRIVAL + timedelta(days=length), "[)"))


def rows_of(report: ReportData) -> dict[str, Row]:
    return {row.key: row for _section, row in report.rows()}


@pytest.mark.parametrize(
    ("lengths", "median", "shown"),
    [((10, 10, 11), 10.0, "10,0"), ((10, 10, 11, 12), 10.5, "10,5"), ((10, 12), 11.0, "11,0")],
    ids=["odd", "even", "even-whole"],
)
def test_the_median_is_a_measure_shown_with_one_decimal_for_odd_and_even_counts(manager, lengths, median, shown):
    stays_of_lengths(*lengths)

    row = rows_of(compute_report(date(2025, 1, 1), date(2026, 1, 1), manager))["length_of_stay_median"]

    assert isinstance(row.value, float) and row.value == median
    assert not row.is_countable  # no drill-down link
    with translation.override("ru"):
        assert row.value_display == shown


def test_the_page_links_no_measure_and_their_drill_down_is_not_offered(client, manager):
    stays_of_lengths(10, 10, 11)
    client.force_login(manager)

    page = client.get(reverse("reports:yearly"), {"year": 2025}).content.decode()

    for source, key in [("length_of_stay", "length_of_stay_median"), ("length_of_stay", "length_of_stay_average"),
                        ("occupancy_rate", "occupancy_rate")]:  # fmt: skip
        assert f"/{source}/{key}/" not in page
    assert "/occupancy_rate/bed_nights_in_a_bed/" in page  # the counts behind a rate keep their links
    median = reverse("reports:drilldown", args=["length_of_stay", "length_of_stay_median"])
    assert client.get(median, {"year": 2025}).status_code == 404


def test_exports_carry_unrounded_averages_and_rates(manager):
    stays_of_lengths(10, 10, 11)
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    average = rows_of(report)["length_of_stay_average"]
    assert average.value == pytest.approx(31 / 3)

    with translation.override("en"):
        lines = list(csv.reader(io.StringIO("".join(csv_rows(report)).lstrip("\ufeff"))))
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report)))
    by_key = {line[1]: line[3] for line in lines}
    assert by_key["length_of_stay_average"] == repr(31 / 3)  # 10.333333333333334: full precision, a point
    assert by_key["length_of_stay_median"] == "10.0"
    assert float(by_key["occupancy_rate"]) == rows_of(report)["occupancy_rate"].value
    cells = {
        sheet.cell(row, 1).value.strip(): sheet.cell(row, 2)
        for sheet in workbook.worksheets
        for row in range(5, sheet.max_row + 1)
        if sheet.cell(row, 1).value
    }
    assert cells["Average length of stay (days)"].value == pytest.approx(31 / 3, abs=1e-12)
    assert cells["Average length of stay (days)"].number_format == "0.0"
    assert cells["Median length of stay (days)"].value == 10.0
    assert cells["Median length of stay (days)"].number_format == "0.0"


def test_a_saved_report_keeps_unrounded_measures(manager):
    stays_of_lengths(10, 10, 11)
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)

    saved = ReportData.from_json(report.to_json())

    assert rows_of(saved)["length_of_stay_average"].value == rows_of(report)["length_of_stay_average"].value
    assert rows_of(saved)["length_of_stay_median"].value == 10.0


def test_a_median_saved_as_a_whole_number_reads_as_a_measure():
    """Reports saved before the median was always a float hold it as an int."""
    row = Row("length_of_stay_median", "Median length of stay (days)", 20, level=1, model="shelters.stay")

    assert row.is_measure and not row.is_countable
    assert row.export_value == 20.0 and isinstance(row.export_value, float)
    with translation.override("ru"):
        assert row.value_display == "20,0"
    assert Row("stays_ended", "Stays ended", 20).is_countable
