"""Small builders for distance-support rows (sponsorship models are created directly)."""

from datetime import date
from itertools import count

from django.db.backends.postgresql.psycopg_any import DateRange

from sponsorship.models import Contribution, Correspondence, Sponsor, SponsoredChild, Sponsorship
from tests.cases.factories import CaseFactory, PersonFactory, unit

_codes = count(1)


def child(*, enrolled_on: date, exited_on: date | None = None, name="Ребёнок") -> SponsoredChild:
    person = PersonFactory(family_name=name, birth_date=date(2015, 1, 1))
    CaseFactory(unit=unit("distance"), primary_person=person, opened_on=enrolled_on)
    return SponsoredChild.objects.create(
        person=person,
        avsi_code=f"RU-{next(_codes):05d}",
        living_situation="family",
        enrolled_on=enrolled_on,
        exited_on=exited_on,
        exit_reason="other" if exited_on else "",
    )


def sponsor(name="Famiglia Rossi") -> Sponsor:
    return Sponsor.objects.create(kind="family", name=name, avsi_code=f"SP-{next(_codes):05d}")


def sponsorship(child_, sponsor_, start: date, end: date | None = None, end_reason="") -> Sponsorship:
    return Sponsorship.objects.create(
        child=child_, sponsor=sponsor_, period=DateRange(start, end, "[)"), end_reason=end_reason
    )


def contribution(sponsorship_, amount: str, received_on: date) -> Contribution:
    return Contribution.objects.create(
        sponsorship=sponsorship_,
        period_year=received_on.year,
        amount=amount,
        received_on=received_on,
        reference=f"REF-{next(_codes):06d}",
    )


def letter(sponsorship_, *, kind="yearly_update", due_on: date, sent_on: date | None = None) -> Correspondence:
    return Correspondence.objects.create(
        sponsorship=sponsorship_, kind=kind, due_on=due_on, sent_on=sent_on, language="it"
    )
