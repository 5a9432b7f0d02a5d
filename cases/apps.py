from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ensure_reference_data(self) -> None:
        """The first consent texts (also created by a data migration)."""
        from cases.models import ConsentText
        from cases.reference_data import ensure_consent_texts

        if not ConsentText.objects.exists():
            ensure_consent_texts(ConsentText)
