"""Yearly-report figures of the Distance Support Program.

Periods are half-open [start, end) (a calendar year Y is [date(Y,1,1), date(Y+1,1,1)));
with `user`, only rows of her scope are counted (`counted_for`: restricted children
included). Sponsorship periods are stored as
[first day in force, first day no longer in force), so a sponsorship's *last day in force*
is `upper - 1 day`. Every function returns a maksora.figures.Figure whose `records` are
exactly the rows counted.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from maksora.figures import Figure, aggregate_of, count_of, derived, rows_of
from sponsorship import choices
from sponsorship.models import Contribution, Correspondence, SponsoredChild, Sponsorship


def _check_period(start: date, end: date) -> None:
    if end <= start:
        raise ValueError("end must be after start (periods are [start, end))")


def _children(user):
    return SponsoredChild.objects.counted_for(user) if user is not None else SponsoredChild.objects.all()


def _sponsorships(user):
    return Sponsorship.objects.counted_for(user) if user is not None else Sponsorship.objects.all()


def children_sponsored(start: date, end: date, *, user=None) -> Figure:
    """Children with at least one sponsorship in force on some day of [start, end).

    A child whose sponsor changed during the period counts once.
    """
    _check_period(start, end)
    sponsorships = _sponsorships(user).intersecting(start, end)
    children = _children(user).filter(Exists(sponsorships.filter(child=OuterRef("pk"))))
    return Figure(
        "children_sponsored",
        _("Children with a sponsor"),
        count_of(children),
        children,
        definition=_(
            "Children with a sponsorship in force on at least one day of the period, each "
            "counted once even if the sponsor changed."
        ),
    )


def sponsorships_started(start: date, end: date, *, user=None) -> Figure:
    """Sponsorships whose first day in force falls in [start, end) (a change of sponsor starts a new one)."""
    _check_period(start, end)
    started = _sponsorships(user).filter(period__startswith__gte=start, period__startswith__lt=end)
    return Figure(
        "sponsorships_started",
        _("Sponsorships started"),
        count_of(started),
        started,
        definition=_(
            "Sponsorships whose first day in force falls in the period; a change of sponsor starts a new sponsorship."
        ),
    )


def sponsorships_ended(start: date, end: date, *, user=None) -> Figure:
    """Sponsorships whose last day in force (period upper bound − 1 day) falls in [start, end).

    Equivalently start < upper ≤ end; sponsorships without an end are ongoing, not ended.
    Breakdown by end reason.
    """
    _check_period(start, end)
    ended = _sponsorships(user).filter(period__upper_inf=False, period__endswith__gt=start, period__endswith__lte=end)
    counts = rows_of(
        ended.order_by().values_list("end_reason").annotate(n=Count("pk")).values_list("end_reason", "n"), dict
    )
    breakdown = {
        reason: Figure(
            f"sponsorships_ended.{reason}",
            label,
            counts.map(lambda c, r=reason: c.get(r, 0)),
            ended.filter(end_reason=reason),
        )
        for reason, label in choices.SponsorshipEndReason.choices
    }
    breakdown["unknown"] = Figure("sponsorships_ended.unknown", _("Not recorded"), counts.map(lambda c: c.get("", 0)),
                                  ended.filter(end_reason=""), shown_when_zero=False)  # fmt: skip
    total = counts.map(lambda c: sum(c.values()))
    return Figure(
        "sponsorships_ended",
        _("Sponsorships ended"),
        total,
        ended,
        breakdown,
        definition=_(
            "Sponsorships whose last day in force falls in the period, by the reason they "
            "ended; ongoing sponsorships are not counted."
        ),
    )


def children_waiting_for_sponsor(start: date, end: date, *, user=None) -> Figure:
    """Children enrolled on the last day of the period (end − 1 day) with no sponsorship in force that day.

    Enrolled on d: enrolled_on ≤ d and (exited_on is null or exited_on > d).
    """
    _check_period(start, end)
    last_day = end - timedelta(days=1)
    in_force = Sponsorship.objects.in_force_on(last_day).filter(child=OuterRef("pk"))
    children = _children(user).enrolled_on(last_day).filter(~Exists(in_force))
    return Figure(
        "children_waiting_for_sponsor", _("Children enrolled without a sponsor at the end of the period"),
        count_of(children), children,
        definition=_("Children enrolled in the programme on the last day of the period who had no sponsorship "
                     "in force that day."),
    )  # fmt: skip


def contributions_received(start: date, end: date, *, user=None) -> Figure:
    """Contributions received (received_on) in [start, end): the sum in EUR, Decimal.

    The contribution's `period_year` (the year it is meant for) does not matter here.
    """
    _check_period(start, end)
    contributions = Contribution.objects.counted_for(user) if user is not None else Contribution.objects.all()
    contributions = contributions.filter(received_on__gte=start, received_on__lt=end)
    total = aggregate_of(contributions, total=Sum("amount"))["total"].map(lambda total: total or Decimal("0.00"))
    return Figure(
        "contributions_received",
        _("Contributions received (EUR)"),
        total,
        contributions,
        definition=_("The sum in euros of the contributions received in the period, whatever year they are meant for."),
    )


def yearly_updates(start: date, end: date, *, user=None) -> Figure:
    """Yearly updates due in [start, end) (due_on), and how many were sent by their due date.

    Value: number due. Breakdown: `on_time` (sent_on ≤ due_on), `late` (sent after the due
    date), `not_sent`; `share_on_time` is on_time / due as a ratio (None when nothing was due).
    """
    _check_period(start, end)
    letters = Correspondence.objects.counted_for(user) if user is not None else Correspondence.objects.all()
    due = letters.filter(kind=choices.CorrespondenceKind.YEARLY_UPDATE, due_on__gte=start, due_on__lt=end)
    on_time_q = Q(sent_on__isnull=False, sent_on__lte=F("due_on"))
    late_q = Q(sent_on__isnull=False, sent_on__gt=F("due_on"))

    counts = aggregate_of(
        due, total=Count("pk"), on_time=Count("pk", filter=on_time_q), late=Count("pk", filter=late_q)
    )
    total = counts["total"]
    return Figure(
        "yearly_updates",
        _("Yearly updates due"),
        total,
        due,
        {
            "on_time": Figure(
                "yearly_updates.on_time", _("Sent by the due date"), counts["on_time"], due.filter(on_time_q)
            ),
            "late": Figure("yearly_updates.late", _("Sent late"), counts["late"], due.filter(late_q)),
            "not_sent": Figure(
                "yearly_updates.not_sent",
                _("Not sent"),
                derived(lambda total, on_time, late: total - on_time - late, total, counts["on_time"], counts["late"]),
                due.filter(sent_on__isnull=True),
            ),  # fmt: skip
            "share_on_time": Figure(
                "yearly_updates.share_on_time",
                _("Share sent by the due date"),
                derived(lambda on_time, total: on_time / total if total else None, counts["on_time"], total),
                due.filter(on_time_q),
                definition=_("Yearly updates sent by their due date, as a share of those due in the period."),
            ),  # fmt: skip
        },
        definition=_(
            "Yearly updates to sponsors due in the period, and whether each was sent by its due date, late or not sent."
        ),
    )
