"""A case's status and risk badges: drawn in Python, as case lists show them on every row
and an `{% include %}` per row cost more than the rest of the row."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

STATUS_CLASSES = {"closed": "text-bg-secondary", "active": "text-bg-success", "on_hold": "text-bg-warning"}
RISK_CLASSES = {"high": "text-bg-danger", "medium": "text-bg-warning"}


@register.simple_tag
def status_badge(case):
    css = STATUS_CLASSES.get(case.status, "text-bg-info")
    return format_html('<span class="badge status-{} {}">{}</span>', case.status, css, case.get_status_display())


@register.simple_tag
def risk_badge(case):
    css = RISK_CLASSES.get(case.risk_level, "text-bg-light border")
    return format_html('<span class="badge {}">{}: {}</span>', css, gettext("Risk"), case.get_risk_level_display())
