"""The retention periods a new installation starts with (editable in the admin; see docs/retention.md)."""

# unit code -> (years, counted from)
DEFAULT_RETENTION = {
    "golubka": (5, "case_closed"),
    "margarita": (5, "case_closed"),
    "local": (5, "case_closed"),
    "distance": (3, "sponsorship_ended"),
}
