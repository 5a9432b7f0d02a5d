"""Consents and attachments: what a person agreed to, and files stored without their metadata."""

import io
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cases.models import (
    Attachment,
    Case,
    Consent,
    DocumentType,
    Person,
)
from cases.paperwork import paper_details_check, paper_valid_until
from maksora.rules import not_in_future


@transaction.atomic
def consent_give(*, person: Person, purpose: str, given_on: date, by, evidence: Attachment | None = None) -> Consent:
    not_in_future(given_on, field="given_on", message=_("A consent cannot be given in the future."))
    if Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).exists():
        raise ValidationError({"purpose": _("This consent is already in force.")})
    return Consent.objects.create(person=person, purpose=purpose, given_on=given_on, evidence=evidence, recorded_by=by)


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: date, by) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
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
