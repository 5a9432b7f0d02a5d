"""A list filter of the changelist's sidebar: what `admin/filter.html` writes for the filter's choices."""

from django.contrib.admin.templatetags import admin_list
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

from maksora.admin_markup import is_djangos_template, shown

_SELECTED = ' class="selected"'


def _link(query_string) -> str:
    # `{{ choice.query_string|iriencode }}`: iriencode keeps a safe string safe.
    url = iri_to_uri(str(query_string))
    return shown(mark_safe(url) if isinstance(query_string, SafeData) else url)


def list_filter(cl, spec) -> str:
    """`{% admin_list_filter cl spec %}`: the filter's heading and its choices, as links."""
    if spec.template != "admin/filter.html" or not is_djangos_template(spec.template):
        return admin_list.admin_list_filter(cl, spec)
    title = shown(spec.title)
    heading = gettext(" By %(filter_title)s ") % {"filter_title": title}
    items = "".join(
        f"\n    <li{_SELECTED if choice['selected'] else ''}>"
        f'\n    <a href="{_link(choice["query_string"])}">{shown(choice["display"])}</a></li>\n  '
        for choice in spec.choices(cl)
    )
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {heading}\n  </summary>'
        f"\n  <ul>\n  {items}\n  </ul>\n</details>\n"
    )
