from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ensure_reference_data(self) -> None:
        """The starting document types (also created by a data migration)."""
        from cases.models import DocumentType
        from cases.reference_data import ensure_document_types
        from maksora.models import Unit

        ensure_document_types(DocumentType=DocumentType, Unit=Unit)
