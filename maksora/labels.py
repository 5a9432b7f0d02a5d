"""Choice labels read by one dictionary lookup, for models shown row by row in lists."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """A model mixin: `get_FOO_display()` looks its label up in a table kept on the field.

    Django's own flattens the field's choices and hashes every (lazy) label, translating
    each, on every call: on a page of cases that was half the time spent rendering it.
    The table keeps the lazy labels, so the label still comes in the active language.
    """

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            field._labels_by_value = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
