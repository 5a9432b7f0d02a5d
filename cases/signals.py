"""Events of the cases app that the apps built on it answer, so cases imports none of them."""

from django.dispatch import Signal

# Sent inside the merge transaction with `keep`, `duplicate` and `by`, after the case
# rows have moved: each app moves its own rows of `duplicate` onto `keep`, raising
# ValidationError (with a message for the user) to refuse the whole merge.
person_merging = Signal()
