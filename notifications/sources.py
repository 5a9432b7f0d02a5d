"""Where a digest's items come from: small functions `(user, today) -> list[DigestItem]`.

Every source reads through `visible_to(user)` (maksora.access), so a digest never names
a record outside the reader's scope nor a restricted person she is not named for. A
source is registered with `@digest_source`; `notifications.digest.build_digest` calls
them in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse

from cases import choices
from cases.models import Approval, Case, CaseMember, Consent, Note, Person, Task
from cases.paperwork import papers_expiring
from cases.querysets import quiet_cases_q
from datachecks.models import DataProblem
from maksora.access import access_for
from maksora.models import Unit
from notifications.models import NotificationKind
from sponsorship.choices import CorrespondenceKind
from sponsorship.models import Correspondence


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest. `key` (kind, record, due date) makes it appear once a day."""

    kind: str
    object_id: int
    due_on: date | None
    url: str
    params: dict = field(default_factory=dict)
    case_id: int | None = None
    person_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.due_on.isoformat() if self.due_on else '-'}"


LAPSING_DAYS = 30

DigestSource = Callable[[object, date], list[DigestItem]]
SOURCES: list[DigestSource] = []


def digest_source(function: DigestSource) -> DigestSource:
    SOURCES.append(function)
    return function


def week_end(today: date) -> date:
    """The Sunday of today's week: "due this week" runs from today to that day."""
    return today + timedelta(days=6 - today.weekday())


def _case_url(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id])


def _task_items(kind: str, tasks) -> list[DigestItem]:
    return [
        DigestItem(
            kind=kind,
            object_id=task.pk,
            due_on=task.due_on,
            url=_case_url(task.case_id),
            params={"title": task.title, "case": task.case.number, "due_on": task.due_on.isoformat()},
            case_id=task.case_id,
        )
        for task in tasks
    ]


@digest_source
def overdue_tasks(user, today: date) -> list[DigestItem]:
    """Her open tasks whose day has passed."""
    tasks = (
        Task.objects.visible_to(user)
        .overdue(today)
        .filter(assigned_to=user)
        .select_related("case")
        .order_by("due_on", "id")
    )
    return _task_items(NotificationKind.TASK_OVERDUE, tasks)


@digest_source
def tasks_due_this_week(user, today: date) -> list[DigestItem]:
    """Her open tasks due from today to Sunday."""
    tasks = (
        Task.objects.visible_to(user)
        .open()
        .filter(assigned_to=user, due_on__gte=today, due_on__lte=week_end(today))
        .select_related("case")
        .order_by("due_on", "id")
    )
    return _task_items(NotificationKind.TASK_DUE, tasks)


@digest_source
def reviews_due(user, today: date) -> list[DigestItem]:
    """Reviews (`Case.next_review_on`) of her open cases, overdue or due by Sunday."""
    cases = (
        Case.objects.visible_to(user)
        .open()
        .filter(assigned_to=user, next_review_on__lte=week_end(today))
        .order_by("next_review_on", "id")
    )
    return [
        DigestItem(
            kind=NotificationKind.REVIEW_DUE,
            object_id=case.pk,
            due_on=case.next_review_on,
            url=_case_url(case.pk),
            params={"case": case.number, "due_on": case.next_review_on.isoformat()},
            case_id=case.pk,
        )
        for case in cases
    ]


@digest_source
def quiet_cases(user, today: date) -> list[DigestItem]:
    """Her open cases with no note for the N days of their unit (`Unit.quiet_days`).

    The item's date is the last note's (none for a case never noted): it stays the same from
    day to day until a note is written.
    """
    units = list(Unit.objects.filter(code__in=access_for(user).case_unit_codes))
    last_note = Note.objects.filter(case=OuterRef("pk")).order_by("-date").values("date")[:1]
    cases = (
        Case.objects.visible_to(user)
        .filter(assigned_to=user)
        .filter(quiet_cases_q(units, today))
        .annotate(last_note_on=Subquery(last_note))
        .order_by(F("last_note_on").asc(nulls_first=True), "opened_on", "id")
    )
    return [
        DigestItem(
            kind=NotificationKind.QUIET_CASE,
            object_id=case.pk,
            due_on=case.last_note_on,
            url=_case_url(case.pk),
            params={
                "case": case.number,
                "since": case.last_note_on.isoformat() if case.last_note_on else None,
                "opened_on": case.opened_on.isoformat(),
            },
            case_id=case.pk,
        )
        for case in cases
    ]


@digest_source
def yearly_updates_due(user, today: date) -> list[DigestItem]:
    """For sponsorship officers: yearly updates not yet sent, overdue or due by Sunday."""
    if not access_for(user).edits_sponsorship:
        return []
    letters = (
        Correspondence.objects.visible_to(user)
        .pending()
        .filter(kind=CorrespondenceKind.YEARLY_UPDATE, due_on__lte=week_end(today))
        .select_related("sponsorship__child")
        .order_by("due_on", "id")
    )
    return [
        DigestItem(
            kind=NotificationKind.YEARLY_UPDATE_DUE,
            object_id=letter.pk,
            due_on=letter.due_on,
            url=reverse("sponsorship:correspondence_detail", args=[letter.pk]),
            params={"child": letter.sponsorship.child.avsi_code, "due_on": letter.due_on.isoformat()},
            person_id=letter.sponsorship.child.person_id,
        )
        for letter in letters
    ]


@digest_source
def consents_missing(user, today: date) -> list[DigestItem]:
    """People of her open cases without a consent to data processing in force today."""
    her_cases = Case.objects.visible_to(user).open().filter(assigned_to=user)
    in_force = Consent.objects.filter(person=OuterRef("pk"), purpose=choices.ConsentPurpose.DATA_PROCESSING)
    in_force = in_force.in_force_on(today)
    first_case = CaseMember.objects.filter(person=OuterRef("pk"), case__in=her_cases).order_by(
        "case__opened_on", "case_id"
    )
    people = (
        Person.objects.visible_to(user)
        .filter(Exists(first_case))
        .filter(~Exists(in_force))
        .annotate(case_id=Subquery(first_case.values("case_id")[:1]))
        .annotate(case_number=Subquery(first_case.values("case__number")[:1]))
        .only("pk")
        .order_by("case_number", "pk")
    )
    return [
        DigestItem(
            kind=NotificationKind.CONSENT_MISSING,
            object_id=person.pk,
            due_on=None,
            url=reverse("cases:person_detail", args=[person.pk]),
            params={"case": person.case_number},
            case_id=person.case_id,
            person_id=person.pk,
        )
        for person in people
    ]


@digest_source
def consents_lapsing(user, today: date) -> list[DigestItem]:
    """Consents of the people in her open cases whose validity ends within 30 days (or has ended)."""
    her_people = CaseMember.objects.filter(case__in=Case.objects.visible_to(user).open().filter(assigned_to=user))
    consents = (
        Consent.objects.visible_to(user)
        .expiring_by(today + timedelta(days=LAPSING_DAYS))
        .filter(person__in=her_people.values("person"))
        .order_by("valid_until", "pk")
    )
    return [
        DigestItem(
            kind=NotificationKind.CONSENT_LAPSING,
            object_id=consent.pk,
            due_on=consent.valid_until,
            url=reverse("cases:person_detail", args=[consent.person_id]),
            params={"purpose": consent.purpose, "valid_until": consent.valid_until.isoformat()},
            person_id=consent.person_id,
        )
        for consent in consents
    ]


@digest_source
def papers_expiring_soon(user, today: date) -> list[DigestItem]:
    """Papers of her cases' people (passport, medical certificate…) expired or expiring within 30 days."""
    return [
        DigestItem(
            kind=NotificationKind.PAPER_EXPIRING,
            object_id=paper.pk,
            due_on=paper.valid_until,
            url=reverse("cases:person_detail", args=[paper.person_id]),
            params={
                "type": paper.document_type.name_ru,
                "type_id": paper.document_type_id,
                "valid_until": paper.valid_until.isoformat(),
            },
            person_id=paper.person_id,
        )
        for paper in papers_expiring(user, today=today, mine_only=True)
    ]


@digest_source
def approvals_waiting(user, today: date) -> list[DigestItem]:
    """For coordinators: closures and plans of her units waiting for her answer (not her own)."""
    access = access_for(user)
    if not access.is_coordinator:
        return []
    waiting = (
        Approval.objects.visible_to(user)
        .pending()
        .filter(case__unit__code__in=access.own_unit_codes)
        .exclude(requested_by=user)
        .select_related("case")
        .order_by("requested_at", "pk")
    )
    return [
        DigestItem(
            kind=NotificationKind.APPROVAL_WAITING,
            object_id=approval.pk,
            due_on=None,
            url=reverse("cases:approval_decide", args=[approval.pk]),
            params={"what": approval.kind, "case": approval.case.number},
            case_id=approval.case_id,
        )
        for approval in waiting
    ]


@digest_source
def data_problems(user, today: date) -> list[DigestItem]:
    """How many problems the data checks assigned to her are open (one line, to her list)."""
    count = DataProblem.objects.visible_to(user).open().filter(assigned_to=user).count()
    if not count:
        return []
    return [
        DigestItem(
            kind=NotificationKind.DATA_PROBLEMS,
            object_id=user.pk,
            due_on=today,
            url=reverse("datachecks:problem_list"),
            params={"count": count},
        )
    ]


@digest_source
def unit_summaries(user, today: date) -> list[DigestItem]:
    """For coordinators, per unit of hers: overdue tasks, reviews due, quiet cases, with their lists.

    The counts are those of the admin lists the links open (same filters, same scope).
    """
    access = access_for(user)
    if not access.is_coordinator:
        return []
    units = [unit for unit in Unit.objects.filter(code__in=access.own_unit_codes) if access.can_manage_unit(unit.code)]
    if not units:
        return []
    tasks = Task.objects.visible_to(user).overdue(today)
    cases = Case.objects.visible_to(user).open()
    items = []
    for unit in units:
        counts = {
            "overdue_tasks": tasks.filter(case__unit=unit).count(),
            "reviews_due": cases.filter(unit=unit, next_review_on__lt=today).count(),
            "quiet_cases": cases.filter(quiet_cases_q([unit], today)).count(),
        }
        if not any(counts.values()):
            continue
        task_list = reverse("admin:cases_task_changelist")
        case_list = reverse("admin:cases_case_changelist")
        links = {
            "overdue_tasks": f"{task_list}?"
            + urlencode({"unit": unit.code, "done_on__isnull": "True", "due_on__lt": today.isoformat()}),
            "reviews_due": f"{case_list}?" + urlencode({"unit": unit.code, "review": "overdue"}),
            "quiet_cases": f"{case_list}?" + urlencode({"unit": unit.code, "quiet": unit.quiet_days}),
        }
        items.append(
            DigestItem(
                kind=NotificationKind.UNIT_SUMMARY,
                object_id=unit.pk,
                due_on=today,
                url=links["overdue_tasks"] if counts["overdue_tasks"] else links["reviews_due"],
                params={"unit": unit.code, "counts": counts, "links": links, "days": unit.quiet_days},
            )
        )
    return items
