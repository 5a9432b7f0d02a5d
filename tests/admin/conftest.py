import pytest


@pytest.fixture(autouse=True)
def reference_rows(db):
    """Units, houses and role groups (idempotent: migrations normally create them)."""
    from maksora.reference_data import ensure_reference_data

    ensure_reference_data()
