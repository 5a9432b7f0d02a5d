"""Every page of the site and the admin reads in Russian: no English msgid, no raw choice code.

The walk is the URL map's (tests/security/url_map.py) with its sample records, signed in
as each role of the cast with a Russian browser. The English the pages must not show is
the project's own: the msgids of the Russian catalogue whose translation differs (so a
string that lost its `gettext`, or a msgid changed without a translation, shows up), the
labels the admin derives from field and method names, and the stored codes of every
choice list (`social_worker`, `data_processing`).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

from maksora import roles
from sponsorship.models import SponsoredChild
from tests.security.conftest import private_media, sample_data  # noqa: F401  (fixtures)
from tests.security.url_map import ALL_PATTERNS, merged, sample_url

PROJECT_APPS = ("cases", "shelters", "sponsorship", "reports", "maksora", "auth")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
VOID = {"input", "img", "br", "hr", "meta", "link", "source", "area", "col", "wbr"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Words that read the same in both languages, or names of things (brands, codes).
SAME_IN_BOTH = {"AVSI", "PDF", "CSV", "XLSX", "EUR", "OK", "ID", "URL", "TOTP", "QR", "Email", "E-mail"}


def english_msgids() -> set[str]:
    """Msgids whose Russian differs: phrases of two words or more, and single words of five letters or more."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        text = re.sub(r"%(\(\w+\))?[sd]|\{\w*\}|<[^>]+>", " ", entry.msgid)
        words = LATIN_WORD.findall(text)
        if not words or any(word in SAME_IN_BOTH for word in words):
            continue
        if len(words) >= 2:
            phrases.add(" ".join(words))
        elif len(words[0]) >= 5 and words[0][0].isupper():
            phrases.add(words[0])
    return phrases


def choice_codes() -> set[str]:
    """Stored codes of the project's choice lists that no one would write as a word (`home_visit`)."""
    codes = {role for role in roles.ALL_ROLES}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z_]+", value):
                    codes.add(value)
            base = getattr(field, "base_field", None)
            for value, _label in getattr(base, "flatchoices", None) or ():
                codes.add(value)
    return codes


class VisibleText(HTMLParser):
    """The text a person reads or hears: body text, option labels, button values and ARIA attributes."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0
        self._skip_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Script bodies are not read; neither is text marked as another language (the
        # language switcher names each language in itself: «English», «Italiano»).
        other_language = (attributes.get("lang") or "ru")[:2] != "ru"
        # <code> holds literal names (a spreadsheet's column names), not words to translate.
        if tag in ("script", "style", "template", "code") or (other_language and tag not in VOID):
            self._skip_tags.append(tag)
            self._skip += 1
        if self._skip or other_language:
            return
        for name in ATTRIBUTES:
            if attributes.get(name):
                self.chunks.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.chunks.append(attributes["value"])

    def handle_endtag(self, tag):
        if self._skip_tags and self._skip_tags[-1] == tag:
            self._skip_tags.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " \n ".join(" ".join(chunk.split()) for chunk in parser.chunks)


RAW_VALUES = (
    (re.compile(r"[\[(]\d{4}-\d{2}-\d{2}, "), "a date range as Python prints it"),
    (re.compile(r"(?<![\w-])(None|True|False)(?![\w-])"), "None/True/False"),
)


def english_on(text: str, phrases: set[str], codes: set[str], words: set[str] = frozenset()) -> list[str]:
    found = [label for pattern, label in RAW_VALUES if pattern.search(text)]
    for chunk in text.split(" \n "):
        # A stored code of one word («home») alone or listed: the label was never looked up.
        if re.fullmatch(r"[a-z_]+(, [a-z_]+)*", chunk) and set(chunk.split(", ")) <= words:
            found.append(chunk)
    latin_runs = " | ".join(" ".join(m.group(0).split()) for m in re.finditer(r"[A-Za-z][A-Za-z_\s]*[A-Za-z]", text))
    for phrase in phrases:
        if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", latin_runs):
            found.append(phrase)
    for code in (c for c in codes if "_" in c):
        if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            found.append(code)
    return found


# The raw event log (every field of every row, for administrators) names models and
# fields as the code does; the sign-in lockout log lists the login names that were typed; the
# job queue's own admin (procrastinate's, for administrators) has no Russian catalogue.
RAW_PAGES = ("/admin/pghistory/", "/admin/axes/", "/admin/procrastinate/")
# Staff are shown by name; these login names of the cast must not appear in place of one.
LOGIN_NAMES = ("golubka_worker", "margarita_worker", "margarita_coordinator", "sponsorship_officer", "site_admin")


@pytest.fixture(scope="module")
def forbidden():
    return english_msgids(), choice_codes()


def test_the_list_of_english_words_is_the_catalogues_own(forbidden):
    phrases, codes = forbidden
    assert {"Case number", "Distance Support Program", "Possible duplicates"} <= phrases
    assert {"social_worker", "data_processing", "home_visit"} <= codes


def test_the_check_finds_english_in_text_and_attributes(forbidden):
    phrases, codes = forbidden
    html = '<p>Открыть</p><button aria-label="Possible duplicates">x</button><td>home_visit</td>'
    assert set(english_on(visible_text(html), phrases, codes)) == {"Possible duplicates", "home_visit"}
    raw = "<td>home, school</td><td>[2026-12-02, None)</td>"
    assert set(english_on(visible_text(raw), phrases, codes, codes)) == {
        "home, school",
        "a date range as Python prints it",
        "None/True/False",
    }
    assert english_on(visible_text("<p>Иванова Мария</p><script>var home_visit</script>"), phrases, codes) == []


def test_every_admin_column_and_field_has_a_russian_label():
    untranslated = []
    with translation.override("ru"):
        for model, model_admin in admin.site._registry.items():
            names = [n for n in (*model_admin.list_display, *model_admin.readonly_fields) if isinstance(n, str)]
            names += [n for n in (model_admin.fields or ()) if isinstance(n, str)]
            if model._meta.app_label not in PROJECT_APPS:
                continue
            for name in names:
                if name == "__str__":
                    continue
                label = str(label_for_field(name, model, model_admin))
                if re.fullmatch(r"[\sA-Za-z_:.\-]+", label) and label not in SAME_IN_BOTH:
                    untranslated.append(f"{model._meta.label}.{name}: {label}")
            texts = [model._meta.verbose_name, model._meta.verbose_name_plural]
            texts += [f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name") and f.name != "id"]
            for text in texts:
                if re.fullmatch(r"[\sA-Za-z_]+", str(text)):
                    untranslated.append(f"{model._meta.label}: {text}")
    assert untranslated == [], "\n".join(untranslated)


@pytest.mark.parametrize("actor", ["coordinator", "site_admin", "manager", "sponsorship_officer", "golubka_worker"])
def test_every_page_reads_in_russian(ru_client, request, actor, sample_data, forbidden):  # noqa: F811
    phrases, codes = forbidden
    records = merged(sample_data, ("golubka", "distance", "saved_by_coordinator"))
    SponsoredChild.objects.update(school="Школа № 94")  # the factories' data is in English
    ru_client.force_login(request.getfixturevalue(actor))
    english = {}
    for pattern in ALL_PATTERNS:
        url = sample_url(pattern, records)
        response = ru_client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if url.startswith(RAW_PAGES):
            continue
        text = visible_text(response.content.decode())
        # The staff list shows login names in a column of their own (and the cast's are role-like).
        # The admin's refusal page ("authenticated as …") names the login typed, by Django's design.
        staff_list = url.startswith(("/admin/auth/user/", "/admin/login/"))
        found = english_on(text, phrases, codes, frozenset() if staff_list else codes)
        if not staff_list:
            found += [name for name in LOGIN_NAMES if re.search(rf"(?<![\w-]){name}(?![\w-])", text)]
        if found:
            english[url] = sorted(found)
    by_word = {}
    for url, words in english.items():
        for word in words:
            by_word.setdefault(word, []).append(url)
    assert by_word == {}, "\n".join(f"{word}: {' '.join(urls[:4])}" for word, urls in sorted(by_word.items()))
