"""Rules shared by every app: days not in the future, phone numbers.

Plain functions raising ValidationError with a translated message, called by services,
forms, admin and the AVSI import alike, so each rule is written once.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FUTURE_DAY_MESSAGE = _("This date cannot be in the future.")

# +7 913 123-45-67, 8 (383) 123 45 67, 83831234567…: digits with the usual separators.
PHONE_RE = re.compile(r"^\+?[\d\s\-()]{6,20}$")
PHONE_MESSAGE = _("Enter a phone number such as +7 913 123-45-67 or 8 (383) 123-45-67.")


def is_in_future(day: date | None, *, today: date | None = None) -> bool:
    """True when `day` is after today (Novosibirsk time); the import passes its own `today`."""
    return day is not None and day > (today or timezone.localdate())


def not_in_future(day: date | None, *, field: str | None = None, message=None, today: date | None = None) -> None:
    """Refuse a day after today; `field` names the form field the error belongs to.

    Each place passes the message that tells its user most ("A case cannot be opened in the
    future."); without one the general message is used. An empty day passes (required-ness
    is the field's business).
    """
    if is_in_future(day, today=today):
        error = message or FUTURE_DAY_MESSAGE
        raise ValidationError({field: error} if field else error, code="future")


@deconstructible
class NotInFutureValidator:
    """`not_in_future` as a field validator: `DayField(validators=[NotInFutureValidator()])`."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, value):
        not_in_future(value, message=self.message)

    def __eq__(self, other):
        return isinstance(other, NotInFutureValidator) and self.message == other.message


def validate_phone(value: str | None) -> None:
    """A phone as people write it: digits, spaces, dashes, brackets, a leading +; 6–15 digits."""
    digits = re.sub(r"\D", "", value or "")
    if value and (not PHONE_RE.match(value) or not 6 <= len(digits) <= 15):
        raise ValidationError(PHONE_MESSAGE, code="phone")


def phone_digits(value: str | None) -> str:
    """One form of a phone number for comparing and searching: its digits, Russian numbers as 7XXXXXXXXXX.

    "+7 913 123-45-67", "8 (913) 123-45-67" and "8-913-1234567" all give "79131234567";
    other numbers keep their digits ("+39 02 1234567" → "39021234567").
    """
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits[0] in "78":
        return "7" + digits[1:]
    return digits
