"""Consents and attachments: what a person agreed to, and files stored without their metadata."""

import io
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cases import choices, consents
from cases.models import (
    Attachment,
    Case,
    Consent,
    ConsentText,
    DocumentType,
    Person,
)
from cases.paperwork import paper_details_check, paper_valid_until
from maksora.rules import not_in_future


@transaction.atomic
def consent_give(
    *,
    person: Person,
    purpose: str,
    given_on: date,
    by,
    signed_by: Person | None = None,
    valid_until: date | None = None,
    recipient: str = "",
    text: ConsentText | None = None,
    evidence: Attachment | None = None,
    scan=None,
) -> Consent:
    """Record a signed consent (cases.consents holds its rules).

    The text defaults to the Russian one in force on `given_on`. A current consent of the
    same purpose and recipient that has expired or is lapsing is replaced (kept for the
    record); one still well in force is refused. `scan` (an upload of the signed form)
    is stored privately as her attachment and kept as the consent's evidence.
    """
    not_in_future(given_on, field="given_on", message=_("A consent cannot be given in the future."))
    if signed_by is not None and signed_by.pk == person.pk:
        signed_by = None
    consents.check_signer(person=person, signed_by=signed_by, on=given_on)
    consents.check_validity(given_on=given_on, valid_until=valid_until)
    recipient = consents.recipient_for(purpose, recipient)
    text = text or consents.text_in_force(purpose, choices.ConsentLanguage.RU, given_on)
    consents.check_text(purpose=purpose, text=text, given_on=given_on)
    previous = (
        Consent.objects.select_for_update()
        .filter(person=person, purpose=purpose, recipient=recipient)
        .current()
        .first()
    )
    if previous is not None and consents.state_of(previous, given_on) == choices.ConsentState.IN_FORCE:
        raise ValidationError({"purpose": _("This consent is already in force.")})
    if previous is not None and given_on < previous.given_on:
        raise ValidationError({"given_on": _("A renewal cannot be given before the consent it renews.")})
    if scan is not None:
        try:
            evidence = attachment_store(
                upload=scan, kind=choices.AttachmentKind.CONSENT, by=by, person=person, description=str(text or "")
            )
        except ValidationError as error:
            raise ValidationError({"scan": error.messages}) from error
    consent = Consent(
        person=person,
        purpose=purpose,
        recipient=recipient,
        text=text,
        signed_by=signed_by,
        given_on=given_on,
        valid_until=valid_until,
        evidence=evidence,
        recorded_by=by,
    )
    if previous is not None:
        # Only one current consent per purpose and recipient: the old one steps aside first.
        previous.replaced_on = given_on
        previous.save(update_fields=["replaced_on"])
    consent.save()
    if purpose == choices.ConsentPurpose.DATA_PROCESSING:
        cases_consent_settle(person=person)
    return consent


def cases_consent_pending(*, cases, today: date | None = None) -> int:
    """Mark "consent pending" on those of `cases` with a member who has no processing consent in force.

    The consent is then due `CONSENT_DUE_DAYS` after the case opened (docs/consent.md): a woman
    taken in at night is never refused a bed for a missing signature.
    """
    today = today or timezone.localdate()
    due = ExpressionWrapper(F("opened_on") + timedelta(days=consents.consent_due_days()), output_field=DateField())
    ids = [case.pk for case in cases]
    return Case.objects.filter(pk__in=ids).missing_processing_consent(today).update(consent_due_on=due)


def cases_consent_settle(*, person: Person) -> int:
    """Clear "consent pending" on her open cases whose members all have a processing consent now."""
    today = timezone.localdate()
    settled = 0
    pending = Case.objects.open().filter(consent_due_on__isnull=False, memberships__person=person).distinct()
    for case in pending:
        if not Case.objects.filter(pk=case.pk).missing_processing_consent(today).exists():
            settled += Case.objects.filter(pk=case.pk).update(consent_due_on=None)
    return settled


def consents_at_intake(*, mother: Person, children: list[tuple[Person, dict | None]], mother_consent, by) -> None:
    """The processing consents signed at intake: hers, and her signature for each child she represents.

    `mother_consent` and each child's dict hold `given_on` and `text` (None: not signed yet).
    Someone who already has one in force keeps it.
    """
    purpose = choices.ConsentPurpose.DATA_PROCESSING
    signed = [(mother, None, mother_consent)] + [(child, mother, consent) for child, consent in children]
    for person, signer, consent in signed:
        if not consent or person.has_consent(purpose, on=consent["given_on"]):
            continue
        consent_give(
            person=person,
            purpose=purpose,
            given_on=consent["given_on"],
            text=consent.get("text"),
            signed_by=signer,
            by=by,
        )


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: date, by) -> Consent:
    """Withdraw a consent from `on`; for data processing this hides her record at once (docs/consent.md)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if consent.replaced_on is not None:
        raise ValidationError(_("This consent was renewed: withdraw the current one."))
    if on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    not_in_future(on, field="withdrawn_on", message=_("A consent cannot be withdrawn in the future."))
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    return consent


ALLOWED_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def upload_sanitize(upload) -> tuple[ContentFile, str]:
    """Check size and real type of an upload; re-encode images without their metadata.

    The type is read from the content, never from the file name or the browser's claim,
    so a text file renamed .jpg is refused.
    """
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return ContentFile(upload.read()), "application/pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Only PDF, JPEG and PNG files can be attached."))
            # Turn phone photos upright before their orientation tag is dropped with the rest.
            upright = ImageOps.exif_transpose(image).convert("RGB" if image_format == "JPEG" else "RGBA")
            # A fresh image gets the pixels only: EXIF (GPS included) and text chunks stay behind.
            clean = Image.new(upright.mode, upright.size)
            clean.paste(upright)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a valid PDF, JPEG or PNG file.")) from exc
    buffer = io.BytesIO()
    if image_format == "JPEG":
        clean.save(buffer, format="JPEG", quality=90)
    else:
        clean.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue()), ALLOWED_IMAGE_FORMATS[image_format]


@transaction.atomic
def attachment_store(
    *,
    upload,
    kind: str,
    by,
    person: Person | None = None,
    case: Case | None = None,
    description: str = "",
    document_type: DocumentType | None = None,
    document_number: str = "",
    issued_on: date | None = None,
    valid_until: date | None = None,
) -> Attachment:
    """Store a checked upload privately; images are re-encoded so no EXIF/GPS data survives.

    A paper of a known type (passport, СНИЛС…) keeps its number and validity; without a
    typed end its type's usual validity is counted from the issue date.
    """
    paper_details_check(
        document_type=document_type, document_number=document_number, issued_on=issued_on, valid_until=valid_until
    )
    if document_type is not None and person is None:
        raise ValidationError({"person": _("Choose whose paper this is.")})
    content, content_type = upload_sanitize(upload)
    attachment = Attachment(
        person=person,
        case=case,
        original_name=upload.name[:255],
        content_type=content_type,
        size=content.size,
        kind=kind,
        description=description,
        document_type=document_type,
        document_number=document_number,
        issued_on=issued_on,
        valid_until=paper_valid_until(document_type=document_type, issued_on=issued_on, valid_until=valid_until),
        uploaded_by=by,
    )
    attachment.file.save("upload", content, save=False)
    attachment.save()
    return attachment
