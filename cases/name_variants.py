"""What Russian names are the same name: given-name variants and family-name gender forms.

Given names: `cases/data/given_name_variants.csv`, compiled for Maksora from the tradition of
Petrovsky N. A., «Словарь русских личных имён» (the diminutive and affectionate forms of each
full name) and from common usage; the file's header says how it was made and what each
column means. Маша, Машенька, Маруся and Марья are all Мария; Саша and Шура are both
Александр and Александра; Егор is a name of its own (in passports today), not a form of
Георгий, though Гоша is said for both.

Family names: Иванов/Иванова, Ковальский/Ковальская, Толстой/Толстая, Пушкин/Пушкина,
Ковалёв/Kovalyova/Kovalev… share one `family_name_stem`; indeclinable names (Шевченко,
Дюма, Черных, Kim) stay as they are.

Two spaces of keys:
- *match keys* (`match_key`) compare two records in Python. They fold a little further than
  `fold_name` so that the Latin spellings of ё (Pyotr, Fyodor, Vorobyova) and doubled letters
  (Kirill/Kiril, Ivanoff) meet the Cyrillic ones.
- *search keys* (`variant_keys`, `name_search_keys`, `name_search_word_keys`) are in the space of
  `Person.name_key` (`fold_name`), so the database can look them up with its trigram index.
"""

import csv
import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from cases.names import fold_name

VARIANTS_FILE = Path(__file__).resolve().parent / "data" / "given_name_variants.csv"

_DOUBLED = re.compile(r"([a-z])\1+")

# Applied to the end of each word of a folded family name, first match only. The stem must
# keep at least three letters, so short names (Ли, Ким) are never cut.
_FAMILY_ENDINGS = (
    ("skaia", "sk"),  # Ковальская → ковальск (as Ковальский)
    ("ckaia", "ck"),  # Троцкая
    ("kaia", "k"),  # Высокая
    ("ska", "sk"),  # Kowalska, the Polish feminine
    ("cka", "ck"),
    ("aia", ""),  # Толстая, Белая
    ("oi", ""),  # Толстой, Донской
    ("ova", "ov"),  # Иванова
    ("eva", "ev"),  # Ковалёва, Соловьёва
    ("ina", "in"),  # Пушкина, Птицына (ы folds to i)
    ("off", "ov"),  # Ivanoff
    ("eff", "ev"),  # Soloveff
    ("of", "ov"),  # Ivanoff as a match key, where doubled letters are single
    ("ef", "ev"),
)
# Masculine adjectival names end in -ий/-ый, folded to a single i after a consonant.
_ADJECTIVAL_I = re.compile(r"(?<=[bcdfghklmnprstvz])i$")
_MIN_STEM = 3


@lru_cache(maxsize=8192)
def match_key(*parts: str | None) -> str:
    """`fold_name`, then ё written as yo/ie and doubled letters folded too (for comparing only)."""
    text = fold_name(*parts).replace("io", "e").replace("ie", "e")
    return _DOUBLED.sub(r"\1", text)


def _word_stem(word: str) -> str:
    for ending, replacement in _FAMILY_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= _MIN_STEM:
            return word[: -len(ending)] + replacement
    if _ADJECTIVAL_I.search(word) and len(word) - 1 >= _MIN_STEM:
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def family_name_stem(name: str | None) -> str:
    """One key for the masculine and feminine form of a family name, in any alphabet.

    Иванов, Иванова, Ivanova and Ivanoff give "ivanov"; Ковальский and Kovalskaya give
    "kovalsk"; Шевченко, Дюма and Kim come back folded but uncut.
    """
    return " ".join(_word_stem(word) for word in match_key(name).split())


@dataclass(frozen=True)
class NameGroup:
    """One full given name with every form of it that the data file lists."""

    canonical: str
    sex: str
    forms: tuple[str, ...]


@cache
def _groups() -> dict[str, NameGroup]:
    """Groups by the match key of their canonical name (Наталья and Наталия are one group)."""
    lines = VARIANTS_FILE.read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line and not line.startswith("#"))
    forms: dict[str, list[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for row in rows:
        key = match_key(row["canonical"])
        first.setdefault(key, (row["canonical"], row["sex"]))
        forms.setdefault(key, [row["canonical"]]).append(row["variant"])
    return {
        key: NameGroup(canonical=first[key][0], sex=first[key][1], forms=tuple(dict.fromkeys(forms[key])))
        for key in forms
    }


@cache
def _index() -> dict[str, frozenset[str]]:
    """Match key of every form → the groups (canonical match keys) it belongs to."""
    index: dict[str, set[str]] = {}
    for key, group in _groups().items():
        for form in group.forms:
            index.setdefault(match_key(form), set()).add(key)
    return {form: frozenset(keys) for form, keys in index.items()}


def given_name_groups(given_name: str | None) -> frozenset[str]:
    """The full names this given name may stand for (empty when the name is not in the data)."""
    return _index().get(match_key(given_name), frozenset())


def is_known_given_name(given_name: str | None) -> bool:
    return bool(given_name_groups(given_name))


def canonical_names(given_name: str | None) -> list[str]:
    """The full names, as written in the data, that this given name may stand for."""
    groups = _groups()
    return sorted(groups[key].canonical for key in given_name_groups(given_name))


def sex_of_given_name(given_name: str | None) -> str:
    """ "m" or "f" when every name this one may stand for has that sex; "" otherwise (Саша, Женя)."""
    groups = _groups()
    sexes = {groups[key].sex for key in given_name_groups(given_name)}
    return sexes.pop() if len(sexes) == 1 else ""


def are_variants(first: str | None, second: str | None) -> bool:
    """True when two different spellings may be one name: Маша and Мария, Шура and Александра.

    Александр and Александра are not variants of each other, though Саша is a variant of both.
    Forms that fold alike (Юля and Юлия, Наталья and Наталия) are variants too; one name in
    two alphabets (Masha, Маша) or with ё for е is not: it is the same name.
    """
    if not first or not second or _plain(first) == _plain(second):
        return False
    return bool(given_name_groups(first) & given_name_groups(second))


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def variant_keys(given_name: str | None) -> set[str]:
    """Every form of this given name's group(s), folded as `Person.name_key` is (for SQL lookups).

    "Маша" gives {"masha", "maria", "mashenka", "marusia", …}; an unknown name gives its own
    folded form only; an empty one gives nothing.
    """
    folded = fold_name(given_name)
    if not folded:
        return set()
    groups = _groups()
    keys = {folded}
    for key in given_name_groups(given_name):
        keys.update(fold_name(form) for form in groups[key].forms)
    return keys


def _family_search_forms(word: str) -> list[str]:
    """Folded forms that find both genders and both ё spellings of a family name by substring."""
    stem = _word_stem(word)
    forms = [word, stem]
    # ё is stored as e (Воробьёва → vorobeva) but typed in Latin as yo or ie (Vorobyova → vorobiova).
    for spelling in ("iov", "iev", "ev"):
        for other in ("iov", "iev", "ev"):
            if stem.endswith(spelling) and other != spelling:
                forms.append(stem[: -len(spelling)] + other)
    return list(dict.fromkeys(forms))


def name_search_word_keys(query: str | None) -> list[list[str]]:
    """Per word of the query, the name_key substrings that should count as that word.

    A search matches a person when, for every word, `name_key` contains one of its keys:
    «Маша Воробьёва» → [["masha", "maria", …], ["vorobeva", "vorobev", "vorobiov", "vorobiev"]].
    A word that is a known given name expands to its variants; any other word to the family
    name forms of both genders (a stem is a prefix of both, so substring search finds them).
    """
    words = []
    for word in fold_name(query).split():
        if is_known_given_name(word):
            variants = variant_keys(word)
            variants.discard(word)
            words.append([word, *sorted(variants)])
        else:
            words.append(_family_search_forms(word))
    return words


MAX_SEARCH_KEYS = 40


def name_search_keys(query: str | None) -> list[str]:
    """Whole-query keys for a trigram search to OR together, the query as typed first.

    «Маша Воробьёва» → ["masha vorobeva", "maria vorobeva", "masha vorobev", …]: first the
    query, then each word replaced by one of its alternatives, then combinations, at most
    MAX_SEARCH_KEYS keys so a query of many short names stays cheap.
    """
    words = name_search_word_keys(query)
    if not words:
        return []
    original = [alternatives[0] for alternatives in words]
    keys = [" ".join(original)]
    for position, alternatives in enumerate(words):
        for alternative in alternatives[1:]:
            keys.append(" ".join([*original[:position], alternative, *original[position + 1 :]]))
    keys.extend(" ".join(combination) for combination in itertools.product(*words))
    return list(dict.fromkeys(keys))[:MAX_SEARCH_KEYS]
