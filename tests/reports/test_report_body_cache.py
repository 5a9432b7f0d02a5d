"""The report's tables are rendered once for the same figures, language and links, never shown stale."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.cases.factories import CaseFactory, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_shelters")]
URL = reverse("reports:yearly")


def _people_served(content: str) -> str:
    row = re.search(r'data-figure="people_served".*?class="text-end figure-value">(.*?)</td>', content, re.S)
    return re.sub(r"<[^>]+>", "", row.group(1)).strip()


def _render_count(monkeypatch) -> list[int]:
    calls = [0]
    from reports import rendering

    original = rendering.render_to_string

    def counting(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_to_string", counting)
    return calls


def test_a_second_view_of_the_same_figures_reuses_the_rendered_tables(client, manager, monkeypatch):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    renders = _render_count(monkeypatch)
    client.force_login(manager)
    first = client.get(URL, {"year": 2025}).content.decode()
    second = client.get(URL, {"year": 2025}).content.decode()
    assert renders[0] == 1
    assert _people_served(first) == _people_served(second) == "1"


def test_a_new_case_shows_at_once(client, manager):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    client.force_login(manager)
    assert _people_served(client.get(URL, {"year": 2025}).content.decode()) == "1"
    CaseFactory(unit=unit("local"), opened_on=date(2025, 3, 1))
    assert _people_served(client.get(URL, {"year": 2025}).content.decode()) == "2"


def test_a_coordinator_never_gets_the_tables_rendered_for_a_manager(client, manager, coordinator):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    CaseFactory(unit=unit("margarita"), opened_on=date(2025, 2, 1))
    client.force_login(manager)
    assert _people_served(client.get(URL, {"year": 2025}).content.decode()) == "2"
    client.force_login(coordinator)  # Golubka and Local services: the Margarita case is not hers
    assert _people_served(client.get(URL, {"year": 2025}).content.decode()) == "1"


def test_each_language_and_period_has_its_own_tables(client, manager):
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 2, 1))
    client.force_login(manager)
    russian = client.get(URL, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    english = client.get(URL, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Получатели помощи" in russian
    assert "People served" in english
    earlier = client.get(URL, {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "year=2024" in earlier and "year=2025" not in earlier  # its figures link to their own period
