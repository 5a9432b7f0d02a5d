"""Which work is too big to do while the user waits for the page: one decision per kind of work.

Small work stays synchronous (an answer at once, no job row); above the limits a
background job does it and the user watches its progress on `/jobs/<id>/`.
"""

from datetime import date

from django.conf import settings

# A report over more than one calendar year's worth of days is computed in the background.
SYNC_REPORT_DAYS = 366


def export_in_background(row_count: int) -> bool:
    """Every export: up to EXPORT_SYNC_ROW_LIMIT rows (10,000) is streamed at once, more goes to a job."""
    return row_count > settings.EXPORT_SYNC_ROW_LIMIT


def import_in_background(row_count: int) -> bool:
    """Applying an AVSI import: over IMPORT_SYNC_ROW_LIMIT rows (2,000) it runs as a job."""
    return row_count > settings.IMPORT_SYNC_ROW_LIMIT


def report_in_background(start: date, end: date) -> bool:
    """A report over several years ([start, end) longer than a year) is computed as a job."""
    return (end - start).days > SYNC_REPORT_DAYS
