"""Checking one row of the AVSI sheet: its record type, required cells, dates, amounts, codes.

Nothing here touches the database: a row becomes (record, key, clean fields) or a
RowError whose message tells the user what to fix. Cells are data, never code: a text
cell starting like a formula (`=cmd|' /C calc'!A0`, `+…`, `-…`, `@…`) rejects its row.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.choices import District, Sex
from maksora import display
from maksora.forms import parse_day
from maksora.rules import validate_phone
from sponsorship import choices, rules
from sponsorship.values import parse_amount

COLUMNS = (
    "record",
    "child_code",
    "family_name",
    "given_name",
    "patronymic",
    "sex",
    "birth_date",
    "district",
    "school",
    "grade",
    "living_situation",
    "enrolled_on",
    "sponsor_code",
    "sponsor_name",
    "sponsor_kind",
    "country",
    "language",
    "email",
    "phone",
    "address",
    "start",
    "end",
    "end_reason",
    "year",
    "amount",
    "received_on",
    "reference",
)
REQUIRED = {
    "child": ("child_code", "family_name", "given_name", "sex", "living_situation", "enrolled_on"),
    "sponsor": ("sponsor_code", "sponsor_name", "sponsor_kind"),
    "sponsorship": ("child_code", "sponsor_code", "start"),
    "contribution": ("child_code", "sponsor_code", "year", "amount", "received_on", "reference"),
}
OPTIONAL = {
    "child": ("patronymic", "birth_date", "district", "school", "grade"),
    "sponsor": ("country", "language", "email", "phone", "address"),
    "sponsorship": ("end", "end_reason"),
    "contribution": (),
}
DATE_COLUMNS = ("birth_date", "enrolled_on", "start", "end", "received_on")
FORMULA_STARTS = ("=", "+", "-", "@")
# Russian spellings found in AVSI sheets, next to the codes themselves.
ALIASES = {
    "sex": {"ж": Sex.FEMALE, "м": Sex.MALE, "f": Sex.FEMALE, "m": Sex.MALE},
    "district": {
        "ленинский": District.LENIN,
        "краснозёрский": District.KRASNOZYORSK,
        "краснозерский": District.KRASNOZYORSK,
    },
    "living_situation": {
        "семья": choices.LivingSituation.FAMILY,
        "приёмная семья": choices.LivingSituation.FOSTER,
        "приемная семья": choices.LivingSituation.FOSTER,
        "детский дом": choices.LivingSituation.ORPHANAGE,
    },
}


class RowError(Exception):
    """A row that cannot be imported; the message is the reason shown to the user."""


def _rule(check, *args) -> None:
    """Apply one of sponsorship.rules to a row: its refusal is the row's reason."""
    try:
        check(*args)
    except ValidationError as error:
        raise RowError(" ".join(error.messages)) from error


def code_key(code: str) -> str:
    """AVSI codes match whatever their case: "ru-c-12" is the child "RU-C-12"."""
    return code.strip().upper()


def _text(values: dict, name: str) -> str:
    value = values.get(name, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(values: dict, name: str, allowed) -> str:
    raw = _text(values, name)
    value = raw.lower()
    value = ALIASES.get(name, {}).get(value, value)
    if raw and value not in allowed:
        raise RowError(
            _("Column %(column)s: “%(value)s” is not one of %(allowed)s.")
            % {"column": name, "value": raw, "allowed": ", ".join(sorted(allowed))}
        )
    return str(value)


def _date(values: dict, name: str) -> date | None:
    if name not in values:
        return None
    day = parse_day(values[name])
    if day is None:
        raise RowError(
            _("Column %(column)s: “%(value)s” is not a date (use dd.mm.yyyy or yyyy-mm-dd).")
            % {"column": name, "value": values[name]}
        )
    return day


def _is_phone(value: str) -> bool:
    try:
        validate_phone(value)
    except ValidationError:
        return False
    return True


def check_formulas(values: dict) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
            continue
        # An international phone number the pages accept ("+39 02 1234567", "+7 913 123-45-67")
        # is the one text allowed to start with "+".
        if name == "phone" and value.startswith("+") and _is_phone(value):
            continue
        raise RowError(
            _("Column %(column)s holds a formula (%(value)s): formulas are never run, type the value itself.")
            % {"column": name, "value": value[:40]}
        )


def _child(values: dict, dates: dict) -> tuple[tuple, dict]:
    fields = {
        "child_code": _text(values, "child_code"),
        "family_name": _text(values, "family_name"),
        "given_name": _text(values, "given_name"),
        "patronymic": _text(values, "patronymic"),
        "sex": _choice(values, "sex", set(Sex.values)).upper(),
        "birth_date": dates["birth_date"],
        "district": _choice(values, "district", set(District.values)),
        "school": _text(values, "school"),
        "grade": _text(values, "grade"),
        "living_situation": _choice(values, "living_situation", set(choices.LivingSituation.values)),
        "enrolled_on": dates["enrolled_on"],
    }
    return (code_key(fields["child_code"]),), fields


def _phone(values: dict) -> str:
    """The phone as the sponsor pages accept it, refused with the pages' own message."""
    phone = _text(values, "phone")
    try:
        validate_phone(phone)
    except ValidationError as error:
        # Shaped like the model's own refusals ("email: Enter a valid email address.").
        raise RowError(f"phone: {' '.join(error.messages)}") from error
    return phone


def _sponsor(values: dict, dates: dict) -> tuple[tuple, dict]:
    country = _text(values, "country").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise RowError(_("Column country: “%(value)s” is not a two-letter code such as IT.") % {"value": country})
    fields = {
        "avsi_code": _text(values, "sponsor_code"),
        "name": _text(values, "sponsor_name"),
        "kind": _choice(values, "sponsor_kind", set(choices.SponsorKind.values)),
        "country": country,
        "language": _choice(values, "language", set(choices.Language.values)),
        "email": _text(values, "email"),
        "phone": _phone(values),
        "address": _text(values, "address"),
    }
    return (code_key(fields["avsi_code"]),), fields


def _sponsorship(values: dict, dates: dict) -> tuple[tuple, dict]:
    fields = {
        "child_code": _text(values, "child_code"),
        "sponsor_code": _text(values, "sponsor_code"),
        "start": dates["start"],
        "end": dates["end"],
        "end_reason": _choice(values, "end_reason", set(choices.SponsorshipEndReason.values)),
    }
    _rule(rules.check_period, fields["start"], fields["end"])
    if fields["end_reason"] and not fields["end"]:
        raise RowError(_("An end reason needs an end date."))
    return (code_key(fields["child_code"]), fields["start"]), fields


def _contribution(values: dict, dates: dict) -> tuple[tuple, dict]:
    try:
        amount = parse_amount(values["amount"])
    except ValueError as exc:
        raise RowError(
            _("Column amount: “%(value)s” is not an amount in euros (such as 1 234,50).") % {"value": values["amount"]}
        ) from exc
    _rule(rules.check_amount, amount)
    year = _text(values, "year")
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        raise RowError(_("Column year: “%(value)s” is not a year.") % {"value": year})
    fields = {
        "child_code": _text(values, "child_code"),
        "sponsor_code": _text(values, "sponsor_code"),
        "period_year": int(year),
        "amount": amount,
        "received_on": dates["received_on"],
        "reference": _text(values, "reference"),
    }
    return (fields["reference"].upper(),), fields


def display_key(record: str, fields: dict) -> str:
    """How the result names a row's record, with the codes as the file spells them."""
    if record == "child":
        return fields["child_code"]
    if record == "sponsor":
        return fields["avsi_code"]
    if record == "sponsorship":
        return f"{fields['child_code']} / {fields['sponsor_code']} / {display.day(fields['start'])}"
    return fields["reference"]


PARSERS = {"child": _child, "sponsor": _sponsor, "sponsorship": _sponsorship, "contribution": _contribution}


def parse_row(values: dict) -> tuple[str, tuple, dict]:
    """(record, key in the file, clean fields) of one row, or RowError with the reason."""
    check_formulas(values)
    record = _choice(values, "record", set(PARSERS))
    if not record:
        raise RowError(_("Column record is empty (child, sponsor, sponsorship or contribution)."))
    missing = [name for name in REQUIRED[record] if not _text(values, name)]
    if missing:
        raise RowError(_("Empty required cells: %(columns)s.") % {"columns": ", ".join(missing)})
    dates = {name: _date(values, name) for name in DATE_COLUMNS}
    key, fields = PARSERS[record](values, dates)
    return record, key, fields
