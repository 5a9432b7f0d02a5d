"""The admin's repeated markup — changelist rows, list filters, the navigation's app list — written in Python.

Django renders each of them through its templates node by node: fifty rows of a dozen cells,
a dozen filters of a handful of links, thirty models in the sidebar, on every admin page.
These builders write the same markup, character for character, from the same data (the
filters' own `choices`, the site's app list, the admin's columns), with Django's escaping and
in the request's language. `tests/admin/test_admin_markup.py` renders both ways and compares,
so a Django upgrade that changes one of those templates shows up there.

Each builder is used only where Django's own template would be: where a project or an app
overrides the template (or a filter names another one), Django renders it as before.
"""

from functools import cache
from pathlib import Path

import django.contrib.admin
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.utils import formats, timezone
from django.utils.html import conditional_escape

_ADMIN_TEMPLATES = Path(django.contrib.admin.__file__).resolve().parent / "templates"


def shown(value) -> str:
    """What `{{ value }}` writes: local time, localized numbers and dates, escaped."""
    return conditional_escape(formats.localize(timezone.template_localtime(value)))


@cache
def _resolves_to_djangos(names: tuple[str, ...]) -> bool:
    try:
        template = engines["django"].engine.select_template(list(names))
    except TemplateDoesNotExist:
        return False
    origin = template.origin
    return Path(origin.name).resolve() == _ADMIN_TEMPLATES / origin.template_name


def is_djangos_template(name: str, opts=None) -> bool:
    """Whether the admin would render Django's own `name` (for `opts`' app and model, as its tags look them up)."""
    if opts is None:
        return _resolves_to_djangos((name,))
    app_label, model_name = opts.app_label.lower(), opts.model_name
    return _resolves_to_djangos(
        (f"admin/{app_label}/{model_name}/{name}", f"admin/{app_label}/{name}", f"admin/{name}")
    )
