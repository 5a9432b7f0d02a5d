from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, TaskFactory, unit

LIST = reverse("cases:case_list")


def test_caseload_shows_my_cases_tasks_reviews_and_notes(as_user, golubka_worker, golubka_case):
    today = timezone.localdate()
    golubka_case.next_review_on = today
    golubka_case.save()
    TaskFactory(case=golubka_case, assigned_to=golubka_worker, title="Call the school", due_on=today - timedelta(1))
    NoteFactory(case=golubka_case, author=golubka_worker, text="Talked about the kindergarten")
    response = as_user(golubka_worker).get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Welcome," in content and 'id="role-summary"' in content
    assert golubka_case.number in content
    assert "Call the school" in content and "overdue" in content
    assert "Talked about the kindergarten" in content
    assert 'id="reviews-due"' in content


def test_closed_and_others_cases_are_not_in_my_caseload(as_user, golubka_worker, margarita_case):
    mine_closed = CaseFactory(
        unit=unit("golubka"), assigned_to=golubka_worker, status="closed", closed_on=timezone.localdate()
    )
    content = as_user(golubka_worker).get("/").content.decode()
    assert mine_closed.number not in content
    assert margarita_case.number not in content


def test_done_task_from_the_caseload(as_user, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker)
    response = as_user(golubka_worker).post(reverse("cases:task_done", args=[task.pk]), {"next": "home"})
    assert response.status_code == 302 and response.url == "/"
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()


@pytest.mark.parametrize("query", ["Ivanova", "иванова мария", "Mariya", "Иванва"])
def test_search_by_name_in_either_alphabet(as_user, golubka_worker, golubka_case, query, namesakes):
    CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Смирнова", given_name="Дарья"))
    content = as_user(golubka_worker).get(LIST, {"q": query}).content.decode()
    assert golubka_case.number in content
    assert "Смирнова" not in content


def test_search_by_case_number(as_user, golubka_worker, golubka_case):
    other = CaseFactory(unit=unit("golubka"))
    content = as_user(golubka_worker).get(LIST, {"q": golubka_case.number}).content.decode()
    assert golubka_case.number in content and other.number not in content


def test_filters_status_unit_risk_problem_area(as_user, coordinator, golubka_case):
    local = CaseFactory(unit=unit("local"), risk_level="high", problem_areas=["school"], status="on_hold")
    client = as_user(coordinator)
    for params in ({"unit": "local"}, {"risk_level": "high"}, {"problem_area": "school"}, {"status": "on_hold"}):
        content = client.get(LIST, params).content.decode()
        assert local.number in content and golubka_case.number not in content, params


def test_unknown_filter_values_do_not_break_the_list(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).get(LIST, {"status": "bogus", "unit": "margarita", "page": "x"})
    assert response.status_code == 200


def test_search_never_reveals_other_units(as_user, golubka_worker, margarita_case, namesakes):
    client = as_user(golubka_worker)
    link = reverse("cases:case_detail", args=[margarita_case.pk])
    # The typed query is echoed back in the search box, so look for the case's link.
    for params in ({"q": "Петрова"}, {"q": margarita_case.number}, {}):
        content = client.get(LIST, params).content.decode()
        assert f'href="{link}"' not in content and "Петрова Анна" not in content


def test_list_is_paginated(as_user, golubka_worker):
    for _ in range(21):
        CaseFactory(unit=unit("golubka"))
    client = as_user(golubka_worker)
    assert "Page 1" in client.get(LIST).content.decode()
    assert client.get(LIST, {"page": 2}).status_code == 200


@pytest.mark.parametrize("path", [LIST, "/"])
def test_list_pages_query_count_is_constant(as_user, golubka_worker, django_assert_max_num_queries, path):
    today = timezone.localdate()

    def make_case():
        case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, next_review_on=today)
        TaskFactory(case=case, assigned_to=golubka_worker, due_on=today)
        NoteFactory(case=case, author=golubka_worker)

    make_case()
    client = as_user(golubka_worker)
    client.get(path)
    with django_assert_max_num_queries(20) as one_row:
        client.get(path)
    for _ in range(19):
        make_case()
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(path)
    assert response.status_code == 200
