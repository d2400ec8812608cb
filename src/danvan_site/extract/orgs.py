"""Organisations of the political system a bulletin names, and the glossary abbreviations it
uses, each in order of first mention (``data/organisations.yaml``, ``data/abbreviations.yaml``)."""
from __future__ import annotations

import re
from functools import lru_cache

from danvan_site.vn.text import tone_key
from danvan_site.vocab import glossary, organisations, trie_pattern
from danvan_site.extract.context import Context


@lru_cache(maxsize=1)
def _glossary_re() -> re.Pattern[str]:
    keys = sorted(glossary(), key=len, reverse=True)
    return re.compile(r"(?<![\w/-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w/-])")


def find_abbreviations(text: str) -> list[str]:
    """Glossary abbreviations used in a text, in order of first use."""
    seen: list[str] = []
    for m in _glossary_re().finditer(text):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def extract_organisations(ctx: Context) -> list[str]:
    """Organisations named in the title or body, in order of first mention: one pass of one
    trie-shaped pattern over every cue of every organisation (a cue belongs to one organisation)."""
    key = tone_key("\n".join([ctx.title, *ctx.body]))
    pattern, owner = _cues()
    first: dict[int, int] = {}
    for m in pattern.finditer(key):
        first.setdefault(owner[m.group(1)], m.start())
    orgs = organisations()
    return [orgs[i].name for i, _ in sorted(first.items(), key=lambda item: (item[1], item[0]))]


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], dict[str, int]]:
    owner: dict[str, int] = {}
    for i, org in enumerate(organisations()):
        for cue in org.cues:
            owner.setdefault(tone_key(cue), i)
    # a lookahead at every position: a cue inside a longer one of another organisation is seen too
    return re.compile(r"(?=(?<!\w)(" + trie_pattern(list(owner)) + r")(?!\w))"), owner


def extract_abbreviations(ctx: Context) -> list[str]:
    return find_abbreviations("\n".join([ctx.title, *ctx.body]))


