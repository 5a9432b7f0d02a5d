"""Name keys for finding the same person typed in Cyrillic or Latin letters.

«Иванова Мария», "Ivanova Mariya" and "ivanova maria" all fold to the same key, so
PostgreSQL trigram similarity only has to absorb real typos. The folding is deliberately
lossy (y/i, ya/ia, kh/h…): it is used for matching, never shown.
"""

import re
import unicodedata

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "i", "є": "e", "ў": "u",
}  # fmt: skip

# Applied after transliteration to Latin and to Latin input alike, longest first,
# so the spellings found in passports and AVSI files meet in one form.
_LATIN_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("zh", "j"), ("yu", "iu"), ("ju", "iu"), ("ya", "ia"), ("ja", "ia"), ("yo", "io"),
    ("jo", "io"), ("ye", "e"), ("je", "e"), ("iy", "i"), ("ij", "i"), ("y", "i"),
    ("w", "v"), ("ph", "f"), ("x", "ks"), ("ii", "i"),
)  # fmt: skip

_NON_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(*parts: str | None) -> str:
    """Normalised, transliterated, lower-case key of the given name parts."""
    text = " ".join(p for p in parts if p).lower().replace("ё", "е")
    text = "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)
    text = _strip_accents(text)
    text = _NON_LETTERS.sub(" ", text)
    for source, target in _LATIN_FOLDS:
        text = text.replace(source, target)
    return _SPACES.sub(" ", text).strip()
