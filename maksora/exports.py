"""What every spreadsheet export shares: neutralising cells a spreadsheet would run as a formula."""

import csv

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


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


# Lines handed to the server in batches: one chunk per line costs more than writing it.
LINES_PER_CHUNK = 500


def stream_csv(rows):
    """CSV lines of `rows` for a StreamingHttpResponse: a BOM first (Excel then reads UTF-8), safe cells.

    Memory stays flat: `rows` is consumed as it streams, `LINES_PER_CHUNK` lines at a time.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff"
    lines = []
    for row in rows:
        lines.append(writer.writerow([safe_cell(cell) for cell in row]))
        if len(lines) >= LINES_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
