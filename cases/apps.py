from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ensure_reference_data(self) -> None:
        """The starting document types and consent texts (also created by data migrations)."""
        from cases.document_types import ensure_document_types
        from cases.models import ConsentText, DocumentType
        from cases.reference_data import ensure_consent_texts
        from maksora.models import Unit

        ensure_document_types(DocumentType=DocumentType, Unit=Unit)

        if not ConsentText.objects.exists():
            ensure_consent_texts(ConsentText)
