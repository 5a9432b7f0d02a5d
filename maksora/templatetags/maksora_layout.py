"""`{% table_region label %}…{% endtable_region %}`: a wide table that scrolls sideways on a phone.

The region can take keyboard focus (arrow keys then scroll it) and is named for screen
readers, as WCAG 2.1.1 and 4.1.2 ask of a scrollable area; the markup lives in
templates/partials/table_region.html.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return render_to_string(
            "partials/table_region.html",
            {"label": self.label.resolve(context), "table": self.nodelist.render(context)},
        )


@register.tag
def table_region(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("table_region takes one argument: the region's label")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(parser.compile_filter(bits[1]), nodelist)


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*forms):
    """After a refused submit, the list of what to correct, each linking to its field.

    Takes forms and formsets (the intake has both). static/js/error_summary.js moves the
    focus to the list, so a screen reader announces it and a phone user sees it first.
    """
    items = []
    for form in forms:
        if not getattr(form, "is_bound", False):
            continue
        if hasattr(form, "forms"):  # a formset: its own errors, then each row's
            items += [(None, error) for error in form.non_form_errors()]
            for row in form.forms:
                items += _form_errors(row)
        else:
            items += _form_errors(form)
    return {"items": items}


def _form_errors(form):
    items = [(None, error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        items += [((field.id_for_label, field.label), error) for error in errors]
    return items
