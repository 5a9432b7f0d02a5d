"""Is a typed person one already in the registry? One score and one explanation for every place.

`compare(typed, candidate)` answers with a `Match` (a score from 0 to 1 and the reasons in
words) when the candidate should be shown (score ≥ `CANDIDATE_THRESHOLD`), otherwise None;
`assess` always answers. It is the one matcher for intake, Distance enrolment, the AVSI
import and the admin add form: each runs it on the rows its database search brought back, so
all four explain a match alike. Pure Python, no database.

How the score is built: each kind of evidence adds (or takes away) a fixed amount; the sum is
kept within 0 and 1.

| evidence | points |
|---|---|
| family name the same (after transliteration, ё/е) | +0.35 |
| family name of the other gender form (Иванов/Иванова) | +0.30 |
| family name nearly the same (one letter, two in long names) | +0.25 |
| given name the same | +0.30 |
| given name a known variant (Маша/Мария, Шура/Александра) | +0.25 |
| given name nearly the same | +0.20 |
| given names both known and different names (Анна/Мария) | −0.25 |
| same date of birth | +0.35 |
| same month and year (when one side knows only the month) | +0.20 |
| same year (when one side knows only the year) | +0.15 |
| date of birth nearly the same (one digit off, not the decade; day and month swapped) | +0.15 |
| same year, another day | −0.15 |
| another year of birth | −0.40 |
| same patronymic / nearly the same | +0.10 / +0.05 |
| another patronymic | −0.25 |
| same phone number (digits, +7/8 alike) | +0.15 |
| another sex (when both are known) | −0.30 |
| family and given names the other way round | −0.05 |

Missing data (no patronymic, no date, no phone on one side) neither adds nor takes away.
So the rules of the registry hold by construction:
- same family and given name, nothing else known: 0.65, a candidate;
- same given name and date of birth, another family name (a marriage): 0.65, a candidate,
  and 0.40 when the patronymics differ;
- same family name and date of birth, a given name written differently: 0.70, a candidate,
  but two different known names (twins Анна and Мария) stay below the threshold;
- a namesake born another year (a mother and her daughter): 0.25, not a candidate.
Quality on hand-labelled pairs: `benchmarks/identity_quality.py` (tests/data/identity_pairs.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import OSA

from cases.name_variants import (
    are_variants,
    family_name_stem,
    given_name_groups,
    match_key,
)
from maksora.rules import phone_digits

CANDIDATE_THRESHOLD = 0.6

FAMILY_SAME = 0.35
FAMILY_GENDER_FORM = 0.30
FAMILY_NEAR = 0.25
GIVEN_SAME = 0.30
GIVEN_VARIANT = 0.25
GIVEN_NEAR = 0.20
GIVEN_OTHER_NAME = -0.25
BIRTH_SAME_DAY = 0.35
BIRTH_SAME_MONTH = 0.20
BIRTH_SAME_YEAR = 0.15
BIRTH_NEAR = 0.15
BIRTH_OTHER_DAY = -0.15
BIRTH_OTHER_YEAR = -0.40
PATRONYMIC_SAME = 0.10
PATRONYMIC_NEAR = 0.05
PATRONYMIC_OTHER = -0.25
PHONE_SAME = 0.15
SEX_OTHER = -0.30
SWAPPED = -0.05

DAY, MONTH, YEAR = "day", "month", "year"  # the values of cases.choices.DatePrecision
_PRECISION_RANK = {DAY: 0, MONTH: 1, YEAR: 2}


def _format(message, params: dict) -> str:
    return str(message) % params


# Built once: `lazy` makes a proxy class on each call.
_lazy_format = lazy(_format, str)


def _interpolate(message, params: dict):
    """A lazy message with its values filled in when it is rendered, in the language of that moment."""
    return _lazy_format(message, params)


@dataclass(frozen=True)
class PersonFacts:
    """What is known of a person, as typed at intake or as stored in the registry."""

    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    birth_date_precision: str = DAY
    phone: str = ""
    sex: str = ""  # "m", "f" or "" when not known

    @classmethod
    def of(cls, person) -> PersonFacts:
        """The facts of a `Person` (or anything with the same attribute names)."""
        return cls(
            family_name=getattr(person, "family_name", "") or "",
            given_name=getattr(person, "given_name", "") or "",
            patronymic=getattr(person, "patronymic", "") or "",
            birth_date=getattr(person, "birth_date", None),
            birth_date_precision=getattr(person, "birth_date_precision", "") or DAY,
            phone=getattr(person, "phone", "") or "",
            sex=_sex_code(getattr(person, "sex", "")),
        )


def _sex_code(value) -> str:
    text = str(value or "").lower()
    if text in {"m", "male", "man", "м"}:
        return "m"
    if text in {"f", "female", "woman", "ж"}:
        return "f"
    return ""


@dataclass
class Match:
    """How much a candidate looks like the typed person, and why, in the reader's language."""

    score: float
    reasons: list = field(default_factory=list)
    differences: list = field(default_factory=list)

    @property
    def is_candidate(self) -> bool:
        return self.score >= CANDIDATE_THRESHOLD


@dataclass
class _Evidence:
    points: float = 0.0
    reasons: list = field(default_factory=list)
    differences: list = field(default_factory=list)

    def add(self, points: float, reason=None, difference=None) -> None:
        self.points += points
        if reason is not None:
            self.reasons.append(reason)
        if difference is not None:
            self.differences.append(difference)


_VARIANT_REASON = _("given name a known variant (%(typed)s → %(candidate)s)")
_SPELT_DIFFERENTLY = {
    "family": _("family name the same, spelt differently (%(typed)s → %(candidate)s)"),
    "given": _("given name the same, spelt differently (%(typed)s → %(candidate)s)"),
}
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _near(first: str, second: str) -> bool:
    """One typing slip (two in long names): a letter missed, added, changed or two swapped."""
    if not first or not second:
        return False
    allowed = 2 if min(len(first), len(second)) >= 8 else 1
    return min(len(first), len(second)) >= 4 and OSA.distance(first, second) <= allowed


def _family(evidence: _Evidence, typed: str, candidate: str) -> None:
    if not typed or not candidate:
        return
    pair = {"typed": typed, "candidate": candidate}
    if match_key(typed) == match_key(candidate):
        if _plain(typed) == _plain(candidate):
            evidence.add(FAMILY_SAME, _("same family name"))
        elif _is_cyrillic(typed) == _is_cyrillic(candidate):
            evidence.add(FAMILY_SAME, _interpolate(_SPELT_DIFFERENTLY["family"], pair))
        else:
            evidence.add(FAMILY_SAME, _("family name the same after transliteration"))
    elif family_name_stem(typed) == family_name_stem(candidate):
        evidence.add(
            FAMILY_GENDER_FORM,
            _interpolate(_("family name of the other gender form (%(typed)s → %(candidate)s)"), pair),
        )
    elif _near(match_key(typed), match_key(candidate)) or _near(family_name_stem(typed), family_name_stem(candidate)):
        evidence.add(FAMILY_NEAR, _interpolate(_("family name nearly the same (%(typed)s → %(candidate)s)"), pair))


def _given(evidence: _Evidence, typed: str, candidate: str) -> None:
    if not typed or not candidate:
        return
    pair = {"typed": typed, "candidate": candidate}
    if match_key(typed) == match_key(candidate):
        if _plain(typed) == _plain(candidate):
            evidence.add(GIVEN_SAME, _("same given name"))
        elif _is_cyrillic(typed) == _is_cyrillic(candidate) and are_variants(typed, candidate):
            # Юля and Юлия fold alike, but to the reader they are two forms of one name.
            evidence.add(GIVEN_SAME, _interpolate(_VARIANT_REASON, pair))
        elif _is_cyrillic(typed) == _is_cyrillic(candidate):
            evidence.add(GIVEN_SAME, _interpolate(_SPELT_DIFFERENTLY["given"], pair))
        else:
            evidence.add(GIVEN_SAME, _("given name the same after transliteration"))
    elif are_variants(typed, candidate):
        evidence.add(GIVEN_VARIANT, _interpolate(_VARIANT_REASON, pair))
    elif given_name_groups(typed) and given_name_groups(candidate):
        # Two names the data knows, and not of one group, are two names (Мария and Марина,
        # Александр and Александра), however close their letters: twins are named so.
        evidence.add(GIVEN_OTHER_NAME, difference=_("another given name"))
    elif _near(match_key(typed), match_key(candidate)):
        evidence.add(GIVEN_NEAR, _interpolate(_("given name nearly the same (%(typed)s → %(candidate)s)"), pair))


def _coarser(first: str, second: str) -> str:
    first, second = first or DAY, second or DAY
    return first if _PRECISION_RANK.get(first, 0) >= _PRECISION_RANK.get(second, 0) else second


def _digits_of(day: date) -> str:
    return day.strftime("%d%m%Y")


def _birth(evidence: _Evidence, typed: PersonFacts, candidate: PersonFacts) -> None:
    a, b = typed.birth_date, candidate.birth_date
    if a is None or b is None:
        return
    precision = _coarser(typed.birth_date_precision, candidate.birth_date_precision)
    if a.year != b.year:
        # A slip in the last digit of the year (1980/1981) is a typo; one in the decade
        # (1961/1991) is as likely a mother and her daughter.
        if precision == DAY and (a.day, a.month, a.year // 10) == (b.day, b.month, b.year // 10):
            evidence.add(BIRTH_NEAR, _("date of birth nearly the same (one digit differs)"))
        else:
            evidence.add(BIRTH_OTHER_YEAR, difference=_("another year of birth"))
        return
    if precision == YEAR:
        evidence.add(BIRTH_SAME_YEAR, _("same year of birth"))
    elif precision == MONTH:
        if a.month == b.month:
            evidence.add(BIRTH_SAME_MONTH, _("same month and year of birth"))
        else:
            evidence.add(BIRTH_OTHER_DAY, difference=_("another date of birth"))
    elif a == b:
        evidence.add(BIRTH_SAME_DAY, _("same date of birth"))
    elif (a.day, a.month) == (b.month, b.day):
        evidence.add(BIRTH_NEAR, _("date of birth nearly the same (day and month swapped)"))
    elif sum(x != y for x, y in zip(_digits_of(a), _digits_of(b), strict=True)) == 1:
        evidence.add(BIRTH_NEAR, _("date of birth nearly the same (one digit differs)"))
    else:
        evidence.add(BIRTH_OTHER_DAY, difference=_("another date of birth"))


def _patronymic(evidence: _Evidence, typed: str, candidate: str) -> None:
    if not typed or not candidate:
        return
    if match_key(typed) == match_key(candidate):
        evidence.add(PATRONYMIC_SAME, _("same patronymic"))
    elif _near(match_key(typed), match_key(candidate)):
        evidence.add(PATRONYMIC_NEAR, _("patronymic nearly the same"))
    else:
        evidence.add(PATRONYMIC_OTHER, difference=_("another patronymic"))


def _phone(evidence: _Evidence, typed: str, candidate: str) -> None:
    a, b = phone_digits(typed), phone_digits(candidate)
    if len(a) >= 6 and a == b:
        evidence.add(PHONE_SAME, _("same phone number"))


def _sex(evidence: _Evidence, typed: str, candidate: str) -> None:
    if typed and candidate and typed != candidate:
        evidence.add(SEX_OTHER, difference=_("another sex"))


def _names(typed: PersonFacts, candidate: PersonFacts, *, swapped: bool) -> _Evidence:
    evidence = _Evidence()
    family, given = (typed.given_name, typed.family_name) if swapped else (typed.family_name, typed.given_name)
    if swapped:
        evidence.add(SWAPPED, _("family and given names written the other way round"))
    _family(evidence, family, candidate.family_name)
    _given(evidence, given, candidate.given_name)
    return evidence


def assess(typed: PersonFacts, candidate: PersonFacts) -> Match:
    """The score and reasons of `candidate` for `typed`, whether or not it reaches the threshold."""
    evidence = _names(typed, candidate, swapped=False)
    if typed.family_name and typed.given_name:
        swapped = _names(typed, candidate, swapped=True)
        if swapped.points > evidence.points:
            evidence = swapped
    _birth(evidence, typed, candidate)
    _patronymic(evidence, typed.patronymic, candidate.patronymic)
    _phone(evidence, typed.phone, candidate.phone)
    _sex(evidence, typed.sex, candidate.sex)
    score = round(min(1.0, max(0.0, evidence.points)), 2)
    return Match(score=score, reasons=evidence.reasons, differences=evidence.differences)


def compare(typed: PersonFacts, candidate: PersonFacts) -> Match | None:
    """The match to show when `candidate` may be the typed person (score ≥ CANDIDATE_THRESHOLD), else None."""
    match = assess(typed, candidate)
    return match if match.is_candidate else None
