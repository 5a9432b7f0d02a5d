"""Posting an admin change form the way a browser would."""

from django.urls import reverse


def admin_change(client, url_name, pk, **changes):
    """POST the admin change form as it is rendered, with `changes` typed over it (inline rows included)."""
    url = reverse(url_name, args=[pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    return client.post(url, data | changes)
