"""Reading amounts typed by people (forms) or found in AVSI spreadsheets (import).

Days are read by maksora.forms.parse_day.

Money is Decimal, never float: "120,50", "120.50", "1 200,50", "1.200,50" and
"1,200.50" all read as Decimal("120.50") / Decimal("1200.50").
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT_RE = re.compile(r"^\d+(\.\d+)?$")


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
