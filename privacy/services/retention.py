"""Who is due for destruction, and the run that destroys them (see docs/retention.md).

Two clocks: a withdrawn processing consent (30 days from the withdrawal, 152-FZ art. 21
part 5) and the retention period of each unit she was served in, counted from the day its
work with her ended (her last case there closed; for the Distance program, her last
sponsorship ended or she left the program). A person is due once every unit's period is
over; a unit without a retention period never lets her fall due.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import DateField, Exists, F, Func, Max, OuterRef, Q
from django.utils.translation import gettext as _

from cases.choices import ConsentPurpose
from cases.consents import DESTRUCTION_DAYS
from cases.models import Case, CaseMember, Person
from cases.querysets import withdrawn_q
from privacy.models import DestructionAct, LegalGround, LegalHold, RetentionPolicy, RetentionStart
from privacy.services.destruction import act_remove_files, person_destroy
from sponsorship.models import SponsoredChild, Sponsorship

# 152-FZ art. 21 part 5: within thirty days of the withdrawal.


@dataclass
class Due:
    person: Person
    ground: str
    due_on: date
    blockers: list[str] = field(default_factory=list)

    @property
    def ground_label(self) -> str:
        return str(LegalGround(self.ground).label)


def not_destroyed(people):
    """People whose data are still there (a destroyed row has no act any more after three years, nor a name key)."""
    acts = DestructionAct.objects.filter(person=OuterRef("pk"))
    return people.filter(merged_into__isnull=True).exclude(Exists(acts)).exclude(name_key="")


def consent_due_date(withdrawn_on: date) -> date:
    return withdrawn_on + timedelta(days=DESTRUCTION_DAYS)


def withdrawn_consent_due(*, today: date, until: date | None = None, people=None) -> list[Due]:
    """People whose processing consent was withdrawn, with none in force since: due 30 days after the withdrawal.

    With `until`, only those due on or before it; `people` narrows the search (a user's scope).
    """
    people = not_destroyed(people if people is not None else Person.objects.all())
    # The same rule as the record's hiding (cases.querysets.withdrawn_q, cases.consents.destruction_due_on).
    candidates = (
        people.filter(withdrawn_q())
        .annotate(withdrawn=Max("consents__withdrawn_on", filter=Q(consents__purpose=ConsentPurpose.DATA_PROCESSING)))
        .order_by("withdrawn", "pk")
    )
    result = []
    for person in candidates:
        due_on = consent_due_date(person.withdrawn)
        if until is None or due_on <= until:
            result.append(Due(person, LegalGround.CONSENT_WITHDRAWN, due_on))
    return result


def _policies() -> dict[str, tuple[int, str]]:
    return {p.unit.code: (p.years, p.counted_from) for p in RetentionPolicy.objects.select_related("unit")}


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_due_dates(people) -> dict[int, date]:
    """Person id -> the day her last unit's retention period ends (people with an open case left out).

    Four queries whatever the number of people.
    """
    policies = _policies()
    open_cases = Case.objects.exclude(status="closed").filter(memberships__person=OuterRef("pk"))
    open_sponsorships = Sponsorship.objects.filter(child__person=OuterRef("pk"), period__upper_inf=True)
    people = (
        people.filter(Exists(CaseMember.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(open_cases))
        .exclude(Exists(open_sponsorships))
    )
    ends: dict[int, dict[str, date]] = defaultdict(dict)
    rows = (
        CaseMember.objects.filter(person__in=people.values("pk"))
        .values_list("person_id", "case__unit__code")
        .annotate(last=Max("case__closed_on"))
    )
    for person_id, code, last in rows:
        ends[person_id][code] = last
    children = SponsoredChild.objects.filter(person__in=people.values("pk"))
    exits = dict(children.values_list("person_id", "exited_on"))
    sponsorship_ends = dict(
        Sponsorship.objects.filter(child__in=children)
        .values_list("child__person_id")
        .annotate(last=Max(Func(F("period"), function="upper", output_field=DateField())))
        .values_list("child__person_id", "last")
    )
    due = {}
    for person_id, units in ends.items():
        days = []
        for code, last_closed in units.items():
            if code not in policies:
                break
            years, counted_from = policies[code]
            end = last_closed
            if counted_from == RetentionStart.SPONSORSHIP_ENDED:
                candidates = [d for d in (last_closed, exits.get(person_id), sponsorship_ends.get(person_id)) if d]
                end = max(candidates)
            days.append(_add_years(end, years))
        else:
            if days:
                due[person_id] = max(days)
    return due


def retention_due(today: date, *, until: date | None = None, people=None) -> list[Due]:
    """Everyone due for destruction on `today` (or by `until`): withdrawn consents first, then retention.

    Each carries the reasons she cannot be destroyed yet (an open case, a legal hold), if any.
    """
    until = until or today
    scope = not_destroyed(people if people is not None else Person.objects.all())
    result = withdrawn_consent_due(today=today, until=until, people=scope)
    seen = {due.person.pk for due in result}
    dates = {pk: day for pk, day in retention_due_dates(scope).items() if day <= until and pk not in seen}
    by_pk = Person.objects.in_bulk(list(dates))
    result += sorted(
        (Due(by_pk[pk], LegalGround.PURPOSE_ACHIEVED, day) for pk, day in dates.items()),
        key=lambda due: (due.due_on, due.person.pk),
    )
    return with_blockers(result, today=today)


def with_blockers(dues: list[Due], *, today: date) -> list[Due]:
    """The reasons of destruction_blockers, for a whole list in two queries."""
    pks = [due.person.pk for due in dues]
    with_open_case = set(
        CaseMember.objects.filter(person__in=pks).exclude(case__status="closed").values_list("person_id", flat=True)
    )
    held = set(LegalHold.objects.filter(person__in=pks).in_force_on(today).values_list("person_id", flat=True))
    for due in dues:
        if due.person.pk in with_open_case:
            due.blockers.append(_("She has an open case: close every case of hers first."))
        if due.person.pk in held:
            due.blockers.append(_("A legal hold keeps her data: it must end or be lifted first."))
    return dues


@dataclass
class RetentionRun:
    destroyed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    acts_removed: int = 0
    files_retried: int = 0


def retention_run(*, today: date, by=None, dry_run: bool = False) -> RetentionRun:
    """Destroy everyone due on `today` through person_destroy, each in her own transaction.

    Idempotent: a destroyed person is never due again, so a second run on the same day does
    nothing. Also retries files an earlier destruction could not remove, and removes acts
    past their own three years.
    """
    run = RetentionRun()
    for due in retention_due(today):
        if due.blockers or dry_run:
            (run.skipped if due.blockers else run.destroyed).append(due)
            continue
        try:
            run.destroyed.append(person_destroy(person=due.person, by=by, legal_ground=due.ground))
        except Exception as error:  # noqa: BLE001 - one refusal must not stop the others
            due.blockers = getattr(error, "messages", [str(error)])
            run.skipped.append(due)
    if dry_run:
        return run
    for act in DestructionAct.objects.exclude(files_pending=[]):
        run.files_retried += len(act.files_pending)
        act_remove_files(act=act)
    run.acts_removed, _by_model = DestructionAct.objects.filter(keep_until__lt=today).delete()
    return run


def next_month(today: date) -> tuple[date, date]:
    """The first and last day of the month after `today`'s."""
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def falling_due_next_month(today: date, *, people=None) -> list[Due]:
    """Those who will fall due during next month (for the coordinators' planning)."""
    first, last = next_month(today)
    return [due for due in retention_due(today, until=last, people=people) if due.due_on >= first]


def summary(run: RetentionRun) -> str:
    return _("%(destroyed)s destroyed, %(skipped)s not yet (open case or legal hold)") % {
        "destroyed": len(run.destroyed),
        "skipped": len(run.skipped),
    }
