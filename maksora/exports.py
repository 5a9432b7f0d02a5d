"""What every spreadsheet export shares: neutralising cells a spreadsheet would run as a formula."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that starts like a formula (= + - @ tab CR) gets a leading apostrophe; other values pass.

    Used by the CSV and XLSX writers alike (CSV injection / "formula injection"): a name
    typed as `=HYPERLINK(...)` is shown as text, never evaluated. Numbers, Decimals and
    dates are not text and are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
