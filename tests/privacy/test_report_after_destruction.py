"""A destroyed person still counts in past figures: once, in her units, with her sex; age and district unknown.

Figures decided by the date of birth (age groups, minors, children of Local services) count
her as a person of unknown age from then on; a saved report keeps the figures it had.
"""

from datetime import date

import pytest

from privacy.services.destruction import person_destroy
from reports.models import SavedReport
from reports.report import compute_report

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2025, 1, 1))


def figures(user) -> dict[str, object]:
    report = compute_report(*YEAR, user)
    return {row.ref: row.value for _section, row in report.rows()}


def test_report_figures_before_and_after_destruction(family, manager, privacy_coordinator):
    before = figures(manager)
    saved_figures = compute_report(*YEAR, manager).to_json()
    saved = SavedReport.objects.create(title="2024", start=YEAR[0], end=YEAR[1], figures=saved_figures)
    # Hand-built answer: Vera (15 on her counted day, Lenin district), her mother and brother.
    assert before["people_served:people_served"] == 3
    assert before["people_served_by_age_group:people_served_by_age_group.12-17"] == 2
    assert before["people_served_by_district:people_served_by_district.lenin"] == 3

    person_destroy(person=family.person, by=privacy_coordinator, legal_ground="consent_withdrawn")
    after = figures(manager)

    changed = {ref for ref in before if before[ref] != after.get(ref)}
    # Only what her date of birth and district decided moves; every total, unit and sex line stays.
    assert changed == {
        "people_served_by_age_group:people_served_by_age_group.12-17",
        "people_served_by_district:people_served_by_district.lenin",
        "people_hosted:people_hosted_minors",
        "people_hosted:people_hosted_mothers",
        "local_children:local_children",
    }
    assert after["people_served_by_unit:people_served_by_unit.golubka"] == 1
    assert after["people_served_by_sex:people_served_by_sex.F"] == 2
    assert after["people_hosted:people_hosted"] == before["people_hosted:people_hosted"] == 1
    # Her age and district are gone: she moves to "Not recorded", and the lines still add up.
    assert after["people_served_by_age_group:people_served_by_age_group.12-17"] == 1
    assert after["people_served_by_age_group:people_served_by_age_group.unknown"] == 1
    assert after["people_served_by_age_group:people_served_by_age_group"] == 3
    assert after["people_served_by_district:people_served_by_district.lenin"] == 2
    assert after["people_served_by_district:people_served_by_district.unknown"] == 1
    assert after["people_served_by_district:people_served_by_district"] == 3
    # A saved report is never recomputed.
    saved.refresh_from_db()
    assert saved.figures == saved_figures
