"""Site lists page through their rows without counting them all."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.models import Person
from maksora.pages import paginate
from tests.cases.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _page(number, per_page=2):
    request = RequestFactory().get("/", {} if number is None else {"page": number})
    return paginate(request, Person.objects.order_by("id"), per_page)


def test_a_page_is_read_in_one_query_without_a_count():
    PersonFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        page = _page(2)
        rows = list(page)
    assert len(queries) == 1 and "COUNT" not in queries[0]["sql"].upper()
    assert "LIMIT 3" in queries[0]["sql"]  # one row past the page tells whether another follows
    assert len(rows) == 2 and page.has_previous() and page.has_next()
    assert (page.previous_page_number(), page.number, page.next_page_number()) == (1, 2, 3)
    assert (page.start_index(), page.end_index()) == (3, 4)


def test_the_last_page_has_no_next_one():
    PersonFactory.create_batch(4)
    page = _page(2)
    assert len(page) == 2 and page.has_previous() and not page.has_next() and page.has_other_pages()


def test_a_single_page_has_no_links():
    PersonFactory.create_batch(2)
    page = _page(None)
    assert page.number == 1 and not page.has_other_pages()


@pytest.mark.parametrize("asked", ["9", "0", "-1"])
def test_a_page_past_the_end_or_below_one_shows_the_last_page(asked):
    PersonFactory.create_batch(5)
    page = _page(asked)
    assert page.number == 3 and len(page) == 1 and not page.has_next()


@pytest.mark.parametrize("asked", ["x", "1.5", ""])
def test_a_page_that_is_not_a_number_shows_the_first(asked):
    PersonFactory.create_batch(3)
    assert _page(asked).number == 1


def test_an_empty_list_has_one_empty_page():
    page = _page("3")
    assert page.number == 1 and list(page) == [] and not page.has_other_pages()
    assert page.paginator.count == 0
