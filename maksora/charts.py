"""Bar charts drawn on the server as inline SVG, for the printed documents and their print views.

Only the bars are drawn in SVG; labels and values are table cells beside them, so a long
label wraps in its own column and never runs under a bar or into another label.
"""

from django.utils.html import format_html

BAR_COLOUR = "#5c3e8c"
TRACK_COLOUR = "#f1eef6"


def bar_svg(value: float, biggest: float, *, label: str = "") -> str:
    """One bar, its length `value / biggest` of the column (a zero or missing value draws only the track)."""
    share = max(0.0, min(1.0, float(value) / float(biggest))) if biggest else 0.0
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}"><rect width="100" height="10" fill="{}"/><rect width="{}" height="10" fill="{}"/></svg>',
        label,
        TRACK_COLOUR,
        f"{share * 100:.2f}",
        BAR_COLOUR,
    )


def bar_chart(rows) -> list[dict]:
    """`rows`: (label, number or None, value as shown); gives each with its bar, scaled to the biggest."""
    rows = list(rows)
    biggest = max((float(number) for _label, number, _shown in rows if number is not None), default=0.0)
    return [
        {"label": label, "value_display": shown, "bar": bar_svg(number or 0, biggest, label=f"{label}: {shown}")}
        for label, number, shown in rows
    ]
