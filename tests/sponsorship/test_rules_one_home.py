"""The programme's rules live in sponsorship/rules.py: the services and the import's planner say the same words."""

import ast
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sponsorship import services
from sponsorship.importing import avsi_spreadsheet_import
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sponsorship_row
from tests.sponsorship.factories import ContributionFactory, SponsoredChildFactory, SponsorFactory, SponsorshipFactory

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = ("cases", "shelters", "sponsorship", "maksora", "reports")
FUTURE = timezone.localdate() + timedelta(days=10)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def recorded(db):
    """A child enrolled on 01.01.2024, sponsored from 01.09.2024, with one contribution (reference BONIF-7)."""
    child = SponsoredChildFactory(enrolled_on=date(2024, 1, 1))
    sponsorship = SponsorshipFactory(child=child, start=date(2024, 9, 1))
    ContributionFactory(sponsorship=sponsorship, reference="BONIF-7")
    return {"child": child, "sponsorship": sponsorship, "other": SponsorFactory()}


def imported(row, officer) -> str:
    result = avsi_spreadsheet_import(data=csv_bytes(row), name="avsi.csv", dry_run=True, by=officer)
    assert len(result.rejected) == 1, result
    return result.rejected[0].detail


def refused(call) -> str:
    with pytest.raises(ValidationError) as refusal:
        call()
    return " ".join(refusal.value.messages)


CASES = {
    "enrolment in the future": (
        lambda r, by: services.child_enrol(
            person={"family_name": "Кузнецова", "given_name": "Дарья", "sex": "F"},
            avsi_code="RU-C-0901",
            living_situation="family",
            enrolled_on=FUTURE,
            by=by,
        ),
        lambda r: child_row(enrolled_on=FUTURE.strftime("%d.%m.%Y")),
    ),
    "enrolment moved after a sponsorship's start": (
        lambda r, by: services.child_update(child=r["child"], enrolled_on=date(2024, 10, 1), by=by),
        lambda r: child_row(r["child"].avsi_code, enrolled_on="01.10.2024"),
    ),
    "sponsorship before the enrolment": (
        lambda r, by: services.sponsorship_start(child=r["child"], sponsor=r["other"], start=date(2023, 6, 1), by=by),
        lambda r: sponsorship_row(r["child"].avsi_code, r["other"].avsi_code, start="01.06.2023"),
    ),
    "overlap with the recorded sponsorship": (
        lambda r, by: services.sponsorship_start(child=r["child"], sponsor=r["other"], start=date(2024, 3, 1), by=by),
        lambda r: sponsorship_row(r["child"].avsi_code, r["other"].avsi_code, start="01.03.2024"),
    ),
    "the same sponsor again": (
        lambda r, by: services.sponsorship_start(
            child=r["child"], sponsor=r["sponsorship"].sponsor, start=date(2025, 1, 1), by=by
        ),
        lambda r: sponsorship_row(r["child"].avsi_code, r["sponsorship"].sponsor.avsi_code, start="01.01.2025"),
    ),
    "an end before the start": (
        lambda r, by: services.sponsorship_start(
            child=r["child"], sponsor=r["other"], start=date(2026, 1, 1), end=date(2025, 12, 31), by=by
        ),
        lambda r: sponsorship_row(r["child"].avsi_code, r["other"].avsi_code, start="01.01.2026", end="31.12.2025"),
    ),
    "a reference already recorded": (
        lambda r, by: services.contribution_record(
            sponsorship=r["sponsorship"],
            period_year=2025,
            amount=Decimal("99.90"),
            received_on=date(2025, 3, 14),
            reference="bonif-7",
            by=by,
        ),
        lambda r: contribution_row(
            "bonif-7",
            child=r["child"].avsi_code,
            sponsor=r["sponsorship"].sponsor.avsi_code,
            year="2025",
            amount="99,90",
            received_on="14.03.2025",
        ),
    ),
    "an amount of zero": (
        lambda r, by: services.contribution_record(
            sponsorship=r["sponsorship"],
            period_year=2025,
            amount=Decimal("0"),
            received_on=date(2025, 3, 14),
            reference="NEW-1",
            by=by,
        ),
        lambda r: contribution_row(
            "NEW-1", child=r["child"].avsi_code, sponsor=r["sponsorship"].sponsor.avsi_code, amount="0,00"
        ),
    ),
}


@pytest.mark.parametrize("bad_input", list(CASES))
def test_the_service_and_the_import_refuse_the_same_input_with_the_same_words(bad_input, recorded, sponsorship_officer):
    through_service, as_row = CASES[bad_input]
    said_by_service = refused(lambda: through_service(recorded, sponsorship_officer))
    assert imported(as_row(recorded), sponsorship_officer) == said_by_service


def rule_messages() -> list[str]:
    """The msgids written in sponsorship/rules.py."""
    tree = ast.parse((ROOT / "sponsorship" / "rules.py").read_text())
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and isinstance(node.args[0], ast.Constant)
    ]


# "Not in the future" is shared by every dated form of the site: its one home is maksora's date rules.
SHARED_WITH_OTHER_DATES = {"This date cannot be in the future."}


def test_each_rule_message_is_written_once_in_the_application_code():
    sources = {
        path: path.read_text()
        for folder in APP_CODE
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    }
    messages = [message for message in rule_messages() if message not in SHARED_WITH_OTHER_DATES]
    assert len(messages) >= 10
    for message in messages:
        quoted = re.compile(re.escape(repr(message)[1:-1]))
        homes = [path.relative_to(ROOT).as_posix() for path, text in sources.items() if quoted.search(text)]
        assert homes == ["sponsorship/rules.py"], (message, homes)
