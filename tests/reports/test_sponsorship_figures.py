"""Distance-support figures against a hand-built dataset (year 2025).

- X: enrolled 2020; sponsor P1 [2023-01-01, 2025-07-01) (withdrew), then P2 from 2025-07-01:
  changes sponsor mid-year → one child, one sponsorship started, one ended.
- Y: enrolled 2024; sponsorship [2024-01-01, 2025-01-01): last day in force 2024-12-31 →
  neither sponsored nor ended in 2025; enrolled without a sponsor at year end.
- Z: enrolled 2025-03-01, left 2025-10-01, never sponsored → not waiting at year end.
- W: enrolled 2025-12-01, sponsorship from 2025-12-31 (one day in 2025).
"""

from datetime import date
from decimal import Decimal

import pytest

from sponsorship import reports
from tests.reports import factories as f

Y0, Y1 = date(2025, 1, 1), date(2026, 1, 1)


@pytest.fixture
def program(db):
    x = f.child(enrolled_on=date(2020, 1, 1), name="X")
    y = f.child(enrolled_on=date(2024, 1, 1), name="Y")
    f.child(enrolled_on=date(2025, 3, 1), exited_on=date(2025, 10, 1), name="Z")
    w = f.child(enrolled_on=date(2025, 12, 1), name="W")
    p1, p2, p3 = f.sponsor("P1"), f.sponsor("P2"), f.sponsor("P3")
    s1 = f.sponsorship(x, p1, date(2023, 1, 1), date(2025, 7, 1), end_reason="sponsor_withdrew")
    s2 = f.sponsorship(x, p2, date(2025, 7, 1))
    f.sponsorship(y, p3, date(2024, 1, 1), date(2025, 1, 1), end_reason="other")
    s4 = f.sponsorship(w, p3, date(2025, 12, 31), date(2026, 3, 1))
    f.contribution(s1, "100.50", date(2025, 1, 1))
    f.contribution(s1, "200.00", date(2024, 12, 31))
    f.contribution(s2, "150.25", date(2025, 12, 31))
    f.contribution(s2, "50.00", date(2026, 1, 1))
    f.letter(s1, due_on=date(2025, 3, 1), sent_on=date(2025, 3, 1))
    f.letter(s2, due_on=date(2025, 9, 1), sent_on=date(2025, 9, 10))
    f.letter(s4, due_on=date(2025, 12, 31))
    f.letter(s4, due_on=date(2026, 1, 15))
    f.letter(s2, kind="letter_to_child", due_on=date(2025, 5, 1))
    return {"x": x, "y": y, "w": w}


def _names(queryset):
    return sorted(queryset.values_list("person__family_name", flat=True))


def test_children_sponsored_counts_a_child_who_changed_sponsor_once(program):
    figure = reports.children_sponsored(Y0, Y1)
    assert figure.value == 2
    assert _names(figure.records) == ["W", "X"]


def test_sponsorships_started_and_ended(program):
    assert reports.sponsorships_started(Y0, Y1).value == 2
    ended = reports.sponsorships_ended(Y0, Y1)
    assert ended.value == 1
    assert ended.breakdown["sponsor_withdrew"].value == 1
    # Y's sponsorship's last day in force was 2024-12-31: it ended in 2024.
    assert reports.sponsorships_ended(date(2024, 1, 1), Y0).value == 1


def test_children_waiting_for_a_sponsor_at_year_end(program):
    figure = reports.children_waiting_for_sponsor(Y0, Y1)
    assert _names(figure.records) == ["Y"]


def test_contributions_received_in_the_year_sum_in_euro(program):
    figure = reports.contributions_received(Y0, Y1)
    assert figure.value == Decimal("250.75")
    assert figure.records.count() == 2


def test_yearly_updates_due_and_share_sent_on_time(program):
    figure = reports.yearly_updates(Y0, Y1)
    assert figure.value == 3
    assert figure.breakdown["on_time"].value == 1
    assert figure.breakdown["late"].value == 1
    assert figure.breakdown["not_sent"].value == 1
    assert figure.breakdown["share_on_time"].value == pytest.approx(1 / 3, abs=1e-4)


def test_no_updates_due_gives_no_share(db):
    assert reports.yearly_updates(Y0, Y1).breakdown["share_on_time"].value is None


def test_sponsorship_figures_are_scoped(program, sponsorship_officer, coordinator):
    assert reports.children_sponsored(Y0, Y1, user=sponsorship_officer).value == 2
    assert reports.contributions_received(Y0, Y1, user=coordinator).value == Decimal("0.00")
    assert reports.children_sponsored(Y0, Y1, user=coordinator).value == 0
