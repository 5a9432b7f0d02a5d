import pytest


@pytest.fixture(autouse=True)
def reference_rows(db):
    """Units, houses and role groups (idempotent: migrations normally create them)."""
    from maksora.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def without_shelters(monkeypatch):
    """Page tests about the report mechanics do not depend on the shelters team's figures.

    The shelter section itself is covered by tests/reports/test_shelter_section.py.
    """
    monkeypatch.setattr("maksora.reporting.report.shelter_reports", lambda: None)
