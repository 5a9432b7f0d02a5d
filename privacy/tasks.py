"""The nightly retention run (cron in UTC: 19:00 is 02:00 in Novosibirsk)."""

from procrastinate.contrib.django import app

from maksora.schedule import scheduled_day
from privacy.services.retention import retention_run


@app.periodic(cron="0 19 * * *", periodic_id="nightly")
@app.task(name="privacy.retention_run", queueing_lock="privacy.retention_run", retry=2)
def retention_run_task(timestamp: int) -> None:
    # Idempotent: a person destroyed is never due again, so a retried night destroys nothing twice.
    retention_run(today=scheduled_day(timestamp))
