"""Sample records of three units and two coordinators' saved reports, for walking the URL map."""

import pytest

from tests.cases.factories import UserFactory
from tests.security.url_map import distance_records, finished_job, saved_report, unit_records


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sample_data(private_media, client, coordinator, margarita_worker):
    """Records of Golubka, of Margarita and of the distance program; two coordinators' saved reports and jobs."""
    other_coordinator = UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])
    mine, others = saved_report(client, coordinator), saved_report(client, other_coordinator)
    return {
        "golubka": unit_records("golubka", coordinator),
        "margarita": unit_records("margarita", margarita_worker),
        "distance": distance_records(),
        "saved_by_coordinator": {"saved": mine, "job": finished_job(coordinator, mine)},
        "saved_by_other": {"saved": others, "job": finished_job(other_coordinator, others)},
    }
