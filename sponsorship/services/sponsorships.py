"""Sponsors, matching a child with a sponsor (and reassigning her), ending it, contributions."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _

from maksora.locking import check_version
from sponsorship import choices, rules
from sponsorship.models import Contribution, Sponsor, SponsoredChild, Sponsorship
from sponsorship.services.common import require_editor

SPONSOR_FIELDS = ("kind", "name", "country", "language", "avsi_code", "email", "phone", "address")


@transaction.atomic
def sponsor_save(*, by, sponsor: Sponsor | None = None, expected_version: int | None = None, **fields) -> Sponsor:
    """Create a sponsor, or change one; the AVSI sponsor code stays unique (whatever its case)."""
    require_editor(by)
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk) if sponsor else Sponsor()
    check_version(sponsor, expected_version)
    for name, value in fields.items():
        if name not in SPONSOR_FIELDS:
            raise TypeError(name)
        setattr(sponsor, name, value.strip() if isinstance(value, str) else value)
    sponsor.country = (sponsor.country or "").upper()
    clash = Sponsor.objects.filter(avsi_code__iexact=sponsor.avsi_code).exclude(pk=sponsor.pk)
    with rules.on_field("avsi_code"):
        rules.check_sponsor_code_free(sponsor.avsi_code, taken=bool(sponsor.avsi_code) and clash.exists())
    sponsor.full_clean()
    sponsor.save()
    return sponsor


def close_sponsorship(sponsorship: Sponsorship, *, end: date, end_reason: str) -> None:
    """`end` is the first day the sponsorship is no longer in force (the period is [start, end))."""
    sponsorship.period = DateRange(sponsorship.period.lower, end, "[)")
    sponsorship.end_reason = end_reason
    sponsorship.save(update_fields=["period", "end_reason"])


def _overlap_error(*, child: SponsoredChild, start: date, end: date | None, exclude=()) -> ValidationError:
    """The refusal of an overlapping period, naming the sponsorship it collides with."""
    conflicting = (
        child.sponsorships.select_related("sponsor")
        .filter(period__overlap=DateRange(start, end, "[)"))
        .exclude(pk__in=[s.pk for s in exclude if s is not None])
        .first()
    )
    return rules.overlap_error(conflicting)


@transaction.atomic
def sponsorship_start(
    *, child: SponsoredChild, sponsor: Sponsor, start: date, by, end: date | None = None
) -> Sponsorship:
    """Match a child with a sponsor from `start` (until `end`, exclusive, or open-ended).

    If another sponsor's sponsorship that began earlier is in force on `start`, the child
    is being reassigned: that one ends the day before `start` (reason "reassigned"), in
    this same transaction. Any other overlap is refused by the database's exclusion
    constraint and reported with the conflicting sponsorship's sponsor and dates.
    """
    require_editor(by)
    # Lock the child so two officers cannot match her at the same moment.
    child = SponsoredChild.objects.select_for_update().get(pk=child.pk)
    with rules.on_field("end"):
        rules.check_period(start, end)
    with rules.on_field("start"):
        rules.check_sponsorship_in_enrolment(child, start)
    end = rules.end_within_enrolment(child, end)
    current = child.sponsorships.select_for_update().filter(period__contains=start).first()
    same_sponsor = current is not None and current.sponsor_id == sponsor.pk
    closing = rules.reassignment_of(current, same_sponsor=same_sponsor, start=start)
    if closing is not None:
        close_sponsorship(closing, end=start, end_reason=choices.SponsorshipEndReason.REASSIGNED)
    try:
        with transaction.atomic():
            return Sponsorship.objects.create(child=child, sponsor=sponsor, period=DateRange(start, end, "[)"))
    except IntegrityError as exc:
        raise _overlap_error(child=child, start=start, end=end) from exc


@transaction.atomic
def sponsorship_end(*, sponsorship: Sponsorship, end: date, end_reason: str, by) -> Sponsorship:
    """End a sponsorship: `end` is the first day it is no longer in force."""
    require_editor(by)
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if not end_reason:
        raise ValidationError({"end_reason": _("Choose why the sponsorship ends.")})
    if end <= sponsorship.period.lower:
        raise ValidationError({"end": _("The sponsorship cannot end before it starts.")})
    if sponsorship.period.upper is not None and end > sponsorship.period.upper:
        raise ValidationError({"end": _("This sponsorship has already ended.")})
    close_sponsorship(sponsorship, end=end, end_reason=end_reason)
    return sponsorship


@transaction.atomic
def contribution_record(
    *, sponsorship: Sponsorship, period_year: int, amount: Decimal, received_on: date, reference: str, by
) -> Contribution:
    """Record money received for a sponsorship (EUR, Decimal, never float); the reference is unique."""
    require_editor(by)
    reference = (reference or "").strip()
    taken = Contribution.objects.filter(reference__iexact=reference).first() if reference else None
    rules.check_contribution(amount=amount, received_on=received_on, reference=reference, taken=taken)
    contribution = Contribution(
        sponsorship=sponsorship, period_year=period_year, amount=amount, received_on=received_on, reference=reference
    )
    contribution.full_clean()
    contribution.save()
    return contribution
