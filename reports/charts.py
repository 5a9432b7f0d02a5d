"""The report's charts: a figure's breakdown as bars, this period beside the same period a year earlier.

One list of charts feeds the page (Chart.js, static/js/report_charts.js, data by json_script)
and the XLSX (native charts, reports.exports): a chart per top-level figure with at least
one countable breakdown line (counts and sums; averages and ratios are not bars).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import formats

from reports.report import ReportData, Row, Section


@dataclass
class Chart:
    section: Section
    figure: Row  # the top-level figure whose breakdown is drawn
    lines: list[tuple[int, Row]] = field(default_factory=list)  # (index in section.rows, breakdown line)

    @property
    def title(self) -> str:
        return self.figure.label_display


def section_charts(section: Section) -> list[Chart]:
    charts = []
    current = None
    for index, row in enumerate(section.rows):
        if row.level == 0:
            current = Chart(section, row)
            charts.append(current)
        elif row.level == 1 and current is not None and row.is_countable:
            current.lines.append((index, row))
    return [chart for chart in charts if chart.lines]


def period_name(start: date, end: date) -> str:
    """ "2025" for a calendar year, else "01.03.2025 – 31.05.2025" (end exclusive)."""
    if start.month == start.day == end.month == end.day == 1 and end.year == start.year + 1:
        return str(start.year)
    first, last = (formats.date_format(day, "SHORT_DATE_FORMAT") for day in (start, end - timedelta(days=1)))
    return f"{first} – {last}"


def series_names(report: ReportData) -> tuple[str, str | None]:
    """The legends of this period and of a year earlier (None without a comparison)."""
    current = period_name(report.start, report.end)
    if not report.has_previous:
        return current, None
    return current, period_name(report.previous_start, report.previous_end)


def _number(value):
    return None if value is None else float(value)


def page_sections(report: ReportData) -> tuple[list[dict], dict]:
    """Each section with the ids of its charts, and the charts' data for json_script."""
    current_name, previous_name = series_names(report)
    sections, charts = [], []
    for section in report.sections:
        ids = []
        for number, chart in enumerate(section_charts(section), start=1):
            chart_id = f"chart-{section.key}-{number}"
            ids.append({"id": chart_id, "title": chart.title})
            series = [{"name": current_name, "values": [_number(row.value) for _index, row in chart.lines]}]
            if previous_name is not None:
                series.insert(0, {"name": previous_name, "values": [_number(row.previous) for _i, row in chart.lines]})
            charts.append(
                {
                    "id": chart_id,
                    "title": chart.title,
                    "labels": [row.label_display for _index, row in chart.lines],
                    "series": series,
                    "money": chart.figure.is_money,
                }
            )
        sections.append({"section": section, "charts": ids})
    return sections, {"charts": charts}
