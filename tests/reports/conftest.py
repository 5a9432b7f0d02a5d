import pytest

from reports.report import sections_without


@pytest.fixture
def without_shelters(monkeypatch):
    """Page tests about the report mechanics do not depend on the shelters team's figures.

    The shelter section itself is covered by tests/reports/test_shelter_section.py.
    """
    monkeypatch.setattr("reports.report.SECTIONS", sections_without("shelters"))
