"""Fixed reference lists of the cases domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year only")
    YEAR = "year", _("Year only")


class District(models.TextChoices):
    LENIN = "lenin", _("Lenin district (Novosibirsk)")
    KRASNOZYORSK = "krasnozyorsk", _("Krasnozyorsk district")
    OTHER = "other", _("Other")


class DocumentType(models.TextChoices):
    PASSPORT_RU = "passport_ru", _("Russian passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    FOREIGN_PASSPORT = "foreign_passport", _("Foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    OTHER = "other", _("Other document")


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", _("mother of")
    FATHER = "father", _("father of")
    GUARDIAN = "guardian", _("guardian of")
    SIBLING = "sibling", _("sibling of")
    PARTNER = "partner", _("partner of")
    OTHER_RELATIVE = "other_relative", _("other relative of")


# How a link reads from its other end ("child of" the mother); symmetric kinds read the same.
RELATIONSHIP_INVERSE_LABELS = {
    RelationshipKind.MOTHER: _("child of"),
    RelationshipKind.FATHER: _("child of"),
    RelationshipKind.GUARDIAN: _("ward of"),
}


class CaseStatus(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


# Allowed status transitions; reopening a closed case goes back to active.
CASE_TRANSITIONS = {
    CaseStatus.REFERRAL: {CaseStatus.INTAKE, CaseStatus.CLOSED},
    CaseStatus.INTAKE: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.ACTIVE: {CaseStatus.ON_HOLD, CaseStatus.CLOSED},
    CaseStatus.ON_HOLD: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.ACTIVE},
}


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self-referral")
    GOVERNMENT = "government", _("Government agency")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    NGO = "ngo", _("Other NGO")
    PARISH = "parish", _("Parish / church")
    ACQUAINTANCE = "acquaintance", _("Friends or relatives")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# The translation context of the problem-area labels: "Home" is a dwelling here («Жильё»),
# not a home page. Whoever stores a label as its msgid (the saved reports) keeps this too.
PROBLEM_AREA_CONTEXT = "problem area"


class ProblemArea(models.TextChoices):
    SCHOOL = "school", _("School")
    FAMILY = "family", _("Family")
    HOME = (
        "home",
        pgettext_lazy("problem area", "Home"),
    )  # the context is PROBLEM_AREA_CONTEXT, written out for makemessages
    WORK = "work", _("Work")
    HEALTH = "health", _("Health")
    POVERTY = "poverty", _("Poverty")
    LONELINESS = "loneliness", _("Loneliness")
    INTEGRATION = "integration", _("Integration")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved / autonomy reached")
    MOVED_AWAY = "moved_away", _("Moved away")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to another service")
    DISENGAGED = "disengaged", _("Family stopped taking part")
    AGED_OUT = "aged_out", _("Aged out of the program")
    DUPLICATE = "duplicate", _("Opened by mistake / duplicate")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    PRIMARY = "primary", _("Primary person")
    MOTHER = "mother", _("Mother")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other family member")


class NoteKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CALL = "phone_call", _("Phone call")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    GROUP_ACTIVITY = "group_activity", _("Group activity")
    SCHOOL_CONTACT = "school_contact", _("Contact with school")
    AGENCY_CONTACT = "agency_contact", _("Contact with an agency")
    OTHER = "other", _("Other")


class GoalDomain(models.TextChoices):
    RELATIONSHIPS = "relationships", _("Relationships")
    WORK = "work", _("Work")
    HOUSING = "housing", _("Housing")
    DOCUMENTS = "documents", _("Documents")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    FINANCES = "finances", _("Finances")
    PARENTING = "parenting", _("Parenting")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class ConsentPurpose(models.TextChoices):
    DATA_PROCESSING = "data_processing", _("Personal data processing")
    PHOTOS = "photos", _("Photos")
    SHARE_WITH_SPONSOR = "share_with_sponsor", _("Sharing with sponsors / AVSI")
    SHARE_WITH_AGENCY = "share_with_agency", _("Sharing with a school or social-protection agency")


# Purposes that pass her data to someone outside the organisation: the consent names the recipient.
TRANSFER_PURPOSES = (ConsentPurpose.SHARE_WITH_SPONSOR, ConsentPurpose.SHARE_WITH_AGENCY)


class ConsentLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    IT = "it", _("Italian")


class ConsentState(models.TextChoices):
    """What a consent means today (docs/consent.md); "pending" is a case without one yet."""

    PENDING = "pending", _("pending")
    IN_FORCE = "in_force", _("in force")
    LAPSING = "lapsing", _("lapsing")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DocumentHolder(models.TextChoices):
    """Whom a kind of paper is asked of (a minor has a birth certificate, an adult a passport)."""

    EVERYONE = "everyone", _("Everyone")
    ADULTS = "adults", _("Adults (18 and over)")
    MINORS = "minors", _("Minors (under 18)")


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    CONSENT = "consent", _("Signed consent")
    OTHER = "other", _("Other")


class CaseActivityKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS = "status", _("Status changed")
    REASSIGNED = "reassigned", _("Reassigned")
    MEMBER_ADDED = "member_added", _("Family member added")
    UPDATED = "updated", _("Case details changed")
    FAMILY_LINK = "family_link", _("Family link")
    MERGED = "merged", _("Duplicate person merged")
    UNMERGED = "unmerged", _("Merge undone")
    NOTE = "note", _("Note added")
    GOAL = "goal", _("Goal updated")
    TASK = "task", _("Task updated")
    STAY = "stay", _("Stay recorded")
    APPROVAL = "approval", _("Approval")
    OTHER = "other", _("Other")


class ApprovalKind(models.TextChoices):
    CASE_PLAN = "case_plan", _("Case plan")
    CASE_CLOSURE = "case_closure", _("Case closure")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
