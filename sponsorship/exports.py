"""A sponsor's yearly statement: its contributions, total, and the rows of its CSV.

The CSV is streamed by maksora.exports.stream_csv, whose `safe_cell` neutralises text
that a spreadsheet would run as a formula.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from itertools import chain

from django.db.models import Sum
from django.utils.translation import gettext as _

from maksora.exports import stream_csv
from sponsorship.models import Contribution, Sponsor


def statement_contributions(sponsor: Sponsor, year: int, *, user=None):
    """Contributions of `sponsor` received in calendar `year`, oldest first, with their child.

    With `user`, only those she may read (a restricted child's are left out).
    """
    contributions = Contribution.objects.visible_to(user) if user is not None else Contribution.objects.all()
    return (
        contributions.filter(
            sponsorship__sponsor=sponsor, received_on__gte=date(year, 1, 1), received_on__lt=date(year + 1, 1, 1)
        )
        .select_related("sponsorship__child__person")
        .order_by("received_on", "reference")
    )


def statement_total(contributions) -> Decimal:
    return contributions.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def _cell(value):
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


class _DayLabels(dict):
    """dd.mm.yyyy of each day, formatted once: a year's statement has at most 366 different days."""

    def __missing__(self, day):
        label = self[day] = day.strftime("%d.%m.%Y")
        return label


# Plain values straight from the rows (no Contribution, Sponsorship, child and person objects
# per row): the export then runs near the speed of a bare values_list() and csv.writer.
STATEMENT_COLUMNS = (
    "received_on",
    "reference",
    "period_year",
    "sponsorship__child__avsi_code",
    "sponsorship__child__person__given_name",
    "sponsorship__child__person__family_name",
    "amount",
)
# The CSV columns that carry text someone typed (date labels, years and amounts cannot look like a formula).
STATEMENT_TEXT_COLUMNS = (0, 1, 3, 4)
ROWS_PER_FETCH = 5000


def _contribution_rows(contributions, total_label: str) -> Iterator[tuple]:
    """One row per contribution, then the total (summed on the way: no second query).

    The amount is the database's Decimal of two places, written as it is ("156.00").
    """
    total = Decimal("0.00")
    days = _DayLabels()
    rows = contributions.values_list(*STATEMENT_COLUMNS).iterator(chunk_size=ROWS_PER_FETCH)
    for received_on, reference, period_year, code, given_name, family_name, amount in rows:
        total += amount
        yield days[received_on], reference, period_year, code, f"{given_name} {family_name}", amount
    yield total_label, "", "", "", "", _cell(total)


def _statement_headings(sponsor: Sponsor, year: int) -> list[list]:
    return [
        [_("Sponsor"), sponsor.avsi_code, sponsor.name],
        [_("Year"), year],
        [_("Received on"), _("Reference"), _("For year"), _("Child code"), _("Child"), _("Amount (EUR)")],
    ]


def statement_csv_rows(sponsor: Sponsor, year: int, *, user=None) -> Iterator[list]:
    """Header, one row per contribution (streamed from the database), and the total.

    Labels are translated here, while the request's language is active; the rows
    themselves are read only as the response streams.
    """
    contributions = statement_contributions(sponsor, year, user=user)
    return chain(_statement_headings(sponsor, year), _contribution_rows(contributions, _("Total")))


def statement_csv(sponsor: Sponsor, year: int, *, user=None) -> Iterator[str]:
    """The statement as CSV text chunks (maksora.exports.stream_csv), formula-like text neutralised.

    Labels are translated now; the contributions are read as the chunks are taken.
    """
    contributions = statement_contributions(sponsor, year, user=user)
    return stream_csv(
        _contribution_rows(contributions, _("Total")),
        _statement_headings(sponsor, year),
        text_columns=STATEMENT_TEXT_COLUMNS,
    )
