"""Reading amounts and dates typed by people (forms) or found in AVSI spreadsheets (import).

Money is Decimal, never float: "120,50", "120.50", "1 200,50", "1.200,50" and
"1,200.50" all read as Decimal("120.50") / Decimal("1200.50").
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT_RE = re.compile(r"^\d+(\.\d+)?$")
_DMY_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_amount(value) -> Decimal:
    """A positive or zero amount with at most two decimals; ValueError when it is not one.

    A comma is a decimal separator (Italian and Russian usage); when both comma and point
    appear, the last one is the decimal separator and the other groups thousands.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("not an amount")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # A spreadsheet's number cell: its shortest decimal text, then exact Decimal.
        number = Decimal(repr(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
        text = text.removesuffix("€").removeprefix("€").strip()
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif "," in text:
            if text.count(",") > 1:
                raise ValueError("not an amount")
            text = text.replace(",", ".")
        if not _AMOUNT_RE.match(text):
            raise ValueError("not an amount")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("not an amount") from exc
    if not number.is_finite() or number < 0:
        raise ValueError("not an amount")
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError("more than two decimals")
    return number.quantize(CENT)


def parse_date(value) -> date:
    """dd.mm.yyyy, yyyy-mm-dd, or a real spreadsheet date; ValueError otherwise.

    Bare numbers are refused: an Excel serial number in a text-formatted column cannot be
    told from a year or a typo.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = value.strip()
    match = _DMY_RE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    match = _ISO_RE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    # Spreadsheets sometimes keep a midnight time with the date: "2024-09-01 00:00:00".
    if len(text) == 19 and text.endswith(" 00:00:00") and _ISO_RE.match(text[:10]):
        return parse_date(text[:10])
    raise ValueError("not a date")
