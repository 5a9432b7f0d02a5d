"""The cases of the fixed cast (tests/cases/conftest.py), shared with the data checks' tests."""

from tests.cases.conftest import golubka_case, margarita_case

__all__ = ["golubka_case", "margarita_case"]
