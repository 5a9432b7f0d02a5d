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


def _contribution_rows(contributions) -> Iterator[list]:
    for contribution in contributions.iterator(chunk_size=2000):
        child = contribution.sponsorship.child
        yield [
            _cell(contribution.received_on),
            contribution.reference,
            contribution.period_year,
            child.avsi_code,
            f"{child.person.given_name} {child.person.family_name}",
            _cell(contribution.amount),
        ]


def _total_row(label: str, contributions) -> Iterator[list]:
    yield [label, "", "", "", "", _cell(statement_total(contributions))]


def statement_csv_rows(sponsor: Sponsor, year: int, *, user=None) -> Iterator[list]:
    """Header, one row per contribution (streamed from the database), and the total.

    Labels are translated here, while the request's language is active; the rows
    themselves are read only as the response streams.
    """
    contributions = statement_contributions(sponsor, year, user=user)
    header = [
        [_("Sponsor"), sponsor.avsi_code, sponsor.name],
        [_("Year"), year],
        [_("Received on"), _("Reference"), _("For year"), _("Child code"), _("Child"), _("Amount (EUR)")],
    ]
    return chain(header, _contribution_rows(contributions), _total_row(_("Total"), contributions))
