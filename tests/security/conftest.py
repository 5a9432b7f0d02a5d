"""Sample records of three units and two coordinators' saved reports, for walking the URL map."""

import pytest

from tests.cases.factories import UserFactory
from tests.security.url_map import distance_records, saved_report, unit_records


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sample_data(private_media, client, coordinator, margarita_worker):
    """Records of Golubka, of Margarita and of the distance program; two coordinators' saved reports."""
    other_coordinator = UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])
    return {
        "golubka": unit_records("golubka", coordinator),
        "margarita": unit_records("margarita", margarita_worker),
        "distance": distance_records(),
        "saved_by_coordinator": {"saved": saved_report(client, coordinator)},
        "saved_by_other": {"saved": saved_report(client, other_coordinator)},
    }
