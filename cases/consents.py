"""The rules of consents (152-FZ), each written once: signer, recipient, text, state, destruction date.

Services (cases.services.documents), forms, the admin and the intake call these; see
docs/consent.md for the states and why a case may open with its consent pending.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import choices
from cases.models import Consent, ConsentText, Person, Relationship
from maksora import display

ADULT_AGE = 18
# 152-FZ art. 21 p. 5: data are destroyed within 30 days of the withdrawal.
DESTRUCTION_DAYS = 30
# A consent whose validity ends within this many days is "lapsing" and listed to be renewed.
LAPSING_DAYS = 30
# Who may sign for someone else: her legal representatives, linked to her in the registry.
REPRESENTATIVE_KINDS = (
    choices.RelationshipKind.MOTHER,
    choices.RelationshipKind.FATHER,
    choices.RelationshipKind.GUARDIAN,
)

DEFAULT_RECIPIENTS = {
    choices.ConsentPurpose.SHARE_WITH_SPONSOR: gettext_lazy("AVSI and the sponsor in Italy"),
}


def consent_due_days() -> int:
    """Days a case may run with a consent still to be signed (setting CONSENT_DUE_DAYS)."""
    return settings.CONSENT_DUE_DAYS


def is_minor_on(person: Person, day: date) -> bool:
    """Under 18 on `day`; a person whose date of birth is unknown is taken as an adult."""
    age = person.age_on(day)
    return age is not None and age < ADULT_AGE


def representatives_of(person: Person, *, on: date | None = None):
    """People linked in force to `person` as her mother, father or guardian."""
    links = Relationship.objects.in_force().filter(to_person=person, kind__in=REPRESENTATIVE_KINDS)
    return Person.objects.filter(pk__in=links.values("from_person_id"), merged_into__isnull=True)


def check_signer(*, person: Person, signed_by: Person | None, on: date) -> None:
    """Who may sign `person`'s consent on `on`.

    An adult signs for herself (or her guardian does). A minor's consent is signed by her
    legal representative: an adult linked to her in force as mother, father or guardian.
    """
    if signed_by is None or signed_by.pk == person.pk:
        if is_minor_on(person, on):
            raise ValidationError(
                {
                    "signed_by": _(
                        "%(person)s is a minor: her consent is signed by her legal representative "
                        "(her mother, father or guardian), not by herself."
                    )
                    % {"person": person.full_name}
                },
                code="minor_signs_herself",
            )
        return
    links = Relationship.objects.in_force().filter(from_person=signed_by, to_person=person)
    kinds = set(links.values_list("kind", flat=True))
    # An adult is represented only by a guardian; a child (or one whose age is unknown) by a parent too.
    adult = person.birth_date is not None and not is_minor_on(person, on)
    allowed = (choices.RelationshipKind.GUARDIAN,) if adult else REPRESENTATIVE_KINDS
    if not kinds.intersection(allowed):
        raise ValidationError(
            {
                "signed_by": _(
                    "%(signer)s is not registered as the legal representative of %(person)s. "
                    "Add the family link (mother, father or guardian) first."
                )
                % {"signer": signed_by.full_name, "person": person.full_name}
            },
            code="signer_not_representative",
        )
    if is_minor_on(signed_by, on):
        raise ValidationError(
            {"signed_by": _("%(signer)s is a minor and cannot sign a consent.") % {"signer": signed_by.full_name}},
            code="signer_minor",
        )


def recipient_for(purpose: str, recipient: str) -> str:
    """The recipient a consent names: required for a transfer, empty otherwise."""
    recipient = (recipient or "").strip()
    if purpose not in choices.TRANSFER_PURPOSES:
        return ""
    recipient = recipient or str(DEFAULT_RECIPIENTS.get(purpose, ""))
    if not recipient:
        raise ValidationError(
            {"recipient": _("Name who receives her data (the school or agency).")}, code="recipient_required"
        )
    return recipient


def check_validity(*, given_on: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < given_on:
        raise ValidationError(
            {"valid_until": _("A consent cannot end before the day it was given.")}, code="valid_until_before_given"
        )


def text_in_force(purpose: str, language: str = choices.ConsentLanguage.RU, on: date | None = None):
    """The newest text of `purpose` in `language` in force on `on` (today by default), or None."""
    on = on or timezone.localdate()
    return (
        ConsentText.objects.filter(purpose=purpose, language=language, in_force_from__lte=on)
        .order_by("-in_force_from", "-id")
        .first()
    )


def check_text(*, purpose: str, text: ConsentText | None, given_on: date) -> None:
    if text is None:
        return
    if text.purpose != purpose:
        raise ValidationError({"text": _("This text is for another purpose.")}, code="text_other_purpose")
    if text.in_force_from > given_on:
        raise ValidationError(
            {"text": _("This text is in force only from %(day)s.") % {"day": display.day(text.in_force_from)}},
            code="text_not_yet_in_force",
        )


def check_text_editable(text: ConsentText, *, body_changed: bool) -> None:
    """A text someone has signed keeps its words: a new wording is a new version."""
    if body_changed and text.pk and text.consents.exists():
        raise ValidationError(
            {"body": _("Consents were given on this text: add a new version instead of changing it.")},
            code="text_signed",
        )


def state_of(consent: Consent, today: date | None = None) -> str:
    """In force, lapsing (ends within 30 days), expired, or withdrawn, on `today`."""
    today = today or timezone.localdate()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return choices.ConsentState.WITHDRAWN
    if consent.valid_until is not None:
        if consent.valid_until < today:
            return choices.ConsentState.EXPIRED
        if consent.valid_until <= today + timedelta(days=LAPSING_DAYS):
            return choices.ConsentState.LAPSING
    return choices.ConsentState.IN_FORCE


def destruction_due_on(person: Person) -> date | None:
    """The day her data must be destroyed by: the last withdrawal of her processing consent + 30 days.

    None while a processing consent given again since is current (not withdrawn, not replaced),
    or if she never withdrew one.
    """
    processing = Consent.objects.filter(person=person, purpose=choices.ConsentPurpose.DATA_PROCESSING)
    if processing.current().exists():
        return None
    withdrawn_on = processing.filter(withdrawn_on__isnull=False).aggregate(last=Max("withdrawn_on"))["last"]
    return withdrawn_on + timedelta(days=DESTRUCTION_DAYS) if withdrawn_on else None


def withdrawn_person_ids(person_ids) -> set[int]:
    """Those among `person_ids` whose processing consent is withdrawn (shown "to be destroyed")."""
    from cases.querysets import withdrawn_q

    ids = [pk for pk in person_ids if pk is not None]
    if not ids:
        return set()
    return set(Person.objects.filter(withdrawn_q(), pk__in=ids).values_list("pk", flat=True))
