"""Days, numbers and money as each language writes them; codes (ids, years) never grouped."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db.backends.postgresql.psycopg_any import DateRange
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from maksora import display
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.security.helpers import SignedInClient
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory, house
from tests.sponsorship.factories import ContributionFactory, SponsorFactory, SponsorshipFactory

NBSP = "\xa0"


def browser(language: str, user) -> SignedInClient:
    client = SignedInClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def page(client, url, data=None) -> str:
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


# --- the helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("ru", "1234.5", f"1{NBSP}234,50{NBSP}€"),
        ("it", "1234.5", f"1{NBSP}234,50{NBSP}€"),
        ("en", "1234.5", "€1,234.50"),
        ("ru", "5502.50", f"5{NBSP}502,50{NBSP}€"),
        ("ru", "312", f"312,00{NBSP}€"),
        ("it", "1000000", f"1{NBSP}000{NBSP}000,00{NBSP}€"),
    ],
)
def test_money_reads_the_same_in_russian_and_italian(language, amount, shown):
    with translation.override(language):
        assert display.money(Decimal(amount)) == shown


@pytest.mark.parametrize("language", ["ru", "it", "en"])
def test_a_day_is_dd_mm_yyyy_in_every_language(language):
    with translation.override(language):
        assert display.day(date(2025, 9, 1)) == "01.09.2025"
        assert display.day(None) == "—"
        html = Template('{% load maksora_format %}{{ d|day }} {{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}').render(
            Context({"d": date(2025, 9, 1)})
        )
        assert html == "01.09.2025 01.09.2025 01.09.2025"


def test_plain_numbers_follow_the_language_and_ids_can_be_kept_whole():
    template = Template("{% load l10n %}{{ n }} {{ n|unlocalize }}")
    with translation.override("ru"):
        assert template.render(Context({"n": 12345})) == f"12{NBSP}345 12345"
    with translation.override("en"):
        assert template.render(Context({"n": 12345})) == "12,345 12345"


# --- pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "it", "en"])
def test_case_page_shows_the_opening_day_as_dd_mm_yyyy(language, golubka_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, opened_on=date(2025, 9, 1))
    html = page(browser(language, golubka_worker), reverse("cases:case_detail", args=[case.pk]))
    assert "01.09.2025" in html
    assert "2025-09-01" not in html.split("<main", 1)[-1].split("<form", 1)[0]


@pytest.fixture
def statement_2025(db):
    sponsor = SponsorFactory(name="Famiglia Zanetti", avsi_code="IT-ZAN-77")
    sponsorship = SponsorshipFactory(sponsor=sponsor)
    ContributionFactory(sponsorship=sponsorship, amount=Decimal("1000.00"), received_on=date(2025, 2, 1))
    ContributionFactory(sponsorship=sponsorship, amount=Decimal("234.50"), received_on=date(2025, 9, 1))
    return sponsor


@pytest.mark.parametrize(("language", "total"), [("ru", f"1{NBSP}234,50{NBSP}€"), ("it", f"1{NBSP}234,50{NBSP}€")])
def test_sponsor_statement_shows_money_as_1_234_50_euro(language, total, sponsorship_officer, statement_2025):
    url = reverse("sponsorship:sponsor_statement", args=[statement_2025.pk])
    html = page(browser(language, sponsorship_officer), url, {"year": 2025})
    assert f'<td class="text-end" id="statement-total">{total}</td>' in html
    assert f"1{NBSP}000,00{NBSP}€" in html and f"234,50{NBSP}€" in html
    assert "01.09.2025" in html
    # The year is a code: in the table, the year box and the CSV link, never "2 025".
    assert "<td>2025</td>" in html and 'value="2025"' in html and "?year=2025" in html
    assert f"2{NBSP}025" not in html


def test_english_statement_puts_the_euro_sign_first(sponsorship_officer, statement_2025):
    url = reverse("sponsorship:sponsor_statement", args=[statement_2025.pk])
    html = page(browser("en", sponsorship_officer), url, {"year": 2025})
    assert 'id="statement-total">€1,234.50</td>' in html


@pytest.mark.parametrize("language", ["ru", "it"])
def test_report_page_shows_contributions_as_money(language, manager, statement_2025):
    html = page(browser(language, manager), reverse("reports:yearly"), {"year": 2025})
    row = html.split('data-figure="contributions_received"', 1)[1].split("</tr>", 1)[0]
    assert f">1{NBSP}234,50{NBSP}€</a>" in row
    assert "01.01.2025" in html and "31.12.2025" in html


def test_report_drilldown_shows_amounts_as_money_and_years_whole(manager, statement_2025):
    url = reverse("reports:drilldown", args=["contributions_received", "contributions_received"])
    html = page(browser("ru", manager), url, {"year": 2025})
    assert f"1{NBSP}234,50{NBSP}€" in html and f"1{NBSP}000,00{NBSP}€" in html
    assert "<td>2025</td>" in html and f"2{NBSP}025" not in html


def test_grouping_never_breaks_ids_in_links_and_form_values(golubka_worker):
    """Records numbered past 999 keep plain ids in attributes, links and form values."""
    mother = PersonFactory(id=23456)
    staying = CaseFactory(id=12344, unit=unit("golubka"), primary_person=mother, assigned_to=golubka_worker)
    room = RoomFactory(house=house("golubka"))
    StayFactory(
        id=45678, person=mother, case=staying, bed=BedFactory(id=34567, room=room), period=DateRange(date(2025, 1, 10))
    )
    BedFactory(id=34568, room=room)
    waiting = CaseFactory(id=12345, unit=unit("golubka"), primary_person=PersonFactory(id=23457))
    client = browser("ru", golubka_worker)

    board = page(client, reverse("shelters:board"), {"house": "golubka", "on": "2025-03-01"})
    assert 'data-person="23456"' in board
    assert "?stay=45678" in board
    assert '<option value="12345">' in board

    admit = page(client, reverse("shelters:admit", args=[waiting.pk]), {"on": "2025-03-01"})
    assert 'value="34568"' in admit and 'id="member-23457"' in admit

    for html in (board, admit):
        assert f"12{NBSP}34" not in html and f"23{NBSP}45" not in html and f"34{NBSP}56" not in html


def test_page_links_past_page_999_stay_whole():
    page_obj = Paginator(range(30_000), 10).page(1234)
    with translation.override("ru"):
        html = render_to_string("partials/pagination.html", {"page_obj": page_obj, "query_string": "q=a"})
    assert "page=1233" in html and "page=1235" in html
    assert f"1{NBSP}234" in html  # the label "Page 1 234" is a number people read
