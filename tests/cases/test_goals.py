from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Goal, GoalUpdate
from tests.cases.factories import GoalFactory


def test_worker_adds_a_goal_and_records_progress_until_achieved(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    url = reverse("cases:goal_add", args=[golubka_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"domain": "housing", "text": "Find a flat to rent", "target_date": "2026-12-31"})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.status == "open"
    progress = reverse("cases:goal_progress", args=[goal.pk])
    today = timezone.localdate().isoformat()
    client.post(progress, {"date": today, "status": "in_progress", "text": "Visited two flats"})
    client.post(progress, {"date": today, "status": "achieved", "text": "Contract signed"})
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.achieved_on == timezone.localdate()
    assert GoalUpdate.objects.filter(goal=goal).count() == 2
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert "Contract signed" in page and "Find a flat to rent" in page


def test_leaving_achieved_clears_the_date(as_user, golubka_worker, golubka_case):
    goal = GoalFactory(case=golubka_case, status="achieved", achieved_on=timezone.localdate())
    as_user(golubka_worker).post(
        reverse("cases:goal_progress", args=[goal.pk]),
        {"date": timezone.localdate().isoformat(), "status": "in_progress", "text": "Lost the job again"},
    )
    goal.refresh_from_db()
    assert goal.status == "in_progress" and goal.achieved_on is None


def test_bad_goal_input_is_refused_and_kept(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    response = client.post(
        reverse("cases:goal_add", args=[golubka_case.pk]),
        {"domain": "work", "text": "Курсы повара", "target_date": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "The target date cannot be before the case was opened." in response.content.decode()
    assert "Курсы повара" in response.content.decode()
    response = client.post(reverse("cases:goal_add", args=[golubka_case.pk]), {"domain": "", "text": ""})
    assert "This field is required." in response.content.decode()
    assert not Goal.objects.exists()


def test_future_progress_is_refused(as_user, golubka_worker, golubka_case):
    goal = GoalFactory(case=golubka_case)
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = as_user(golubka_worker).post(
        reverse("cases:goal_progress", args=[goal.pk]), {"date": future, "status": "achieved", "text": "Done"}
    )
    assert response.status_code == 400
    assert "Progress cannot be recorded in the future." in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "open"


def test_goals_of_other_units_are_404_and_manager_403(as_user, margarita_worker, manager, golubka_case):
    goal = GoalFactory(case=golubka_case)
    url = reverse("cases:goal_progress", args=[goal.pk])
    assert as_user(margarita_worker).get(url).status_code == 404
    assert as_user(manager).post(url, {"status": "achieved", "text": "x"}).status_code == 403
