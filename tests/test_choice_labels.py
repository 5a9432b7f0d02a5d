"""Choice labels (`get_FOO_display`) read from the table kept on the field: same words as Django's."""

from django.utils import translation

from cases.choices import CaseStatus, RiskLevel
from cases.models import Case
from maksora.units import UnitCode
from tests.cases.factories import CaseFactory


def test_case_labels_come_in_the_active_language(db):
    case = CaseFactory(status=CaseStatus.ACTIVE, risk_level=RiskLevel.HIGH)
    shown = {}
    for language in ("ru", "it", "en"):
        with translation.override(language):
            assert case.get_status_display() == str(CaseStatus.ACTIVE.label)
            assert case.get_risk_level_display() == str(RiskLevel.HIGH.label)
            assert str(case.unit) == str(UnitCode.GOLUBKA.label)
            shown[language] = case.get_status_display()
    assert shown["en"] == "Active" and shown["ru"] != "Active"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Case(status="archived").get_status_display() == "archived"
