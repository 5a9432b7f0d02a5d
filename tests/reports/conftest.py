import pytest


@pytest.fixture
def without_shelters(monkeypatch):
    """Page tests about the report mechanics do not depend on the shelters team's figures.

    The shelter section itself is covered by tests/reports/test_shelter_section.py.
    """
    monkeypatch.setattr("maksora.reporting.report.shelter_reports", lambda: None)
