from datetime import date, datetime
from decimal import Decimal

import pytest

from maksora.forms import parse_day
from sponsorship.values import parse_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120,50", "120.50"),
        ("120.50", "120.50"),
        ("1 200,50", "1200.50"),
        ("1.200,50", "1200.50"),
        ("1,200.50", "1200.50"),
        ("€ 15", "15.00"),
        (312.1, "312.10"),
        (Decimal("7"), "7.00"),
        (40, "40.00"),
    ],
)
def test_amounts_read_as_exact_decimals(value, expected):
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["", "abc", "1,2,3", "-3", "1.005", "NaN", None, True, "=1+2"])
def test_what_is_not_an_amount_raises_value_error(value):
    with pytest.raises(ValueError):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.09.2025", date(2025, 9, 1)),
        ("1/9/2025", date(2025, 9, 1)),
        ("2025-09-01", date(2025, 9, 1)),
        ("2025-09-01 00:00:00", date(2025, 9, 1)),
        (datetime(2025, 9, 1, 0, 0), date(2025, 9, 1)),  # noqa: DTZ001  (openpyxl hands naive datetimes)
    ],
)
def test_dates_read_in_both_usual_forms(value, expected):
    assert parse_day(value) == expected


@pytest.mark.parametrize("value", ["31.02.2025", "45678", 45678, "2025/13/01", "yesterday"])
def test_what_is_not_a_date_reads_as_none(value):
    assert parse_day(value) is None
