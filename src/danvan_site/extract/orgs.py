"""Organisations of the political system a bulletin names, and the glossary abbreviations it
uses, each in order of first mention (``data/organisations.yaml``, ``data/abbreviations.yaml``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..vntext import tone_key
from ..vocab import glossary, organisations
from .context import Context


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
    """Organisations named in the title or body, in order of first mention."""
    key = tone_key("\n".join([ctx.title, *ctx.body]))
    found = []
    for org in organisations():
        m = org.pattern.search(key)
        if m:
            found.append((m.start(), org.name))
    return [name for _, name in sorted(found)]


def extract_abbreviations(ctx: Context) -> list[str]:
    return find_abbreviations("\n".join([ctx.title, *ctx.body]))


