"""Every vocabulary of the project, loaded from ``data/*.yaml`` and validated in one place.

Extraction reads words, not code: meeting-type cues, level words, caption openers, byline
prefixes, role words, chrome lines, month names... live in the package's data files so that a
newcomer changes a word list without touching a regular expression in Python, and so that the
build's cache can fingerprint what shapes a record (the data files) apart from the code.

Each file has a schema below: the keys it must have and what each holds. A file that breaks its
schema (a missing key, a word list that is not a list of strings, a pattern that does not
compile) stops the program at start-up with the file and key named: a vocabulary error is a
programming error of the project, never something to skip.

Downstream stages (sidecars, the archive, the quality report) read the vocabularies here, never
from the extractor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from danvan_site.vn.text import tone_key

DATA_FILES = ("chrome.yaml", "segment.yaml", "dates.yaml", "places.yaml", "people.yaml", "meeting_types.yaml",
              "organisations.yaml", "abbreviations.yaml")

# kind of each key: "regex" (one pattern), "regexes" (a list of patterns), "words" (a list of
# plain strings), "map" (string -> string)
SCHEMAS: dict[str, dict[str, str]] = {
    "chrome.yaml": {"stop": "regexes", "drop": "regexes", "site_header": "regexes", "views": "regex",
                    "date_labels": "regex", "cms_accounts": "regex"},
    "segment.yaml": {"caption_openers": "words", "photo_words": "words", "body_markers": "words", "caption_verbs": "words",
                     "sentence_verbs": "words", "byline_prefixes": "regexes", "byline_soft_prefixes": "words",
                     "org_author_heads": "words", "byline_role_words": "words", "gallery_openers": "regexes",
                     "discourse_openers": "words"},
    "dates.yaml": {"months_vi": "map", "months_en": "map", "weekdays": "regexes", "poster_words": "words"},
    "places.yaml": {"levels": "map", "committees": "map", "spelling_variants": "map", "main_verbs": "words",
                    "guest_verbs": "words", "organiser_starts": "words", "below_ward": "words",
                    "count_nouns": "words"},
    "people.yaml": {"surnames": "words", "titles": "regexes", "weak_titles": "words", "role_heads": "words",
                    "role_stops": "words", "not_names": "words", "breakers": "words", "role_fillers": "words",
                   "citizen_markers": "words"},
}


class VocabularyError(Exception):
    """A data file of the package breaks its schema (a bug of the project, reported at start)."""


# libyaml's parser when PyYAML has it (the same values: tests/test_vocab.py): the eight
# files are parsed by every process that extracts, in 45 ms by the pure-Python one, 4 ms by it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def raw(name: str) -> Any:
    """The parsed YAML of one data file, validated against its schema when it has one."""
    text = resources.files("danvan_site").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    schema = SCHEMAS.get(name)
    if schema is not None:
        _validate(name, data, schema)
    return data


def _validate(name: str, data: Any, schema: dict[str, str]) -> None:
    if not isinstance(data, dict):
        raise VocabularyError(f"data/{name}: expected a mapping of keys")
    for key, kind in schema.items():
        if key not in data:
            raise VocabularyError(f"data/{name}: the key '{key}' is missing")
        value = data[key]
        where = f"data/{name}: '{key}'"
        if kind in ("regexes", "words"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise VocabularyError(f"{where} must be a list of non-empty strings")
        elif kind == "regex":
            if not isinstance(value, str):
                raise VocabularyError(f"{where} must be a string (a regular expression)")
        elif kind == "map":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise VocabularyError(f"{where} must map strings to strings")
        if kind in ("regex", "regexes"):
            for pattern in ([value] if kind == "regex" else value):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise VocabularyError(f"{where}: the pattern {pattern!r} does not compile ({exc})") from None
    unknown = set(data) - set(schema)
    if unknown:
        raise VocabularyError(f"data/{name}: unknown key(s) {', '.join(sorted(unknown))}")


def validate_all() -> None:
    """Load every data file once (the tests call this: a broken file fails them at once)."""
    for name in DATA_FILES:
        raw(name)
    meeting_types()
    organisations()
    glossary()


def alternation(words: list[str], escape: bool = True) -> str:
    """One regex alternative for a word list, the longest match first ("phó bí thư" wins over
    "phó"). Plain words become a trie-shaped pattern (``trie_pattern``); with ``escape=False``
    the items are patterns themselves and are joined longest first."""
    if escape:
        return trie_pattern(words)
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(items)


def trie_pattern(words: list[str] | set[str] | frozenset[str]) -> str:
    """A pattern matching any of ``words`` with their common prefixes factored out:
    "phó|phó bí thư|phó chủ tịch" -> "phó(?: (?:bí thư|chủ tịch))?".

    Python's ``re`` tries an alternation's branches one after another at every position of the
    text, so a list of a few hundred words is slow to search; the trie fails at the first
    character that no word continues with. Optional groups are greedy, so the longest word
    that matches wins, as with a longest-first alternation."""
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        optional = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return (f"(?:{body})?" if len(branches) == 1 else body + "?")
        return body

    return build(trie) or "(?!x)x"


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """One whole-word pattern for a list of cue phrases, matched on ``tone_key`` text."""
    if not cues:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(f"(?:{tone_key(c)})" for c in cues)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# --- meeting types ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeCue:
    slug: str
    label: str
    generic: bool
    reviews_period: bool  # a meeting of this kind reviews or plans a reporting period
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def meeting_types() -> tuple[TypeCue, ...]:
    items = raw("meeting_types.yaml")
    if not isinstance(items, list):
        raise VocabularyError("data/meeting_types.yaml: expected a list of types")
    out = []
    for item in items:
        for key in ("slug", "label"):
            if not isinstance(item.get(key), str):
                raise VocabularyError(f"data/meeting_types.yaml: every type needs a '{key}' string ({item!r})")
        cues = item.get("cues", [])
        try:
            pattern = cue_pattern(cues)
        except re.error as exc:
            raise VocabularyError(f"data/meeting_types.yaml: a cue of '{item['slug']}' does not compile ({exc})") from None
        out.append(TypeCue(item["slug"], item["label"], bool(item.get("generic")), bool(item.get("reviews_period")), pattern))
    return tuple(out)


def review_types() -> frozenset[str]:
    """Slugs of the meeting types that review or plan a period (their records carry one)."""
    return frozenset(t.slug for t in meeting_types() if t.reviews_period)


# --- organisations and the glossary ------------------------------------------------------------

@dataclass(frozen=True)
class Organisation:
    name: str
    slug: str
    pattern: re.Pattern[str]
    cues: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    items = raw("organisations.yaml")
    if not isinstance(items, list) or not all(isinstance(i, dict) and {"name", "slug", "cues"} <= set(i) for i in items):
        raise VocabularyError("data/organisations.yaml: expected a list of {name, slug, cues}")
    return tuple(Organisation(i["name"], i["slug"], cue_pattern(i["cues"]), tuple(i["cues"])) for i in items)


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Abbreviation -> expansion, from data/abbreviations.yaml."""
    items = raw("abbreviations.yaml")
    if not isinstance(items, list) or not all(isinstance(i, dict) and {"abbr", "expansion"} <= set(i) for i in items):
        raise VocabularyError("data/abbreviations.yaml: expected a list of {abbr, expansion}")
    return {i["abbr"]: i["expansion"] for i in items}
