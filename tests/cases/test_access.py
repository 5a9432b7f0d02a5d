"""Golubka worker vs Margarita records: 404 by URL, search and autocomplete; manager reads only."""

import pytest
from django.urls import reverse

from tests.cases.factories import GoalFactory, TaskFactory


@pytest.fixture
def margarita_records(margarita_case):
    return {
        "case": margarita_case,
        "person": margarita_case.primary_person,
        "goal": GoalFactory(case=margarita_case),
        "task": TaskFactory(case=margarita_case, assigned_to=margarita_case.assigned_to),
    }


def margarita_urls(records):
    case, person = records["case"].pk, records["person"].pk
    return [
        ("get", reverse("cases:case_detail", args=[case])),
        ("get", reverse("cases:case_close", args=[case])),
        ("get", reverse("cases:note_add", args=[case])),
        ("get", reverse("cases:goal_add", args=[case])),
        ("get", reverse("cases:task_add", args=[case])),
        ("get", reverse("cases:member_add", args=[case])),
        ("get", reverse("cases:case_attachment_add", args=[case])),
        ("post", reverse("cases:case_status", args=[case])),
        ("post", reverse("cases:case_review", args=[case])),
        ("get", reverse("cases:goal_progress", args=[records["goal"].pk])),
        ("post", reverse("cases:task_done", args=[records["task"].pk])),
        ("get", reverse("cases:person_detail", args=[person])),
        ("get", reverse("cases:person_edit", args=[person])),
        ("get", reverse("cases:person_merge", args=[person])),
        ("get", reverse("cases:consent_add", args=[person])),
        ("get", reverse("cases:person_attachment_add", args=[person])),
    ]


@pytest.mark.parametrize("who", ["golubka_worker", "sponsorship_officer", "coordinator"])
def test_users_outside_margarita_get_404_everywhere(as_user, margarita_records, request, who):
    client = as_user(request.getfixturevalue(who))
    for method, url in margarita_urls(margarita_records):
        assert getattr(client, method)(url).status_code == 404, url


def test_account_without_a_role_gets_403_on_margarita_pages(as_user, margarita_records, outsider):
    client = as_user(outsider)
    for method, url in margarita_urls(margarita_records):
        assert getattr(client, method)(url).status_code == 403, url


def test_golubka_worker_cannot_find_margarita_people_by_autocomplete(as_user, golubka_worker, margarita_case):
    client = as_user(golubka_worker)
    url = reverse("cases:person_autocomplete")
    assert client.get(url, {"q": "Петрова"}).json() == {"results": []}
    assert client.get(url, {"q": str(margarita_case.primary_person.pk)}).json() == {"results": []}


def test_autocomplete_finds_visible_people_in_both_alphabets(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:person_autocomplete")
    for query in ("Ivanova", "Иванова"):
        results = client.get(url, {"q": query}).json()["results"]
        assert [r["id"] for r in results] == [golubka_case.primary_person.pk]
    assert client.get(url, {"q": "x"}).json() == {"results": []}


def test_unknown_ids_are_404_not_500(as_user, golubka_worker):
    client = as_user(golubka_worker)
    for name in ("case_detail", "person_detail", "goal_progress", "consent_withdraw", "attachment_download"):
        assert client.get(reverse(f"cases:{name}", args=[424242])).status_code == 404, name


def test_manager_reads_everything_but_edits_nothing(as_user, manager, margarita_records):
    client = as_user(manager)
    case, person = margarita_records["case"], margarita_records["person"]
    case_page = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert case_page.status_code == 200
    person_page = client.get(reverse("cases:person_detail", args=[person.pk]))
    assert person_page.status_code == 200
    assert "Edit" not in person_page.content.decode()
    for method, url in margarita_urls(margarita_records)[1:]:
        if "person/" in url or url.endswith(f"/people/{person.pk}/"):
            continue
        if url == reverse("cases:person_detail", args=[person.pk]):
            continue
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_user_goes_to_login(client, margarita_case):
    response = client.get(reverse("cases:case_detail", args=[margarita_case.pk]))
    assert response.status_code == 302
