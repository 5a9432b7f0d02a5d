"""Everything held about one person, model by model: what destruction and subject access both walk.

A *holding* is the rows of one model about her, with a filter that reads the same on the
model's pghistory event table (event tables copy the tracked columns), so her history
rows are found even for rows deleted long ago. Rows are either wholly hers (`own`: her
record, her consents, the notes of the cases where she is the main person…) or shared
with others (`own=False`: the notes of her mother's case she is a member of), where only
her names and numbers are taken out.

tests/privacy/test_model_graph.py walks the model graph and fails when a model that
reaches Person or Case is missing here.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, AssessmentScore
from cases.models import (
    Approval,
    Attachment,
    Case,
    CaseActivity,
    CaseMember,
    Consent,
    DuplicateCandidate,
    Goal,
    GoalUpdate,
    MergeRecord,
    Note,
    Person,
    Relationship,
    Restriction,
    RestrictionGrant,
    Task,
)
from datachecks.models import DataProblem
from maksora.models import AccessRecord
from notifications.models import Notification
from privacy.models import DestructionAct, LegalHold
from shelters.models import Stay
from sponsorship.models import ChecklistTick, Contribution, Correspondence, SponsoredChild, Sponsorship

CATEGORIES = {
    "identity": _("Identity (name, date of birth, citizenship)"),
    "contact": _("Documents and contact details"),
    "notes": _("Free-text notes and case timeline"),
    "plans": _("Goals, progress and tasks"),
    "files": _("Attachments, letters and photo files"),
    "consents": _("Consents"),
    "relationships": _("Family links"),
    "programme": _("Cases, stays and programme records"),
    "history": _("History rows"),
    "access_log": _("Access-log rows"),
}

# Rows the destruction removes altogether (after taking her data out of them, so that the
# delete events pghistory writes carry no personal data either).
DELETE = "delete"
# Rows that stay, so that past figures still count her (as one person, details unknown).
KEEP = "keep"


@dataclass(frozen=True)
class Holding:
    model: type
    where: Q
    category: str
    own: bool
    fate: str = KEEP

    @property
    def rows(self):
        return self.model._default_manager.filter(self.where)

    @property
    def event_model(self):
        return event_models().get(self.model)

    @property
    def events(self):
        event_model = self.event_model
        return event_model.objects.filter(self.where) if event_model is not None else None


@cache
def event_models() -> dict[type, type]:
    """Tracked model -> its pghistory event model."""
    found = {}
    for model in apps.get_models():
        tracked = getattr(model, "pgh_tracked_model", None)
        if tracked is not None and not model._meta.proxy and model._meta.managed:
            found[tracked] = model
    return found


def people_of(person: Person) -> list[int]:
    """Her id, and the ids of every record merged into her as a duplicate (at any depth)."""
    ids, frontier = [person.pk], [person.pk]
    while frontier:
        frontier = list(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def case_ids_of(people: list[int]) -> tuple[list[int], list[int]]:
    """(cases where she is the main person, other cases she is a member of)."""
    primary = list(Case.objects.filter(primary_person__in=people).values_list("pk", flat=True))
    member = set(CaseMember.objects.filter(person__in=people).values_list("case_id", flat=True))
    return primary, sorted(member - set(primary))


def holdings(person: Person) -> list[Holding]:
    people = people_of(person)
    primary, member = case_ids_of(people)
    cases = primary + member
    own_case, shared_case = Q(case__in=primary), Q(case__in=member)
    sponsorships = Q(sponsorship__child__person__in=people)
    return [
        Holding(Person, Q(id__in=people), "identity", own=True),
        Holding(Relationship, Q(from_person__in=people) | Q(to_person__in=people), "relationships", True, DELETE),
        Holding(Consent, Q(person__in=people), "consents", own=True, fate=DELETE),
        Holding(Attachment, Q(person__in=people) | own_case, "files", own=True, fate=DELETE),
        Holding(Attachment, shared_case & Q(person__isnull=True), "files", own=False),
        Holding(Restriction, Q(person__in=people), "programme", own=True),
        Holding(RestrictionGrant, Q(restriction__person__in=people), "programme", own=True),
        Holding(DuplicateCandidate, Q(person_a__in=people) | Q(person_b__in=people), "programme", True, DELETE),
        Holding(MergeRecord, Q(keep__in=people) | Q(duplicate__in=people), "programme", own=False),
        Holding(LegalHold, Q(person__in=people), "programme", own=True),
        Holding(Case, Q(id__in=primary), "programme", own=True),
        Holding(Case, Q(id__in=member), "programme", own=False),
        Holding(CaseMember, Q(person__in=people), "programme", own=False),
        Holding(CaseActivity, own_case, "notes", own=True),
        Holding(CaseActivity, shared_case, "notes", own=False),
        Holding(Note, own_case, "notes", own=True),
        Holding(Note, shared_case, "notes", own=False),
        Holding(Goal, own_case, "plans", own=True),
        Holding(Goal, shared_case, "plans", own=False),
        Holding(GoalUpdate, Q(goal__case__in=primary), "plans", own=True),
        Holding(GoalUpdate, Q(goal__case__in=member), "plans", own=False),
        Holding(Task, own_case, "plans", own=True),
        Holding(Task, shared_case, "plans", own=False),
        Holding(Stay, Q(person__in=people), "programme", own=True),
        Holding(Stay, Q(case__in=cases) & ~Q(person__in=people), "programme", own=False),
        Holding(SponsoredChild, Q(person__in=people), "programme", own=True),
        Holding(Sponsorship, Q(child__person__in=people), "programme", own=True),
        Holding(Contribution, sponsorships, "programme", own=False),
        Holding(Correspondence, sponsorships, "files", own=True),
        Holding(ChecklistTick, Q(correspondence__sponsorship__child__person__in=people), "files", own=True),
        Holding(Approval, own_case, "plans", own=True),
        Holding(Approval, shared_case, "plans", own=False),
        Holding(Assessment, Q(case__in=cases), "plans", own=False),
        Holding(AssessmentScore, Q(assessment__case__in=cases), "plans", own=False),
        Holding(DataProblem, Q(person__in=people) | own_case, "programme", own=True, fate=DELETE),
        Holding(Notification, Q(person__in=people) | own_case, "notes", own=True, fate=DELETE),
    ]


# Models that reach Person or Case but hold nothing about her beyond what is listed above.
NOT_HELD = {
    # The act itself: her internal id, counts and dated actions, no personal data.
    DestructionAct: "the destruction act (kept as the proof of destruction)",
}

# Rows about her that no foreign key reaches (a plain person id): walked on their own.
ACCESS_LOG = AccessRecord


def access_rows(people: list[int]):
    return AccessRecord.objects.filter(person_id__in=people)


def free_text_fields(model) -> list[models.Field]:
    """Columns that can hold words typed by someone: text, strings without a fixed list, JSON, files."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField)
        and not field.choices
        and not field.primary_key
    ]
