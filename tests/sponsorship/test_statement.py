import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation

from maksora.exports import stream_csv
from sponsorship.exports import statement_csv_rows
from tests.sponsorship.factories import ContributionFactory, SponsorshipFactory


@pytest.fixture
def contributions(sponsorship):
    second_child = SponsorshipFactory(sponsor=sponsorship.sponsor)
    return [
        ContributionFactory(sponsorship=sponsorship, amount=Decimal("156.00"), received_on=date(2025, 2, 1),
                            reference="=cmd|' /C calc'!A0"),
        ContributionFactory(sponsorship=second_child, amount=Decimal("0.10"), received_on=date(2025, 7, 1)),
        ContributionFactory(sponsorship=sponsorship, amount=Decimal("0.20"), received_on=date(2025, 12, 31)),
        ContributionFactory(sponsorship=sponsorship, amount=Decimal("999.00"), received_on=date(2024, 12, 31)),
        ContributionFactory(amount=Decimal("500.00"), received_on=date(2025, 5, 5)),  # another sponsor
    ]  # fmt: skip


def test_statement_lists_the_years_contributions_with_an_exact_total(as_user, manager, sponsorship, contributions):
    url = reverse("sponsorship:sponsor_statement", args=[sponsorship.sponsor.pk])
    response = as_user(manager).get(url, {"year": 2025})
    assert [c.pk for c in response.context["contributions"]] == [c.pk for c in contributions[:3]]
    assert response.context["total"] == Decimal("156.30")


def test_statement_csv_streams_the_same_rows_with_formula_cells_neutralised(
    as_user, sponsorship_officer, sponsorship, contributions
):
    url = reverse("sponsorship:sponsor_statement_csv", args=[sponsorship.sponsor.pk])
    response = as_user(sponsorship_officer).get(url, {"year": 2025})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="statement-IT-ZAN-77-2025.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Sponsor", "IT-ZAN-77", "Famiglia Zanetti"]
    assert rows[3][1] == "'=cmd|' /C calc'!A0"
    assert [row[5] for row in rows[3:6]] == ["156.00", "0.10", "0.20"]
    assert rows[-1] == ["Total", "", "", "", "", "156.30"]


def test_statement_refuses_a_bad_year(as_user, manager, sponsor):
    client = as_user(manager)
    assert client.get(reverse("sponsorship:sponsor_statement", args=[sponsor.pk]), {"year": "20x5"}).status_code == 400
    assert client.get(reverse("sponsorship:sponsor_statement_csv", args=[sponsor.pk]), {"year": "1"}).status_code == 400


def test_statement_is_404_for_social_workers(client, distance_worker, sponsor):
    client.force_login(distance_worker)
    assert client.get(reverse("sponsorship:sponsor_statement_csv", args=[sponsor.pk])).status_code == 404


def test_statement_csv_is_a_stream_and_writes_what_checking_every_cell_writes(
    as_user, sponsorship_officer, sponsorship, contributions
):
    """The fast path (only text columns checked, dates formatted once) changes nothing in the file."""
    person = sponsorship.child.person
    person.given_name = "=SUM(A1)"
    person.save()
    url = reverse("sponsorship:sponsor_statement_csv", args=[sponsorship.sponsor.pk])
    response = as_user(sponsorship_officer).get(url, {"year": 2025})
    assert isinstance(response, StreamingHttpResponse)
    streamed = b"".join(response.streaming_content).decode("utf-8")
    with translation.override("en"):
        every_cell = "".join(stream_csv(statement_csv_rows(sponsorship.sponsor, 2025, user=sponsorship_officer)))
    assert streamed == every_cell
    rows = list(csv.reader(io.StringIO(streamed.lstrip("\ufeff"))))
    assert rows[3][4] == f"'=SUM(A1) {person.family_name}"  # the child's typed name, neutralised
    assert rows[3][0] == "01.02.2025" and rows[3][2] == "2025"
