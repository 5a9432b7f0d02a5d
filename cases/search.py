"""What a search box query is, and the conditions that find it: a code, a phone number or a name.

One reading of a query for the case list, the person autocomplete, the sponsored children's
list and the admin changelists, so they all find the same people:

- a **code** (a case number `G-2023-0001`, an AVSI code `RU-C00012`, or part of one) holds a
  digit and a letter, starts with one or two Latin letters and a dash (`ru-`), or is digits
  only that are not a phone number. It is looked up as a code
  only: its letters are never searched as a name (`G` would match every name with a g);
  an exact code ranks first, then codes that start with it (`code_rank`).
- a **phone number** holds digits and phone punctuation only, at least `MIN_PHONE_DIGITS`
  digits: "+7 913 123-45-67", "8 913 1234567" and "9131234567" find the same person, by the
  end of `Person.phone_key` (maksora.rules.phone_digits), read off an index on its reverse.
- anything else is a **name**, in the keys of the duplicate matcher (cases.name_variants):
  Cyrillic or Latin, ё or е, a given name's variants (Маша finds Мария), both genders of a
  family name (Воробьёва from Vorobyova), plus trigram similarity for typos (Иванва).

Queries are never logged: callers pass them here and nowhere else.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Reverse
from django.db.models.lookups import StartsWith

from cases.name_variants import name_search_word_keys
from cases.names import fold_name
from maksora.rules import phone_digits

CODE, PHONE, NAME = "code", "phone", "name"

# A local Novosibirsk number has 7 digits; fewer is more likely part of a case number.
MIN_PHONE_DIGITS = 7
# Mobile and long-distance numbers are compared on their last 10 digits, so the +7 / 8 prefix
# (or its absence) does not matter.
PHONE_SUFFIX_DIGITS = 10

_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-]+$")
# The year and sequence of a case number without its unit letter: a code, not a phone.
_CASE_NUMBER_TAIL = re.compile(r"^\d{4}-\d{1,4}$")
# The start of a code before its digits: a unit letter (G-, L-) or a country (RU-, IT-) and a dash.
_CODE_START = re.compile(r"^[A-Za-z]{1,2}-")


def query_kind(query: str | None) -> str:
    """CODE, PHONE or NAME for a non-empty query; "" for an empty one."""
    query = (query or "").strip()
    if not query:
        return ""
    has_digit = any(ch.isdigit() for ch in query)
    has_letter = any(ch.isalpha() for ch in query)
    if (has_digit and has_letter) or _CODE_START.match(query):
        return CODE
    if has_digit:
        digits = phone_digits(query)
        if _PHONE_CHARACTERS.match(query) and len(digits) >= MIN_PHONE_DIGITS and not _CASE_NUMBER_TAIL.match(query):
            return PHONE
        return CODE
    return NAME


def nothing() -> Q:
    return Q(pk__in=[])


def name_q(query: str, prefix: str = "") -> Q:
    """People (at `prefix`) whose name key holds every word of the query in one of its forms,
    or is trigram-similar to the whole query (a typo).

    Each `LIKE '%form%'` and the trigram `%` are answered by the GIN index person_name_key_trgm.
    """
    forms, similar = name_parts(query, prefix)
    # The LIKEs first: PostgreSQL tests an OR's branches in order, and a trigram similarity
    # costs far more than a LIKE, so a name that matches by its forms is not also compared.
    return forms | similar


def name_parts(query: str, prefix: str = "") -> tuple[Q, Q]:
    """The two halves of `name_q`: every word in one of its forms, and the trigram similarity."""
    key = fold_name(query)
    if not key:
        return nothing(), nothing()
    every_word = Q()
    for forms in name_search_word_keys(query):
        any_form = Q()
        for form in _shortest_forms(forms):
            any_form |= Q(**{f"{prefix}name_key__contains": form})
        every_word &= any_form
    return every_word or nothing(), Q(**{f"{prefix}name_key__trigram_similar": key})


def _shortest_forms(forms: list[str]) -> list[str]:
    """Drop a form that holds another one (vorobiova holds vorobiov): it finds nothing more."""
    return [form for form in forms if not any(other != form and other in form for other in forms)]


def phone_q(query: str, prefix: str = "") -> Q:
    """People (at `prefix`) whose phone ends with the query's digits (its last 10 at most)."""
    digits = phone_digits(query)[-PHONE_SUFFIX_DIGITS:]
    if len(digits) < MIN_PHONE_DIGITS:
        return nothing()
    return Q(StartsWith(Reverse(f"{prefix}phone_key"), digits[::-1]))


def person_q(query: str, prefix: str = "") -> Q:
    """People found by a name or a phone number; a code finds no one (its letters are not a name)."""
    kind = query_kind(query)
    if kind == NAME:
        return name_q(query, prefix)
    if kind == PHONE:
        return phone_q(query, prefix)
    return nothing()


def code_q(field: str, query: str) -> Q:
    """Codes found by a code query: those starting with it, or holding it when it has no unit letter.

    `G-2023-0001` and `g-2023` are prefixes (read off a btree on UPPER(code)); a tail typed
    without its letter (`2023-0001`, `0001`) is looked for inside the codes, through their
    trigram index.
    """
    query = query.strip()
    if _CODE_START.match(query):
        return Q(**{f"{field}__istartswith": query})
    return Q(**{f"{field}__icontains": query})


def code_rank(field: str, query: str) -> Case:
    """0 for the exact code (any letter case), 1 for codes starting with the query, 2 for the rest."""
    query = query.strip()
    return Case(
        When(**{f"{field}__iexact": query}, then=Value(0)),
        When(**{f"{field}__istartswith": query}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
