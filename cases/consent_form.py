"""The printable consent form: the text in force, filled with her and her representative's data."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from cases import choices, consents
from cases.models import Person, Relationship
from maksora import display

REPRESENTATIVE_NOUNS = {
    choices.RelationshipKind.MOTHER: pgettext_lazy("legal representative", "mother"),
    choices.RelationshipKind.FATHER: pgettext_lazy("legal representative", "father"),
    choices.RelationshipKind.GUARDIAN: pgettext_lazy("legal representative", "guardian"),
}


def _identity(person: Person) -> str:
    """Her name, with her identity document when it is known (the signer's line of the form)."""
    if person.document_type and person.document_number:
        return f"{person.full_name} ({person.get_document_type_display()} {person.document_number})"
    return person.full_name


def _subject(person: Person) -> str:
    if person.birth_date is None:
        return person.full_name
    return _("%(name)s, born on %(day)s") % {"name": person.full_name, "day": display.day(person.birth_date)}


def _capacity(person: Person, signer: Person | None) -> str:
    if signer is None:
        return pgettext("consent signed", "on her own behalf")
    kind = (
        Relationship.objects.in_force()
        .filter(from_person=signer, to_person=person, kind__in=consents.REPRESENTATIVE_KINDS)
        .values_list("kind", flat=True)
        .first()
    )
    return _("as the legal representative (%(kind)s) of the person named below") % {
        "kind": REPRESENTATIVE_NOUNS.get(kind, pgettext("legal representative", "guardian"))
    }


def fill(body: str, values: dict) -> str:
    """The text with its {placeholders} replaced; other braces an administrator typed stay as they are."""
    for name, value in values.items():
        body = body.replace("{" + name + "}", str(value))
    return body


def consent_document(
    *, person: Person, purpose: str, signed_by: Person | None = None, language: str = "ru", recipient: str = ""
) -> dict:
    """What documents/consent_form.html needs for one purpose, in `language` where a text exists in it.

    The text is the newest one in force today in that language; without one the Russian text is used.
    """
    today = timezone.localdate()
    text = consents.text_in_force(purpose, language, today)
    if text is None:
        language = choices.ConsentLanguage.RU
        text = consents.text_in_force(purpose, language, today)
    with translation.override(language):
        if purpose in choices.TRANSFER_PURPOSES:
            recipient = (recipient or "").strip() or str(consents.DEFAULT_RECIPIENTS.get(purpose, "")) or "________"
        values = {
            "signer": _identity(signed_by or person),
            "capacity": _capacity(person, signed_by),
            "subject": _subject(person),
            "recipient": recipient,
        }
        return {
            "person": person,
            "signer": signed_by or person,
            "represented": signed_by is not None,
            "purpose": purpose,
            "purpose_label": str(choices.ConsentPurpose(purpose).label),
            "recipient": recipient if purpose in choices.TRANSFER_PURPOSES else "",
            "text": text,
            "body": fill(text.body, values) if text else "",
            "language": language,
            "document_language": language,
            "today": today,
        }
