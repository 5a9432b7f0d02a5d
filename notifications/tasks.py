"""Every morning's digest, on the job queue (cron in UTC: 00:00 is 07:00 in Novosibirsk)."""

from procrastinate.contrib.django import app

from maksora.schedule import scheduled_day
from notifications.digest import send_daily_digests


@app.periodic(cron="0 0 * * *", periodic_id="daily")
@app.task(name="notifications.send_daily_digests", queueing_lock="notifications.send_daily_digests", retry=2)
def send_daily_digests_task(timestamp: int) -> None:
    # Safe to run twice on a day: a digest already delivered is not sent again.
    send_daily_digests(today=scheduled_day(timestamp))
