"""Read an HTML form back as the browser would submit it, so two clients can each hold a loaded form."""

from html.parser import HTMLParser

from django.http import QueryDict


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._fields = None
        self._select = None
        self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self._fields.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name"), ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def loaded_form(response, *, containing: str = "version") -> QueryDict:
    """The values of the first form of the page that has a `containing` field, as it would be posted."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    for fields in reader.forms:
        if any(name == containing for name, _ in fields):
            data = QueryDict(mutable=True)
            for name, value in fields:
                data.appendlist(name, value)
            data.pop("csrfmiddlewaretoken", None)
            return data
    raise AssertionError(f"no form with a {containing!r} field on the page")


def post_data(data: QueryDict, **changes) -> dict:
    """`data` with some fields typed over, as a dict of lists for the test client."""
    result = {key: data.getlist(key) for key in data}
    for key, value in changes.items():
        result[key] = [value]
    return result
