"""The data checks: each finds the records with one kind of problem, and whom to ask to fix it.

Each check is a function of the day that yields `Finding`s straight from a query (values
only, no model objects), so a nightly run over every open case stays cheap. A problem
belongs to the worker of the case it was found in; where a case has no worker, or the
problem is no case's (an undecided duplicate pair), it is nobody's and shows to those who
oversee the unit (coordinators, stewards).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cases.choices import CaseStatus, ConsentPurpose
from cases.models import Attachment, Case, CaseMember, Consent, DuplicateCandidate, DuplicateDecision
from cases.querysets import quiet_cases_q, quiet_since
from datachecks.models import DataCheck
from maksora.models import Unit
from maksora.units import UnitCode
from shelters.models import Stay
from sponsorship.models import Correspondence, SponsoredChild

EARLIEST_PLAUSIBLE_BIRTH = date(1920, 1, 1)
# A child of three or less may share her mother's bed; anyone older needs her own.
BED_SHARING_AGE = 3
PHOTO_MAX_AGE_DAYS = 365
UNDECIDED_PAIR_DAYS = 30
WATCHED_STATUSES = (CaseStatus.INTAKE, CaseStatus.ACTIVE)


@dataclass(frozen=True)
class Finding:
    kind: str
    record_key: str
    unit_id: int | None
    person_id: int | None = None
    case_id: int | None = None
    pair_id: int | None = None
    assigned_to_id: int | None = None


def _members_of_open_cases():
    return CaseMember.objects.filter(case__status__in=WATCHED_STATUSES, person__merged_into__isnull=True)


def _per_member(kind: str, members) -> Iterator[Finding]:
    rows = members.values_list("person_id", "case_id", "case__unit_id", "case__assigned_to_id")
    for person_id, case_id, unit_id, worker_id in rows.order_by("case_id", "person_id"):
        yield Finding(kind, f"person:{person_id}/case:{case_id}", unit_id, person_id, case_id, None, worker_id)


def birth_date_problems(today: date) -> Iterator[Finding]:
    """People of open cases with no birth date, one before 1920, or one after today."""
    implausible = (
        Q(person__birth_date__isnull=True)
        | Q(person__birth_date__lt=EARLIEST_PLAUSIBLE_BIRTH)
        | Q(person__birth_date__gt=today)
    )
    yield from _per_member(DataCheck.BIRTH_DATE, _members_of_open_cases().filter(implausible))


def quiet_cases(today: date) -> Iterator[Finding]:
    """Cases in intake or active with no note within their unit's N days (`Unit.quiet_days`).

    The reminders' rule (cases.querysets.quiet_cases_q), except that a case opened less than
    N days ago is not yet a problem.
    """
    units = list(Unit.objects.all())
    cases = Case.objects.filter(quiet_cases_q(units, today), status__in=WATCHED_STATUSES)
    young = Q(pk__in=[])
    for unit in units:
        young |= Q(unit=unit, opened_on__gt=quiet_since(unit, today))
    rows = cases.exclude(young).values_list("pk", "unit_id", "primary_person_id", "assigned_to_id").order_by("pk")
    for case_id, unit_id, primary_id, worker_id in rows:
        yield Finding(DataCheck.QUIET_CASE, f"case:{case_id}", unit_id, primary_id, case_id, None, worker_id)


def stays_without_bed(today: date) -> Iterator[Finding]:
    """Stays in progress with no bed, for anyone over three (or of unknown age)."""
    oldest_sharing = today.replace(year=today.year - BED_SHARING_AGE)
    stays = (
        Stay.objects.on(today)
        .filter(bed__isnull=True)
        .filter(Q(person__birth_date__isnull=True) | Q(person__birth_date__lt=oldest_sharing))
    )
    rows = stays.values_list("pk", "house__unit_id", "person_id", "case_id", "case__assigned_to_id").order_by("pk")
    for stay_id, unit_id, person_id, case_id, worker_id in rows:
        yield Finding(DataCheck.STAY_WITHOUT_BED, f"stay:{stay_id}", unit_id, person_id, case_id, None, worker_id)


def children_without_recent_photo(today: date) -> Iterator[Finding]:
    """Children in the programme with no photo, on file or in a letter, from the last year."""
    since = today - timedelta(days=PHOTO_MAX_AGE_DAYS)
    filed = Attachment.objects.filter(person=OuterRef("person"), kind="photo", uploaded_at__date__gte=since)
    sent = (
        Correspondence.objects.filter(sponsorship__child=OuterRef("pk"))
        .exclude(photo="")
        .filter(Q(sent_on__gte=since) | Q(sent_on__isnull=True, due_on__gte=since))
    )
    distance_case = Case.objects.filter(
        unit__code=UnitCode.DISTANCE, primary_person=OuterRef("person"), status__in=WATCHED_STATUSES
    )
    children = (
        SponsoredChild.objects.filter(exited_on__isnull=True)
        .exclude(Exists(filed))
        .exclude(Exists(sent))
        .annotate(
            case_id=distance_case.values("pk")[:1],
            unit_id=distance_case.values("unit_id")[:1],
            worker_id=distance_case.values("assigned_to")[:1],
        )
        .filter(case_id__isnull=False)
    )
    rows = children.values_list("pk", "unit_id", "person_id", "case_id", "worker_id").order_by("pk")
    for child_id, unit_id, person_id, case_id, worker_id in rows:
        yield Finding(DataCheck.CHILD_PHOTO, f"child:{child_id}", unit_id, person_id, case_id, None, worker_id)


def consents_missing(today: date) -> Iterator[Finding]:
    """People of open cases with no data-processing consent in force today."""
    in_force = Consent.objects.in_force_on(today).filter(
        person=OuterRef("person"), purpose=ConsentPurpose.DATA_PROCESSING
    )
    yield from _per_member(DataCheck.CONSENT, _members_of_open_cases().exclude(Exists(in_force)))


def undecided_pairs(today: date) -> Iterator[Finding]:
    """Cross-unit duplicate pairs no steward has decided within 30 days."""
    found_before = timezone.make_aware(datetime.combine(today - timedelta(days=UNDECIDED_PAIR_DAYS), time.min))
    pairs = DuplicateCandidate.objects.filter(status=DuplicateDecision.UNDECIDED, found_at__lt=found_before)
    for pair_id, person_id in pairs.values_list("pk", F("person_a_id")).order_by("pk"):
        yield Finding(DataCheck.UNDECIDED_PAIR, f"pair:{pair_id}", None, person_id, None, pair_id, None)


CHECKS: dict[str, Callable[[date], Iterator[Finding]]] = {
    DataCheck.BIRTH_DATE: birth_date_problems,
    DataCheck.QUIET_CASE: quiet_cases,
    DataCheck.STAY_WITHOUT_BED: stays_without_bed,
    DataCheck.CHILD_PHOTO: children_without_recent_photo,
    DataCheck.CONSENT: consents_missing,
    DataCheck.UNDECIDED_PAIR: undecided_pairs,
}
