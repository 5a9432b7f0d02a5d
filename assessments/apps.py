from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Scored assessments of a case over time; above cases, below reports."""

    name = "assessments"
    verbose_name = _("Assessments")

    def ensure_reference_data(self) -> None:
        """The shelters' path-to-autonomy assessment (also created by a data migration)."""
        from assessments.models import AssessmentDomain, AssessmentLevel, AssessmentTool
        from assessments.reference_data import ensure_autonomy_tool
        from maksora.models import Unit

        ensure_autonomy_tool(Tool=AssessmentTool, Domain=AssessmentDomain, Level=AssessmentLevel, Unit=Unit)
