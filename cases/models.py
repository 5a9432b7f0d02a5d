import uuid
from datetime import date

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Reverse, Upper
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases import choices
from cases.names import fold_name
from cases.querysets import (
    AttachmentQuerySet,
    CaseChildQuerySet,
    CaseMemberQuerySet,
    CaseSearchQuerySet,
    ConsentQuerySet,
    ConsentTextQuerySet,
    GoalUpdateQuerySet,
    NoteQuerySet,
    PersonSearchQuerySet,
    RelationshipQuerySet,
    RestrictionGrantQuerySet,
    RestrictionQuerySet,
    TaskQuerySet,
)
from maksora import display
from maksora.access import access_for
from maksora.labels import ChoiceLabels
from maksora.locking import VersionField, version_bump_trigger
from maksora.models import Unit
from maksora.rules import phone_digits


def age_on(birth_date: date | None, day: date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Person(ChoiceLabels, models.Model):
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=choices.Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("date of birth is"),
        max_length=5,
        choices=choices.DatePrecision.choices,
        default=choices.DatePrecision.DAY,
    )
    citizenship = models.CharField(_("citizenship"), max_length=60, blank=True, default="RU")
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=choices.DocumentType.choices, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.CharField(_("district"), max_length=20, choices=choices.District.choices, blank=True)
    # Folded, transliterated "family given" for trigram matching; kept in step by save().
    name_key = models.CharField(_("search key of the name"), max_length=220, editable=False, db_index=False)
    # The phone's digits as maksora.rules.phone_digits gives them (7XXXXXXXXXX for Russian
    # numbers), kept in step by save(); searched by its end, so the index is on its reverse.
    phone_key = models.CharField(_("search key of the phone"), max_length=30, editable=False, blank=True, default="")
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonSearchQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            # fastupdate off: a pending list of fresh entries is read whole by every scan, and the
            # planner counts it so (4 random pages each, per branch of a name's OR): a full list
            # turned the search into a scan of every person (migration 0023).
            GinIndex(OpClass("name_key", name="gin_trgm_ops"), name="person_name_key_trgm", fastupdate=False),
            # "Ends with these digits" is a prefix match on the reversed key (LIKE 'x%').
            models.Index(OpClass(Reverse("phone_key"), name="text_pattern_ops"), name="person_phone_key_reversed"),
            models.Index(fields=["birth_date"], name="person_birth_date"),
            models.Index(Upper("family_name"), "given_name", name="person_family_given"),
            # The admin's search finds a document number typed in any letter case (iexact).
            models.Index(Upper("document_number"), name="person_document_number"),
            # Same columns as `ordering`: the admin's first page is read off the index, no sort.
            models.Index(fields=["family_name", "given_name", "id"], name="person_sort_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("pk")),
                name="person_not_merged_into_self",
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = fold_name(self.family_name, self.given_name)
        self.phone_key = phone_digits(self.phone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key", "phone_key"}
        super().save(*args, **kwargs)

    @property
    def access_log_person_id(self) -> int:
        return self.pk

    @property
    def full_name(self) -> str:
        return full_name(self.family_name, self.given_name, self.patronymic)

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day)

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def has_consent(self, purpose: str, on: date | None = None) -> bool:
        return self.consents.filter(purpose=purpose).in_force_on(on or timezone.localdate()).exists()

    @property
    def birth_date_display(self) -> str:
        return birth_date_display(self.birth_date, self.birth_date_precision)


def full_name(*parts: str) -> str:
    """Family name, given name and patronymic, the empty ones left out."""
    return " ".join(p for p in parts if p)


def birth_date_display(birth_date, precision) -> str:
    """A birth date as precisely as it is known: the year, the month, or the day."""
    if birth_date is None:
        return ""
    if precision == choices.DatePrecision.YEAR:
        return f"{birth_date.year}"
    if precision == choices.DatePrecision.MONTH:
        return birth_date.strftime("%m.%Y")
    return display.day(birth_date)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Relationship(models.Model):
    """`from_person` is <kind> of `to_person` (e.g. mother of)."""

    from_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships_from", verbose_name=_("person")
    )
    to_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships_to", verbose_name=_("relative")
    )
    kind = models.CharField(_("relationship"), max_length=20, choices=choices.RelationshipKind.choices)
    # Both optional: a link is often known without the day it began. An ended link stays for the record.
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = RelationshipQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            # Only one link of a kind in force between two people; ended ones may repeat.
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"],
                condition=Q(ended_on__isnull=True),
                name="relationship_unique_in_force",
            ),
            models.CheckConstraint(condition=~Q(from_person=F("to_person")), name="relationship_not_self"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="relationship_ends_after_start",
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.from_person} — {self.get_kind_display()} — {self.to_person}"

    @property
    def in_force(self) -> bool:
        return self.ended_on is None

    def label_from(self, person) -> str:
        """The link as read from `person`'s side: "mother of" from the mother, "child of" from the child."""
        if person.pk == self.from_person_id:
            return self.get_kind_display()
        return str(choices.RELATIONSHIP_INVERSE_LABELS.get(self.kind, self.get_kind_display()))

    def relative_of(self, person):
        return self.to_person if person.pk == self.from_person_id else self.from_person


class CaseNumberCounter(models.Model):
    """Last number given per unit and year; rows are locked while a number is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="case_counter_unit_year")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.last}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Case(ChoiceLabels, models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit"))
    primary_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="primary_cases", verbose_name=_("primary person")
    )
    members = models.ManyToManyField(
        Person, through="CaseMember", related_name="cases", verbose_name=_("family members")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=choices.CaseStatus.choices, default=choices.CaseStatus.INTAKE
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=choices.ClosureReason.choices, blank=True
    )
    referral_source = models.CharField(
        _("referral source"), max_length=20, choices=choices.ReferralSource.choices, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("assigned worker"),
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=choices.RiskLevel.choices, default=choices.RiskLevel.LOW
    )
    problem_areas = ArrayField(
        models.CharField(max_length=20, choices=choices.ProblemArea.choices),
        default=list,
        blank=True,
        verbose_name=_("problem areas"),
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Opened without everyone's processing consent signed (docs/consent.md): the day it is due.
    consent_due_on = models.DateField(_("consent due on"), null=True, blank=True)
    version = VersionField()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status"),
            models.Index(fields=["assigned_to", "status"], name="case_worker_status"),
            # A worker's open cases (the caseload review counts them per worker): `status <> 'closed'`
            # is no index condition, so through the index above every case she ever had was read.
            models.Index(fields=["assigned_to", "unit"], condition=~Q(status="closed"), name="case_open_by_worker"),
            models.Index(fields=["opened_on", "closed_on"], name="case_active_period"),
            GinIndex(fields=["problem_areas"], name="case_problem_areas"),
            # Number search (cases.search.code_q) is UPPER(number) LIKE 'G-2023%' for a code
            # and UPPER(number) LIKE '%2023-0001%' for a tail without its letter: a btree and
            # a trigram index on that same expression serve them.
            models.Index(OpClass(Upper("number"), name="text_pattern_ops"), name="case_number_prefix"),
            GinIndex(OpClass(Upper("number"), name="gin_trgm_ops"), name="case_number_trgm", fastupdate=False),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_status_has_date",
            ),
            models.UniqueConstraint(
                fields=["primary_person", "unit"],
                condition=~Q(status="closed"),
                name="case_one_open_per_person_unit",
                violation_error_message=_("This person already has an open case in this unit."),
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.number} {self.primary_person}" if self.number else str(self.primary_person)

    def is_visible_to(self, user) -> bool:
        return self.unit.code in access_for(user).case_unit_codes

    def is_active_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on >= day)

    @property
    def problem_area_labels(self) -> list[str]:
        return [str(choices.ProblemArea(code).label) for code in self.problem_areas if code in choices.ProblemArea]

    @property
    def allowed_transitions(self) -> list[str]:
        return sorted(choices.CASE_TRANSITIONS[self.status])


# Who was added to or removed from a case is part of the record, so deletions count too.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("case"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    role = models.CharField(_("role in case"), max_length=10, choices=choices.MemberRole.choices)

    objects = CaseMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_member_unique")]
        indexes = [models.Index(fields=["person", "case"], name="case_member_person")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class CaseActivity(models.Model):
    """One readable line of a case's timeline: what happened, who did it, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=choices.CaseActivityKind.choices)
    from_status = models.CharField(_("status before"), max_length=10, choices=choices.CaseStatus.choices, blank=True)
    to_status = models.CharField(_("status after"), max_length=10, choices=choices.CaseStatus.choices, blank=True)
    summary = models.CharField(_("what happened"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("done by")
    )
    happened_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("case activity")
        verbose_name_plural = _("case activities")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["case", "-happened_at"], name="case_activity_timeline")]

    def __str__(self):
        return f"{self.case.number}: {self.get_kind_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Note(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind of contact"), max_length=20, choices=choices.NoteKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    problem_areas = ArrayField(
        models.CharField(max_length=20, choices=choices.ProblemArea.choices),
        default=list,
        blank=True,
        verbose_name=_("problem areas"),
    )
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes", verbose_name=_("author")
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Only you and the coordinators of the unit can read it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["case", "-date"], name="note_case_date"),
            # Also the order of the admin's notes list: its page is read off the index, no sort.
            models.Index(fields=["date", "id"], name="note_date_id"),
            models.Index(fields=["author", "-date"], name="note_author_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="note_duration_within_a_day",
            )
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{display.day(self.date)} {self.get_kind_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Goal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case"))
    domain = models.CharField(_("domain"), max_length=20, choices=choices.GoalDomain.choices)
    text = models.TextField(_("goal"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=choices.GoalStatus.choices, default=choices.GoalStatus.OPEN
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["status", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="achieved", achieved_on__isnull=False)
                | (~Q(status="achieved") & Q(achieved_on__isnull=True)),
                name="goal_achieved_has_date",
            )
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_domain_display()}: {self.text[:60]}"


class GoalUpdate(models.Model):
    """A dated step on the way to a goal: the plan's progress timeline."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates", verbose_name=_("goal"))
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress"))
    status = models.CharField(_("status"), max_length=12, choices=choices.GoalStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    objects = GoalUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal progress")
        verbose_name_plural = _("goal progress")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{display.day(self.date)} {self.get_status_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case"))
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_on", "due_on", "id"]
        indexes = [
            models.Index(
                fields=["assigned_to", "due_on"], condition=Q(done_on__isnull=True), name="task_open_by_worker"
            ),
            # A coordinator's first overdue tasks read by due day, stopping at the list's length.
            models.Index(fields=["due_on", "id"], condition=Q(done_on__isnull=True), name="task_open_by_due_day"),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class DocumentType(models.Model):
    """A kind of paper staff keep a scan of (passport, СНИЛС, medical certificate…), edited in the admin.

    Named in each interface language here rather than through the catalogue: administrators
    add types without a release.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_it = models.CharField(_("name (Italian)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Months from the issue date; empty when papers of this type do not expire."),
    )
    holder = models.CharField(
        _("asked of"), max_length=10, choices=choices.DocumentHolder.choices, default=choices.DocumentHolder.EVERYONE
    )
    required_in = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="required_document_types",
        verbose_name=_("required in"),
        help_text=_("Units whose intake and admission ask for this paper."),
    )
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    version = VersionField()

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["position", "name_ru"]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ru")[:2]
        return getattr(self, f"name_{language}", "") or self.name_ru


class ApprovalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def pending(self):
        return self.filter(status=choices.ApprovalStatus.PENDING)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Approval(models.Model):
    """A worker's case plan or closure put to the unit's coordinator, and her answer.

    `details` keeps what was asked (the closure's day and reason, the plan's goals as they
    were), so the coordinator approves exactly that and the timeline can say so later.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("case"))
    kind = models.CharField(_("what"), max_length=20, choices=choices.ApprovalKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=choices.ApprovalStatus.choices, default=choices.ApprovalStatus.PENDING
    )
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    request_comment = models.CharField(_("comment"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.CharField(_("answer"), max_length=500, blank=True)

    objects = ApprovalQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status=choices.ApprovalStatus.PENDING),
                name="approval_one_pending_per_case_and_kind",
            ),
            # Nobody signs off her own request, whatever path the write takes.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")), name="approval_not_self"
            ),
            models.CheckConstraint(
                condition=Q(status=choices.ApprovalStatus.PENDING, decided_by__isnull=True)
                | (~Q(status=choices.ApprovalStatus.PENDING) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="approval_decided_has_decider",
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.case}"

    @property
    def closure_day(self) -> date | None:
        return date.fromisoformat(self.details["closed_on"]) if "closed_on" in self.details else None

    @property
    def closure_reason_label(self) -> str:
        reason = self.details.get("closure_reason")
        return choices.ClosureReason(reason).label if reason in choices.ClosureReason.values else ""


def attachment_path(instance, filename: str) -> str:
    # The stored name never carries the user's file name (it may hold personal data).
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Attachment(models.Model):
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("person")
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    kind = models.CharField(_("kind"), max_length=20, choices=choices.AttachmentKind.choices)
    description = models.CharField(_("description"), max_length=255, blank=True)
    document_type = models.ForeignKey(
        DocumentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("document type"),
    )
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(case__isnull=False), name="attachment_has_owner"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(issued_on__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="attachment_valid_after_issue",
            ),
        ]
        indexes = [
            models.Index(
                fields=["valid_until"], condition=Q(document_type__isnull=False), name="attachment_paper_validity"
            )
        ]

    def __str__(self):
        return self.original_name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ConsentText(models.Model):
    """The wording a consent is given on, per purpose, language and version (docs/consent.md).

    A consent names the text it was signed on; a text already signed is never reworded
    (a new version is added instead), so the record shows what she agreed to.
    """

    purpose = models.CharField(_("purpose"), max_length=20, choices=choices.ConsentPurpose.choices)
    language = models.CharField(_("language"), max_length=2, choices=choices.ConsentLanguage.choices)
    version_label = models.CharField(_("version"), max_length=30)
    body = models.TextField(_("text"))
    in_force_from = models.DateField(_("in force from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ConsentTextQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "language", "-in_force_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "language", "version_label"], name="consent_text_unique_version"
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.language} · {self.version_label}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Consent(models.Model):
    """One signed consent document: purpose, recipient, text version, signer and its dates.

    `withdrawn_on` of the data-processing consent starts the 30-day destruction clock
    (cases.consents.destruction_due_on). A renewed consent replaces the previous one
    (`replaced_on`), which is kept for the record.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=choices.ConsentPurpose.choices)
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        blank=True,
        help_text=_("Who receives her data, for a transfer (e.g. AVSI and the sponsor in Italy, a school)."),
    )
    text = models.ForeignKey(
        ConsentText,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("text version"),
    )
    # Empty when she signed herself; for a minor, her legal representative (a relative in force).
    signed_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_signed",
        verbose_name=_("signed by"),
    )
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # The day a renewal took its place (the renewal is the current consent from then on).
    replaced_on = models.DateField(_("renewed on"), null=True, blank=True)
    evidence = models.ForeignKey(
        Attachment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed form"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )

    objects = ConsentQuerySet.as_manager()

    version = VersionField()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_on"]
        indexes = [
            # Every list checks "processing consent withdrawn" per row (cases.querysets.hidden_from).
            models.Index(
                fields=["person"],
                condition=Q(purpose="data_processing", withdrawn_on__isnull=False),
                name="consent_processing_withdrawn",
            ),
            models.Index(fields=["valid_until"], condition=Q(withdrawn_on__isnull=True), name="consent_valid_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="consent_valid_until_after_given",
            ),
            models.CheckConstraint(condition=~Q(signed_by=F("person")), name="consent_signer_not_self_row"),
            models.UniqueConstraint(
                fields=["person", "purpose", "recipient"],
                condition=Q(withdrawn_on__isnull=True, replaced_on__isnull=True),
                name="consent_one_in_force",
            ),
        ]
        triggers = [version_bump_trigger()]

    def __str__(self):
        return f"{self.person}: {self.get_purpose_display()}"

    def in_force_on(self, day: date) -> bool:
        return (
            self.given_on <= day
            and (self.withdrawn_on is None or self.withdrawn_on > day)
            and (self.valid_until is None or self.valid_until >= day)
        )


# A restriction and its named staff are part of the record: who could see her, and since when.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Restriction(models.Model):
    """A person whose record only named staff may read (see docs/restricted.md).

    Lifting the restriction deletes this row (and its grants); the history keeps both.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="restriction", verbose_name=_("person")
    )
    reason = models.CharField(_("reason"), max_length=255)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("restriction")
        verbose_name_plural = _("restrictions")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RestrictionGrant(models.Model):
    """One staff member named as allowed to read a restricted person's record."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.CASCADE, related_name="grants", verbose_name=_("restriction")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="restriction_grants",
        verbose_name=_("staff member"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RestrictionGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("named staff member")
        verbose_name_plural = _("named staff")
        constraints = [models.UniqueConstraint(fields=["restriction", "user"], name="restriction_grant_unique")]

    def __str__(self):
        return f"{self.restriction_id}: {self.user_id}"


class DuplicateCandidateQuerySet(models.QuerySet):
    def counted_for(self, user):
        """Pairs both of whose people the user counts in her figures (so her total may count them twice)."""
        people = Person.objects.counted_for(user).values("pk")
        return self.filter(person_a__in=people, person_b__in=people)

    def visible_to(self, user):
        return self.counted_for(user)


class DuplicateDecision(models.TextChoices):
    UNDECIDED = "undecided", _("not decided yet")
    SAME = "same", _("same person")
    DIFFERENT = "different", _("different people")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DuplicateCandidate(models.Model):
    """Two records that may be one human being, found across units: the registry stewards decide.

    The pair is stored with the lower id first, so the same two people are one row however
    they were found; a "different people" decision therefore stops the pair being asked again.
    """

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("first record"))
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("second record"))
    score = models.FloatField(_("score"))
    # msgids of cases.matching reasons, translated when shown.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("found by"),
    )
    status = models.CharField(
        _("decision"), max_length=10, choices=DuplicateDecision.choices, default=DuplicateDecision.UNDECIDED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["found_at", "id"]
        permissions = [("steward_registry", _("Can decide possible duplicates across units"))]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_candidate_unique_pair"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="duplicate_candidate_ordered"),
        ]
        indexes = [models.Index(fields=["status", "found_at"], name="duplicate_candidate_queue")]

    def __str__(self):
        return f"#{self.person_a_id} / #{self.person_b_id}"


class MergeRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Merges of records she may see, for coordinators (who alone merge and undo)."""
        if not access_for(user).is_coordinator:
            return self.none()
        return self.filter(keep__in=Person.objects.visible_to(user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class MergeRecord(models.Model):
    """One merge of a duplicate record into the one kept, with exactly what moved, so it can be undone.

    `moved` holds, per table, the ids of the rows that changed person and the values they had
    before (rows deleted by the merge are kept whole, to be re-created with their own ids).
    """

    keep = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept"))
    duplicate = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_as_duplicate", verbose_name=_("duplicate")
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("merged by")
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("undone by"),
    )  # fmt: skip
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    moved = models.JSONField(_("what moved"), default=dict, encoder=DjangoJSONEncoder)

    objects = MergeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("merge of records")
        verbose_name_plural = _("merges of records")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(keep=F("duplicate")), name="merge_record_not_self"),
            # A record is merged away once at a time: a second merge of it needs the first undone.
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="merge_record_one_in_force"
            ),
        ]

    def __str__(self):
        return f"{self.duplicate} → {self.keep}"
