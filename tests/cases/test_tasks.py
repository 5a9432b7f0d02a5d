from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Task
from tests.cases.factories import TaskFactory


def test_worker_adds_a_task_and_marks_it_done(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:task_add", args=[golubka_case.pk])
    assert client.get(url).status_code == 200
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"title": "Book a doctor", "due_on": due, "assigned_to": golubka_worker.pk})
    assert response.status_code == 302
    task = Task.objects.get()
    response = client.post(reverse("cases:task_done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    assert golubka_case.activities.filter(kind="task").exists()


def test_overdue_task_is_highlighted(as_user, golubka_worker, golubka_case):
    TaskFactory(case=golubka_case, assigned_to=golubka_worker, due_on=timezone.localdate() - timedelta(days=2))
    page = as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert 'class="small overdue"' in page


def test_task_for_a_worker_of_another_unit_is_refused(as_user, golubka_worker, margarita_worker, golubka_case):
    response = as_user(golubka_worker).post(
        reverse("cases:task_add", args=[golubka_case.pk]),
        {"title": "Something", "due_on": "2026-06-01", "assigned_to": margarita_worker.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Something"' in response.content.decode()


def test_task_due_before_opening_or_untitled_is_refused(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:task_add", args=[golubka_case.pk])
    response = client.post(url, {"title": "Old", "due_on": "2000-01-01", "assigned_to": golubka_worker.pk})
    assert "A task cannot be due before the case was opened." in response.content.decode()
    response = client.post(url, {"title": "", "due_on": "", "assigned_to": golubka_worker.pk})
    assert "This field is required." in response.content.decode()
    assert not Task.objects.exists()


def test_tasks_of_other_units_are_404_and_get_is_not_allowed(as_user, margarita_worker, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker)
    assert as_user(margarita_worker).post(reverse("cases:task_done", args=[task.pk])).status_code == 404
    assert as_user(golubka_worker).get(reverse("cases:task_done", args=[task.pk])).status_code == 405
    assert as_user(golubka_worker).post(reverse("cases:task_done", args=[999999])).status_code == 404
    task.refresh_from_db()
    assert task.done_on is None


def test_a_task_due_in_twenty_days_is_ticked_off_and_reopened_from_the_case_page(as_user, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker, due_on=timezone.localdate() + timedelta(days=20))
    client = as_user(golubka_worker)
    case_url = reverse("cases:case_detail", args=[golubka_case.pk])
    page = client.get(case_url).content.decode()
    assert reverse("cases:task_done", args=[task.pk]) in page
    response = client.post(reverse("cases:task_done", args=[task.pk]))
    assert response.status_code == 302 and response.url == case_url
    page = client.get(case_url).content.decode()
    assert reverse("cases:task_reopen", args=[task.pk]) in page
    response = client.post(reverse("cases:task_reopen", args=[task.pk]))
    assert response.status_code == 302 and response.url == case_url
    task.refresh_from_db()
    assert task.done_on is None
    summaries = list(golubka_case.activities.filter(kind="task").values_list("summary", flat=True))
    assert summaries == [f"Reopened: {task.title}", f"Done: {task.title}"]


def test_a_task_ticked_off_on_the_caseload_can_be_reopened_there(as_user, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker, due_on=timezone.localdate())
    client = as_user(golubka_worker)
    client.post(reverse("cases:task_done", args=[task.pk]), {"next": "home"})
    home = client.get("/").content.decode()
    assert reverse("cases:task_reopen", args=[task.pk]) in home
    response = client.post(reverse("cases:task_reopen", args=[task.pk]), {"next": "home"})
    assert response.status_code == 302 and response.url == "/"
    task.refresh_from_db()
    assert task.done_on is None


def test_next_accepts_only_known_pages(as_user, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker)
    response = as_user(golubka_worker).post(
        reverse("cases:task_done", args=[task.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[golubka_case.pk])


def test_reopen_is_denied_to_managers_and_other_units(as_user, manager, margarita_worker, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker, done_on=timezone.localdate())
    url = reverse("cases:task_reopen", args=[task.pk])
    assert as_user(manager).post(url).status_code == 403
    assert as_user(margarita_worker).post(url).status_code == 404
    assert as_user(golubka_worker).get(url).status_code == 405
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()


def test_manager_sees_no_task_buttons_on_the_case_page(as_user, manager, golubka_worker, golubka_case):
    task = TaskFactory(case=golubka_case, assigned_to=golubka_worker)
    page = as_user(manager).get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert task.title in page
    assert reverse("cases:task_done", args=[task.pk]) not in page
