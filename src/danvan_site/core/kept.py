"""Values worked out of a record, kept by its fingerprint between builds.

A record of the same fingerprint is the same record (core/records.py), so what a later stage
works out of it alone (a page slug, the digest of what a grouping reads) is the same under the
same code: a build looks it up in the map the last build kept instead of making it again. The
map itself is loaded and saved by the pipeline (build/pipeline.py ``_ByFingerprint``), with the
code that made it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from danvan_site.core.models import Article

__all__ = ["by_fingerprint"]

T = TypeVar("T")


def by_fingerprint(known: dict[str, T] | None, article: Article, make: Callable[[Article], T]) -> T:
    """``make(article)``, looked up in ``known`` by the record's fingerprint and kept there when
    made; without a map or a fingerprint (a record not from the store), made each time."""
    fp = article.fingerprint
    if known is None or not fp:
        return make(article)
    value = known.get(fp)
    if value is None:
        value = known[fp] = make(article)
    return value
