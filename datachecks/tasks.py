"""The nightly data checks (cron in UTC: 20:00 is 03:00 in Novosibirsk)."""

from procrastinate.contrib.django import app

from datachecks.services import data_checks_run
from maksora.schedule import scheduled_day


@app.periodic(cron="0 20 * * *", periodic_id="nightly")
@app.task(name="datachecks.data_checks_run", queueing_lock="datachecks.data_checks_run", retry=2)
def data_checks_task(timestamp: int) -> None:
    data_checks_run(today=scheduled_day(timestamp))
