"""Tags of the admin's own templates: rows, filters and sidebar written by maksora.admin_markup."""

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

from maksora.admin_markup import filters, is_djangos_template, navigation, rows

register = template.Library()


class ResultListNode(template.Node):
    """`{% result_list cl %}`: the table written by admin_markup.rows, or Django's own tag where it must."""

    def __init__(self, parser, token):
        self.cl = parser.compile_filter(token.split_contents()[1])
        self.djangos = InclusionAdminNode(
            parser, token, func=admin_list.result_list, template_name="change_list_results.html", takes_context=False
        )

    def render(self, context):
        markup = rows.result_list(self.cl.resolve(context))
        return self.djangos.render(context) if markup is None else markup


@register.tag(name="result_list")
def result_list_tag(parser, token):
    return ResultListNode(parser, token)


@register.simple_tag
def list_filter(cl, spec):
    """`{% admin_list_filter cl spec %}`, written by maksora.admin_markup.filters."""
    return filters.list_filter(cl, spec)


@register.simple_tag(takes_context=True)
def sidebar_app_list(context):
    """`{% include 'admin/app_list.html' with app_list=available_apps show_changelinks=False %}`."""
    app_list = context.get("available_apps")
    if not is_djangos_template("admin/app_list.html"):
        with context.push(app_list=app_list, show_changelinks=False):
            return context.template.engine.get_template("admin/app_list.html").render(context)
    request = context.get("request")
    return navigation.sidebar_app_list(app_list, getattr(request, "path", ""))
