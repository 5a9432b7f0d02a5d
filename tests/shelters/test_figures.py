"""Shelter figures against a hand-built year (2025) whose answers are counted by hand."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from shelters import reports
from tests.cases.factories import PersonFactory
from tests.shelters.factories import BedOutOfServiceFactory, StayFactory, add_member

Y_START, Y_END = date(2025, 1, 1), date(2026, 1, 1)


def period(start, end=None):
    return DateRange(start, end, "[)")


def stay(person, bed, start, end=None, *, house=None, case=None, destination="", reason=""):
    kwargs = {"house": house} if house else {}
    if case is not None:
        kwargs["case"] = case
    return StayFactory(
        person=person,
        bed=bed,
        period=period(start, end),
        exit_destination=destination,
        exit_reason=reason or ("planned" if end and destination else ""),
        **kwargs,
    )


@pytest.fixture
def year_2025(golubka, margarita, golubka_beds, margarita_beds):
    b = golubka_beds
    people = {
        name: PersonFactory(given_name=name, birth_date=born)
        for name, born in {
            "Anna": date(1990, 1, 1),
            "Bella": date(1992, 2, 2),
            "Kate": date(2007, 6, 15),  # 17 on arrival, 18 on 15.06.2025 during her first stay
            "Dina": date(1988, 3, 3),
            "Eva": date(1994, 4, 4),
            "Fedya": date(2024, 10, 1),  # infant sharing Eva's bed
            "Hanna": date(1985, 5, 5),
            "Gala": date(1999, 9, 9),
        }.items()
    }
    p = people
    stays = {
        "S1": stay(p["Anna"], b["A1"], date(2024, 12, 20), date(2025, 1, 10), destination="relatives"),
        "S2": stay(p["Bella"], b["A2"], date(2025, 3, 5), date(2025, 3, 6), destination="own_rented"),
        "S3": stay(p["Kate"], b["A3"], date(2025, 5, 1), date(2025, 8, 1), destination="social_housing"),
        "S5": stay(p["Dina"], b["B1"], date(2025, 12, 1)),
        "S6": stay(p["Eva"], b["B2"], date(2025, 2, 1), date(2025, 2, 11), destination="relatives"),
        "S9": stay(p["Hanna"], b["A2"], date(2025, 9, 1), date(2025, 9, 15), reason="transfer"),
        "S11": stay(
            p["Gala"],
            margarita_beds["M1"],
            date(2025, 4, 1),
            date(2025, 4, 11),
            house=margarita,
            destination="hospital",
        ),
    }
    stays["S4"] = stay(
        p["Kate"], b["A3"], date(2025, 11, 1), date(2025, 11, 5), case=stays["S3"].case, destination="relatives"
    )
    eva_case = stays["S6"].case
    add_member(eva_case, p["Fedya"])
    stays["S7"] = stay(p["Eva"], b["B2"], date(2025, 10, 1), date(2025, 10, 21), case=eva_case, destination="own_home")
    stays["S8"] = stay(p["Fedya"], None, date(2025, 10, 1), date(2025, 10, 21), case=eva_case, destination="own_home")
    stays["S10"] = stay(
        p["Hanna"], b["B1"], date(2025, 9, 15), date(2025, 9, 30), case=stays["S9"].case, destination="partner"
    )
    BedOutOfServiceFactory(bed=b["A1"], period=period(date(2025, 6, 1), date(2025, 7, 1)))
    return {"people": people, "stays": stays}


def names(records):
    return sorted(person.given_name for person in records)


def stay_keys(records, data):
    ids = {s.pk: key for key, s in data["stays"].items()}
    return sorted(ids[s.pk] for s in records)


def test_people_hosted_counts_each_person_once_and_splits_minors_on_first_counted_day(year_2025, golubka):
    figure = reports.people_hosted(Y_START, Y_END, house=golubka)
    assert figure.value == 7
    assert names(figure.records) == ["Anna", "Bella", "Dina", "Eva", "Fedya", "Hanna", "Kate"]
    # Kate turned 18 during her first stay and was adult at her second: a minor, once.
    assert names(figure.breakdown["minors"].records) == ["Fedya", "Kate"]
    assert figure.breakdown["mothers"].value == 5
    assert figure.breakdown["minors"].value + figure.breakdown["mothers"].value == figure.value


def test_minor_status_is_taken_at_the_first_day_within_the_period(year_2025, golubka):
    # From 2025-07-01 Kate is 18 on her first counted day (max(stay start, period start)).
    figure = reports.people_hosted(date(2025, 7, 1), Y_END, house=golubka)
    assert names(figure.breakdown["minors"].records) == ["Fedya"]
    assert "Kate" in names(figure.breakdown["mothers"].records)


def test_people_hosted_across_houses_and_per_user(year_2025, golubka_worker, margarita_worker, manager):
    assert reports.people_hosted(Y_START, Y_END).value == 8
    assert reports.people_hosted(Y_START, Y_END, user=golubka_worker).value == 7
    assert names(reports.people_hosted(Y_START, Y_END, user=margarita_worker).records) == ["Gala"]
    assert reports.people_hosted(Y_START, Y_END, user=manager).value == 8


def test_stays_started_counts_arrivals_not_transfers(year_2025, golubka):
    figure = reports.stays_started(Y_START, Y_END, house=golubka)
    assert figure.value == 8
    assert stay_keys(figure.records, year_2025) == sorted(["S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9"])


def test_stays_ended_counts_exits_including_year_crossing_and_same_day(year_2025, golubka):
    figure = reports.stays_ended(Y_START, Y_END, house=golubka)
    assert stay_keys(figure.records, year_2025) == sorted(["S1", "S2", "S3", "S4", "S6", "S7", "S8", "S10"])
    assert figure.value == 8


def test_stay_crossing_the_year_counts_its_nights_in_each_year(year_2025, golubka):
    assert reports.bed_nights(date(2024, 1, 1), Y_START, house=golubka).value == 12  # 20..31 Dec
    assert reports.stays_started(date(2024, 1, 1), Y_START, house=golubka).value == 1


def test_bed_nights_sum_the_nights_inside_the_period(year_2025, golubka):
    figure = reports.bed_nights(Y_START, Y_END, house=golubka)
    # 9 + 1 + 92 + 4 + 31 (open) + 10 + 20 + 20 (infant) + 14 + 15
    assert figure.value == 216
    assert figure.breakdown["in_a_bed"].value == 196
    assert figure.breakdown["sharing_a_bed"].value == 20
    assert {s.nights for s in figure.records if s.pk == year_2025["stays"]["S2"].pk} == {1}


def test_ongoing_stay_counts_up_to_tonight_only(golubka, golubka_beds):
    today = timezone.localdate()
    stay(PersonFactory(), golubka_beds["A1"], today - timedelta(days=5))
    year = date(today.year, 1, 1), date(today.year + 1, 1, 1)
    assert reports.bed_nights(*year, house=golubka).value == 6
    days_so_far = (today + timedelta(days=1) - year[0]).days
    assert reports.available_bed_days(*year, house=golubka).value == 5 * days_so_far
    assert reports.bed_nights(today + timedelta(days=1), today + timedelta(days=30)).value == 0


def test_occupancy_rate_uses_beds_only_and_removes_out_of_service_days(year_2025, golubka):
    figure = reports.occupancy_rate(Y_START, Y_END, house=golubka)
    assert figure.breakdown["available_bed_days"].value == 5 * 365 - 30
    assert type(figure.breakdown["available_bed_days"].value) is int  # a count of days, shown as one (not money)
    assert figure.breakdown["bed_nights"].value == 196
    assert figure.value == 196 / 1795  # unrounded: the page and the exports' formats round it


def test_occupancy_rate_without_beds_is_none(db):
    assert reports.occupancy_rate(Y_START, Y_END).value is None


def test_length_of_stay_average_and_median_of_exits(year_2025, golubka):
    # 21 (S1), 1 (S2), 92, 4, 10, 20, 20, 29 (S9+S10 through the transfer)
    figure = reports.length_of_stay(Y_START, Y_END, house=golubka)
    assert figure.breakdown["median"].value == 20.0 and isinstance(figure.breakdown["median"].value, float)
    assert figure.value == 24.625  # unrounded
    assert reports.length_of_stay_average(Y_START, Y_END, house=golubka).value == 24.625
    assert reports.length_of_stay_median(Y_START, Y_END, house=golubka).value == 20.0
    lengths = {s.pk: s.length_days for s in figure.records}
    assert lengths[year_2025["stays"]["S10"].pk] == 29
    assert lengths[year_2025["stays"]["S2"].pk] == 1


def test_length_of_stay_without_exits_is_none(db):
    assert reports.length_of_stay(Y_START, Y_END).value is None


def test_exits_by_destination(year_2025, golubka):
    figure = reports.exits_by_destination(Y_START, Y_END, house=golubka)
    counts = {key: f.value for key, f in figure.breakdown.items() if f.value}
    assert counts == {"relatives": 3, "own_rented": 1, "social_housing": 1, "own_home": 2, "partner": 1}
    assert figure.value == 8 == sum(f.value for f in figure.breakdown.values())
    assert stay_keys(figure.breakdown["own_home"].records, year_2025) == ["S7", "S8"]


def test_whole_organisation_adds_the_other_house(year_2025):
    assert reports.stays_started(Y_START, Y_END).value == 9
    assert reports.stays_ended(Y_START, Y_END).value == 9
    assert reports.bed_nights(Y_START, Y_END).value == 226
    assert reports.exits_by_destination(Y_START, Y_END).breakdown["hospital"].value == 1


def test_transfer_between_houses_is_an_exit_of_the_house_but_not_of_the_organisation(
    golubka, margarita, golubka_beds, margarita_beds
):
    first = stay(PersonFactory(), golubka_beds["A1"], date(2025, 3, 1), date(2025, 3, 11), reason="transfer")
    stay(
        first.person,
        margarita_beds["M1"],
        date(2025, 3, 11),
        date(2025, 3, 21),
        house=margarita,
        destination="relatives",
    )
    golubka_exits = reports.exits_by_destination(Y_START, Y_END, house=golubka)
    assert golubka_exits.value == 1 and golubka_exits.breakdown["transfer"].value == 1
    assert reports.stays_started(Y_START, Y_END, house=margarita).value == 1
    assert reports.stays_started(Y_START, Y_END).value == 1
    assert reports.stays_ended(Y_START, Y_END).value == 1
    assert reports.length_of_stay(Y_START, Y_END).value == 20
    assert reports.length_of_stay(Y_START, Y_END, house=margarita).value == 10


def test_every_figure_follows_the_signature_and_returns_records(year_2025, golubka_worker):
    for figure_function in reports.FIGURES:
        figure = figure_function(Y_START, Y_END, user=golubka_worker, house=None)
        assert figure.key and figure.records is not None
        assert figure.records.model.__name__ in {"Stay", "Person"}
