"""The day a periodic task runs for: its scheduled time read in the organisation's time zone."""

from datetime import UTC, date, datetime

from django.utils import timezone


def scheduled_day(timestamp: int) -> date:
    """procrastinate hands a periodic task its tick in seconds (UTC); the work is for that local day."""
    return timezone.localdate(datetime.fromtimestamp(timestamp, tz=UTC))
