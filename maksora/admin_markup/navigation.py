"""The sidebar's apps and models: what `admin/app_list.html` writes when nav_sidebar.html includes it.

The sidebar lists every model the user may reach on every admin page; Django renders it
through some four hundred template nodes. The same text is written here from the same app
list (the site's `get_app_list`, which decides what she sees). The admin index and the app
pages, which show the change links too, keep Django's template.
"""

from urllib.parse import quote

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from maksora.admin_markup import shown


def _in_path(url, quoted_path: str) -> bool:
    # `{% if url in request.path|urlencode %}`: a missing URL (None) is never in it.
    return isinstance(url, str) and url in quoted_path


def _model_row(app_label: str, model: dict, quoted_path: str) -> str:
    model_name = conditional_escape(str(model["object_name"]).lower())
    row_id = f"{conditional_escape(app_label)}-{model_name}"
    name = shown(model["name"])
    admin_url = model.get("admin_url")
    current = " current-model" if _in_path(admin_url, quoted_path) else ""
    if admin_url:
        aria = ' aria-current="page"' if _in_path(admin_url, quoted_path) else ""
        link = f'\n                  <a href="{shown(admin_url)}"{aria}>{name}</a>\n                '
    else:
        link = f"\n                  {name}\n                "
    add_url = model.get("add_url")
    if add_url:
        add = (
            f'\n                <td><a href="{shown(add_url)}" class="addlink" aria-describedby="{row_id}">'
            f"{gettext('Add')}</a></td>\n              "
        )
    else:
        add = "\n                <td></td>\n              "
    return (
        f'\n          \n            <tr class="model-{model_name}{current}">'
        f'\n              <th scope="row" id="{row_id}">'
        f"\n                {link}\n              </th>\n\n              {add}\n\n              "
        f"\n            </tr>\n          \n        "
    )


def _app_block(app: dict, quoted_path: str) -> str:
    app_label = app["app_label"]
    name = shown(app["name"])
    current = " current-app" if _in_path(app["app_url"], quoted_path) else ""
    title = gettext("Models in the %(name)s application") % {"name": name}
    models = "".join(_model_row(app_label, model, quoted_path) for model in app["models"])
    return (
        f'\n    <div class="app-{shown(app_label)} module{current}">'
        "\n      <table>"
        "\n        <caption>"
        f'\n          <a href="{shown(app["app_url"])}" class="section" title="{title}">{name}</a>'
        "\n        </caption>"
        '\n        <thead class="visually-hidden">'
        "\n          <tr>"
        f'\n            <th scope="col">{gettext("Model name")}</th>'
        f'\n            <th scope="col">{gettext("Add link")}</th>'
        f'\n            <th scope="col">{gettext("Change or view list link")}</th>'
        "\n          </tr>"
        "\n        </thead>"
        f"\n        {models}\n      </table>\n    </div>\n  "
    )


def sidebar_app_list(app_list, path: str) -> str:
    """The markup of `{% include 'admin/app_list.html' with app_list=… show_changelinks=False %}`."""
    quoted_path = quote(path)
    if app_list:
        body = "\n  " + "".join(_app_block(app, quoted_path) for app in app_list) + "\n"
    else:
        body = f"\n  <p>{gettext('You don’t have permission to view or edit anything.')}</p>\n"
    return mark_safe(f"\n\n{body}\n")
