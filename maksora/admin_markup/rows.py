"""The rows of an admin changelist, as Django's `items_for_result` writes them, worked out column by column.

Django's builder finds out, for every cell of the page, what its column is (a model field, a
method of the admin, a property), which choices it has, whether it links and where to — the
same answers fifty times per column — and reverses and re-parses the change URL of each row.
Here those answers are found once per column and page, and each row only reads its values:
the same classes, links, escaping, empty-value and yes/no displays (the project's own icon
included), each label translated in the request's language. A field's value shown once on a
page (a status, a date) is not formatted again on the same page.

Pages Django builds differently — list_editable forms, popups — and changelists with their own
`change_list_results.html` keep Django's builder.
"""

import datetime
import decimal
import html

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from maksora.admin_markup import is_djangos_template, shown

# A primary key no row has, reversed once to learn how the change URLs of the page read.
_PK_MARKER = 918273645546372819

# Values whose display depends on nothing but the value (and the request's language and zone).
_PLAIN_VALUES = frozenset(
    {str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.datetime, datetime.time}
)


def _escaped(value) -> str:
    """django.utils.html.conditional_escape, without its check for lazy arguments on every call."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _links(is_first: bool, name, cl) -> bool:
    # Django's link_in_col.
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return name in cl.list_display_links


def _dated(value) -> bool:
    return isinstance(value, datetime.date | datetime.time)


class _Column:
    """One column of the page: how its cells are looked up and shown, found once."""

    def __init__(self, cl, index: int, name, *, links: bool, heading: bool):
        self.name = name
        self.model_admin = cl.model_admin
        # A cell whose lookup fails (a missing related row) keeps only the first class and the
        # admin's empty value, as in Django.
        self.base_classes = self.classes = f"field-{admin_list._coerce_field_name(name, index)}"
        self.links = links
        self.tag = "th" if heading else "td"
        self.default_empty = self.empty = cl.model_admin.get_empty_value_display()
        self.memo = {}
        try:
            field = _get_non_gfk_field(cl.model._meta, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                self.attr = name
            elif hasattr(self.model_admin, name) and name != "__str__":
                self.attr = getattr(self.model_admin, name)
            else:
                self.attr = None
                self.cell = self._other_cell
                return
            self.empty = getattr(self.attr, "empty_value_display", self.empty)
            self.cell = self._callable_cell
            return
        self.field = field
        if field.auto_created:
            self.cell = self._auto_field_cell
            return
        if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            self.classes += " nowrap"
        if isinstance(field.remote_field, models.ManyToOneRel):
            self.cell = self._related_cell
        else:
            self.cell = self._field_cell

    # Each cell function returns (markup, classes), as items_for_result computes them.

    def _missing(self):
        return self.default_empty, self.base_classes

    def _field_cell(self, result):
        try:
            value = getattr(result, self.name)
        except ObjectDoesNotExist:
            return self._missing()
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if type(value) not in _PLAIN_VALUES:
            return _escaped(display_for_field(value, self.field, self.empty, avoid_link=self.links)), self.classes
        key = (type(value), value)
        markup = self.memo.get(key)
        if markup is None:
            markup = self.memo[key] = _escaped(display_for_field(value, self.field, self.empty, avoid_link=self.links))
        return markup, self.classes

    def _related_cell(self, result):
        try:
            related = getattr(result, self.name)
        except ObjectDoesNotExist:
            return self._missing()
        return (self.empty if related is None else _escaped(related)), self.classes

    def _auto_field_cell(self, result):
        try:
            value = getattr(result, self.name)
        except ObjectDoesNotExist:
            return self._missing()
        return self._value_cell(value, None, self.empty)

    def _callable_cell(self, result):
        try:
            value = self.attr(result)
        except ObjectDoesNotExist:
            return self._missing()
        return self._value_cell(value, self.attr, self.empty)

    def _other_cell(self, result):
        try:
            _field, attr, value = lookup_field(self.name, result, self.model_admin)
        except ObjectDoesNotExist:
            return self._missing()
        return self._value_cell(value, attr, getattr(attr, "empty_value_display", self.empty))

    def _value_cell(self, value, attr, empty):
        # A value that is no model field of the row: Django's display_for_value.
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = "action-checkbox" if self.name == "action_checkbox" else self.base_classes
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        if _dated(value):
            classes += " nowrap"
        return _escaped(display_for_value(value, empty, boolean)), classes


def _columns(cl) -> list[_Column]:
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        links = _links(first, name, cl)
        # The first linked column is the row's heading cell.
        columns.append(_Column(cl, index, name, links=links, heading=links and first))
        first = first and not links
    return columns


class _ChangeUrls:
    """The change URL of each row, with the changelist's filters kept, as Django writes it."""

    def __init__(self, cl):
        self.cl = cl
        self.head = self.tail = None
        self.missing = False
        if type(cl).url_for_result is not ChangeList.url_for_result:
            return  # a changelist of its own making: every row asks it
        try:
            url = reverse(
                f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
                args=(_PK_MARKER,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            self.missing = True
            return
        kept = self._keep_filters(url)
        marker = str(_PK_MARKER)
        if kept.count(marker) == 1 and url.count(marker) == 1:
            self.head, self.tail = kept.split(marker)

    def _keep_filters(self, url):
        return add_preserved_filters({"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}, url)

    def __call__(self, result):
        """The URL, or None where the admin has no change page for the model."""
        if self.missing:
            return None
        if self.head is not None:
            pk = getattr(result, self.cl.pk_attname)
            if type(pk) is int:
                return f"{self.head}{pk}{self.tail}"
        try:
            url = self.cl.url_for_result(result)
        except NoReverseMatch:
            return None
        return self._keep_filters(url)


def result_rows(cl) -> list[str]:
    """The page's rows as markup, one string of `<td>`/`<th>` cells per result."""
    columns = _columns(cl)
    change_url = _ChangeUrls(cl)
    rows = []
    for result in cl.result_list:
        cells = []
        for column in columns:
            markup, classes = column.cell(result)
            if column.links:
                url = change_url(result)
                if url is not None:
                    markup = f'<a href="{html.escape(url)}">{markup}</a>'
            cells.append(f'<{column.tag} class="{classes}">{markup}</{column.tag}>')
        rows.append(mark_safe("".join(cells)))
    return rows


def _header_text(text) -> str:
    # `{{ header.text|capfirst }}`: capfirst keeps a safe text (the select-all checkbox) safe.
    text = str(text)
    first = capfirst(text)
    return _escaped(mark_safe(first) if isinstance(text, SafeData) else first)


def _header(header: dict, num_sorted_fields: int) -> str:
    sort_options = ""
    if header["sortable"] and header["sort_priority"] > 0:
        priority = shown(header["sort_priority"])
        if num_sorted_fields > 1:
            title = gettext("Sorting priority: %(priority_number)s") % {"priority_number": priority}
            priority = f'<span class="sortpriority" title="{title}">{priority}</span>'
        else:
            priority = ""
        direction = "ascending" if header["ascending"] else "descending"
        sort_options = (
            '\n       <div class="sortoptions">'
            f'\n         <a class="sortremove" href="{_escaped(header["url_remove"])}"'
            f' title="{gettext("Remove from sorting")}"></a>'
            f"\n         {priority}"
            f'\n         <a href="{_escaped(header["url_toggle"])}" class="toggle {direction}"'
            f' title="{gettext("Toggle sorting")}"></a>'
            "\n       </div>\n   "
        )
    text = _header_text(header["text"])
    if header["sortable"]:
        text = f'<a href="{_escaped(header["url_primary"])}">{text}</a>'
    else:
        text = f"<span>{text}</span>"
    return (
        f'\n<th scope="col"{_escaped(header["class_attrib"])}>\n   {sort_options}'
        f'\n   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>'
    )


def result_list(cl) -> str | None:
    """What `{% result_list cl %}` writes (Django's change_list_results.html), or None where Django must.

    None for the pages Django builds otherwise: list_editable forms, popups, and changelists
    with their own change_list_results.html.
    """
    if cl.formset or cl.is_popup or not is_djangos_template("change_list_results.html", cl.opts):
        return None
    rows = result_rows(cl)
    if not rows:
        return mark_safe("\n\n\n")
    headers = list(admin_list.result_headers(cl))
    num_sorted_fields = sum(1 for header in headers if header["sortable"] and header["sorted"])
    heading = "".join(_header(header, num_sorted_fields) for header in headers)
    body = "".join(f"\n\n<tr>{row}</tr>\n" for row in rows)
    return mark_safe(
        '\n\n\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n'
        f"{heading}\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>\n\n"
    )
