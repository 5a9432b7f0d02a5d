"""A stay left on the day of arrival is an exit of that day: in the figures, the drill-down and every page.

Hand-built: Vera arrives and leaves on 31.12.2025 (stored [31.12, 01.01) with `same_day`);
Nina arrives on 30.12.2025 and leaves on 01.01.2026 (two nights). Nights are counted as
before: one for Vera, two for Nina, all in 2025.
"""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from shelters import reports
from shelters.models import Stay
from shelters.services import stay_discharge
from tests.cases.factories import PersonFactory
from tests.shelters.factories import StayFactory

Y2025 = (date(2025, 1, 1), date(2026, 1, 1))
Y2026 = (date(2026, 1, 1), date(2027, 1, 1))
NEW_YEARS_EVE, NEXT_NEW_YEAR = date(2025, 12, 31), date(2026, 1, 1)


@pytest.fixture
def year_end(golubka, golubka_beds, golubka_worker):
    vera = StayFactory(
        person=PersonFactory(family_name="Соколова", given_name="Вера"),
        bed=golubka_beds["A1"],
        period=DateRange(NEW_YEARS_EVE, None, "[)"),
    )
    nina = StayFactory(
        person=PersonFactory(family_name="Белова", given_name="Нина"),
        bed=golubka_beds["A2"],
        period=DateRange(date(2025, 12, 30), None, "[)"),
    )
    for stay, day in ((vera, NEW_YEARS_EVE), (nina, NEXT_NEW_YEAR)):
        stay_discharge(stays=[stay], on=day, exit_destination="relatives", exit_reason="planned", by=golubka_worker)
    return {"vera": Stay.objects.get(pk=vera.pk), "nina": Stay.objects.get(pk=nina.pk)}


def test_a_same_day_stay_on_new_years_eve_is_an_exit_of_that_year(year_end):
    vera, nina = year_end["vera"], year_end["nina"]
    assert (vera.period.upper, vera.same_day, vera.exit_day) == (NEXT_NEW_YEAR, True, NEW_YEARS_EVE)
    assert (nina.same_day, nina.exit_day) == (False, NEXT_NEW_YEAR)

    assert list(reports.stays_ended(*Y2025).records) == [vera]
    assert list(reports.stays_ended(*Y2026).records) == [nina]
    assert reports.exits_by_destination(*Y2025).breakdown["relatives"].value == 1
    assert reports.exits_by_destination(*Y2026).breakdown["relatives"].value == 1


def test_nights_and_lengths_are_counted_as_before(year_end):
    nights = reports.bed_nights(*Y2025)
    assert nights.value == 3  # Vera 31.12, Nina 30.12 and 31.12
    assert reports.bed_nights(*Y2026).value == 0

    assert reports.length_of_stay(*Y2025).breakdown["median"].value == 1.0  # Vera: one night
    assert reports.length_of_stay(*Y2026).breakdown["median"].value == 2.0  # Nina: two nights


def test_the_drill_down_shows_the_real_exit_day(client, manager, year_end):
    client.force_login(manager)
    url = reverse("reports:drilldown", args=["stays_ended", "stays_ended"])

    response = client.get(url, {"year": 2025})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Соколова" in body and "Белова" not in body
    assert "31.12.2025" in body and "01.01.2026" not in body


def test_the_person_page_and_the_admin_show_the_exit_day(client, coordinator, year_end):
    vera = year_end["vera"]
    client.force_login(coordinator)

    page = client.get(reverse("shelters:person_stays", args=[vera.person_id])).content.decode()
    admin = client.get(reverse("admin:shelters_stay_changelist"), {"ongoing": "ended"}).content.decode()

    assert "31.12.2025" in page and "01.01.2026" not in page
    assert "31.12.2025 – 31.12.2025" in admin
    assert "30.12.2025 – 01.01.2026" in admin


def test_only_a_one_day_period_may_be_a_same_day_stay(year_end):
    from django.db import IntegrityError, transaction

    nina = year_end["nina"]
    nina.same_day = True
    with pytest.raises(IntegrityError), transaction.atomic():
        nina.save(update_fields=["same_day"])


def test_the_backfill_marks_stays_whose_end_was_recorded_on_their_first_day(golubka, golubka_beds):
    """Stays saved before `same_day`: an exit is never recorded ahead of its day, so an end of d + 1
    recorded on d means the stay was left on d; one recorded on the day after is a night spent."""
    from importlib import import_module

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    backfill = import_module("shelters.migrations.0009_stay_same_day").BACKFILL
    today = timezone.localdate()
    left_today = StayFactory(bed=golubka_beds["A1"], period=DateRange(today, today + timedelta(days=1), "[)"))
    one_night = StayFactory(
        bed=golubka_beds["A2"], period=DateRange(today - timedelta(days=5), today - timedelta(days=4), "[)")
    )

    with connection.cursor() as cursor:
        cursor.execute(backfill, [settings.TIME_ZONE])

    assert Stay.objects.get(pk=left_today.pk).exit_day == today
    assert Stay.objects.get(pk=one_night.pk).exit_day == today - timedelta(days=4)
