"""Assessments falling due become the workers' tasks before the morning's digest (cron in UTC)."""

from procrastinate.contrib.django import app

from assessments.services import assessment_tasks_schedule
from maksora.schedule import scheduled_day


@app.periodic(cron="30 20 * * *", periodic_id="nightly")
@app.task(name="assessments.schedule_tasks", queueing_lock="assessments.schedule_tasks", retry=2)
def assessment_tasks_task(timestamp: int) -> None:
    assessment_tasks_schedule(today=scheduled_day(timestamp))
