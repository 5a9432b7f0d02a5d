"""Rows the AVSI import rejects, each with its reason and the row number Excel shows."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl.worksheet.formula import ArrayFormula

from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.models import Contribution, Sponsor
from sponsorship.values import parse_amount
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sponsor_row, sponsorship_row, xlsx_bytes
from tests.sponsorship.factories import ContributionFactory

GOOD = (child_row(), sponsor_row(), sponsorship_row())


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check(*rows, by, xlsx=False):
    data, name = (xlsx_bytes(*rows), "avsi.xlsx") if xlsx else (csv_bytes(*rows), "avsi.csv")
    return avsi_spreadsheet_import(data=data, name=name, dry_run=True, by=by)


def rejections(result) -> list[tuple[int, str]]:
    return [(outcome.row, outcome.detail) for outcome in result.rejected]


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (
            contribution_row("AVSI-BAD", child="RU-C-0404"),
            "Unknown child code RU-C-0404 (neither in this file nor in Maksora).",
        ),
        (contribution_row("AVSI-BAD", sponsor="IT-S-0404"), "Unknown sponsor code IT-S-0404"),
        (sponsorship_row(child="RU-C-0404", start="01.01.2024"), "Unknown child code RU-C-0404"),
        (contribution_row("AVSI-BAD", received_on="31.02.2024"), "Column received_on: “31.02.2024” is not a date"),
        (contribution_row("AVSI-BAD", received_on="2024/03/15"), "is not a date (use dd.mm.yyyy or yyyy-mm-dd)"),
        (contribution_row("AVSI-BAD", received_on="45366"), "Column received_on: “45366” is not a date"),
        (contribution_row("AVSI-BAD", amount="abc"), "Column amount: “abc” is not an amount in euros"),
        (contribution_row("AVSI-BAD", amount="1,2,3"), "is not an amount in euros"),
        (contribution_row("AVSI-BAD", amount="12.345"), "is not an amount in euros"),
        (contribution_row("AVSI-BAD", amount="0,00"), "The amount must be more than zero."),
        (contribution_row("AVSI-BAD", year="24"), "Column year: “24” is not a year."),
        (
            contribution_row("AVSI-BAD", year="2022", received_on="01.01.2022"),
            "has no sponsorship of child RU-C-0901 in 2022",
        ),
        (child_row("RU-C-0902", enrolled_on=""), "Empty required cells: enrolled_on."),
        (child_row("RU-C-0902", living_situation="street"), "Column living_situation: “street” is not one of"),
        (child_row("RU-C-0902", sex="x"), "Column sex: “x” is not one of F, M."),
        (sponsor_row("IT-S-0902", email="not-an-email"), "email: Enter a valid email address."),
        (child_row("RU-C-0902", family_name="Я" * 101), "family_name: Ensure this value has at most 100 characters"),
        (sponsor_row("IT-S-0902", country="Italia"), "is not a two-letter code such as IT"),
        (sponsorship_row(start="01.09.2023", end="31.08.2023"), "The end must be after the start."),
        (sponsorship_row(start="01.01.2020"), "The child is not enrolled in the program on that day."),
        ({"record": "letter", "child_code": "RU-C-0901"}, "Column record: “letter” is not one of"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason(bad_row, reason, sponsorship_officer):
    result = check(*GOOD, contribution_row(), bad_row, by=sponsorship_officer)

    assert [row for row, _detail in rejections(result)] == [6]
    assert reason in result.rejected[0].detail


@pytest.mark.parametrize(
    "cell",
    ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example")', "+1+1", "-2+3", "@SUM(A1:A2)", "+39 02 1234567"],
)
def test_a_text_cell_starting_like_a_formula_rejects_its_row(cell, sponsorship_officer):
    result = check(*GOOD, sponsor_row("IT-S-0902", sponsor_name=cell), by=sponsorship_officer)

    assert rejections(result) == [(5, f"Column sponsor_name holds a formula ({cell}): formulas are never run, "
                                      "type the value itself.")]  # fmt: skip


def test_an_international_phone_number_is_not_taken_for_a_formula(sponsorship_officer):
    result = check(sponsor_row(phone="+39 02 1234567"), sponsor_row("IT-S-2", phone="+39=1"), by=sponsorship_officer)

    assert [row for row, _detail in rejections(result)] == [3]
    assert result.created[0].key == "IT-S-0901"


@pytest.mark.parametrize("phone", ["call me", "12-34", "02 1234567 ext. 5", "1" * 16])
def test_a_sponsor_phone_the_pages_would_refuse_rejects_its_row(phone, sponsorship_officer):
    result = check(sponsor_row(phone="+39 02 1234567"), sponsor_row("IT-S-2", phone=phone), by=sponsorship_officer)

    assert rejections(result) == [(3, "phone: Enter a phone number such as +7 913 123-45-67 or 8 (383) 123-45-67.")]
    assert [outcome.key for outcome in result.created] == ["IT-S-0901"]


@pytest.mark.parametrize("phone", ["8 (383) 123-45-67", "+7 913 123-45-67", "0039021234567", ""])
def test_a_sponsor_phone_the_pages_accept_is_imported(phone, sponsorship_officer):
    result = check(sponsor_row(phone=phone), by=sponsorship_officer)

    assert result.totals()["rejected"] == 0


def test_xlsx_formula_cells_are_rejected_never_evaluated(sponsorship_officer):
    result = check(
        *GOOD,
        contribution_row("R-1", amount="=100+212"),
        contribution_row("R-2", amount=ArrayFormula("X5", "=SUM(A1:A2)")),
        contribution_row(reference="=cmd|' /C calc'!A0"),
        by=sponsorship_officer,
        xlsx=True,
    )

    assert [(row, detail.split(" holds")[0]) for row, detail in rejections(result)] == [
        (5, "Column amount"),
        (6, "Column amount"),
        (7, "Column reference"),
    ]


def test_xlsx_real_dates_and_numbers_are_read_as_such_and_negative_amounts_rejected(sponsorship_officer):
    rows = (
        child_row(birth_date=date(2014, 5, 14), enrolled_on=date(2023, 9, 1)),
        sponsor_row(),
        sponsorship_row(start=date(2023, 10, 1)),
        contribution_row("R-1", year=2024, amount=1234.5, received_on=date(2024, 3, 15)),
        contribution_row("R-2", year=2024, amount=-10, received_on=date(2024, 3, 15)),
    )

    result = check(*rows, by=sponsorship_officer, xlsx=True)

    assert [row for row, _detail in rejections(result)] == [6]
    assert "is not an amount in euros" in result.rejected[0].detail
    assert result.created[-1].detail == "€1,234.50"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 234,50", "1234.50"), ("1234.50", "1234.50"), ("312", "312.00"), ("1.234,50", "1234.50"), ("0,5", "0.50")],
)
def test_amounts_with_a_comma_or_a_point_are_exact_decimals(typed, amount, sponsorship_officer):
    assert parse_amount(typed) == Decimal(amount)
    result = avsi_spreadsheet_import(
        data=csv_bytes(*GOOD, contribution_row(amount=typed)), name="a.csv", dry_run=False, by=sponsorship_officer
    )
    assert result.applied and Contribution.objects.get().amount == Decimal(amount)


@pytest.mark.parametrize("typed", ["-5", "1,2,3", "12.345", "abc", "", None, True, float("nan")])
def test_parse_amount_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)


def test_duplicate_keys_in_the_file_are_rejected_pointing_to_the_first_row(sponsorship_officer):
    result = check(
        *GOOD,
        child_row(),
        sponsor_row(sponsor_name="Famiglia Colombo bis"),
        sponsorship_row(sponsor="IT-S-0901"),
        contribution_row("AVSI-1"),
        contribution_row("avsi-1", amount="10"),
        by=sponsorship_officer,
    )

    assert rejections(result) == [
        (5, "Duplicate of row 2 (same key)."),
        (6, "Duplicate of row 3 (same key)."),
        (7, "Duplicate of row 4 (same key)."),
        (9, "Duplicate of row 8 (same key)."),
    ]


def test_a_recorded_reference_with_other_data_is_rejected(sponsorship_officer):
    ContributionFactory(reference="AVSI-2024-0901", amount=Decimal("100.00"), received_on=date(2024, 3, 1))

    result = check(*GOOD, contribution_row("AVSI-2024-0901"), by=sponsorship_officer)

    assert rejections(result) == [
        (5, "The reference AVSI-2024-0901 is already recorded for €100.00 received on 01.03.2024.")
    ]


def test_a_code_recorded_in_another_case_is_the_same_sponsor(sponsorship_officer):
    Sponsor.objects.create(kind="family", name="Famiglia Colombo", avsi_code="IT-S-0901")

    result = check(sponsor_row("it-s-0901"), by=sponsorship_officer)

    assert result.totals() == {"created": 0, "changed": 0, "unchanged": 1, "rejected": 0}


def test_row_numbers_are_those_excel_shows_even_after_empty_rows(sponsorship_officer):
    result = check(child_row(), {}, {}, contribution_row(child="RU-C-0404"), by=sponsorship_officer, xlsx=True)

    assert [row for row, _detail in rejections(result)] == [5]
