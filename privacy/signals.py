"""Events of the destruction, for whatever must watch it (the interruption test stops the database here)."""

from django.dispatch import Signal

# Sent inside the destruction transaction with `person` and `step` (a model label, or
# "planned" / "anonymised"), after each step.
destruction_progress = Signal()
