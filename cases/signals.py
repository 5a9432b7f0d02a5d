"""Events of the cases app that the apps built on it answer, so cases imports none of them."""

from django.dispatch import Signal

# Sent inside the merge transaction with `keep`, `duplicate`, `by` and `moved`, after the
# case rows have moved: each app moves its own rows of `duplicate` onto `keep` and writes
# their ids into `moved` (a dict, stored on the MergeRecord), raising ValidationError
# (with a message for the user) to refuse the whole merge.
person_merging = Signal()

# Sent inside the un-merge transaction with `keep`, `duplicate`, `by` and `moved` (what the
# merge recorded): each app puts its rows back on `duplicate`, raising ValidationError when
# a row has since been deleted or changed so that putting it back would be wrong.
person_unmerging = Signal()

# Sent (outside any change) with `keep` and `duplicate` for the merge confirmation page:
# each app answers a list of {"label", "moving", "keep", "duplicate", "blocker"} — the
# kind of row, how many would move, short descriptions of each side's rows, and a message
# if this merge would be refused.
person_merge_preview = Signal()
