"""Duplicate bulletins: the same text saved twice or republished by several portals.

Two bulletins are one article when

* their source bytes are identical (the file was saved twice), or
* their cleaned bodies are the same text once case, tone marks, punctuation and white space are
  set aside (exact duplicates under different portal chrome), or
* their cleaned bodies are near duplicates: the Jaccard similarity of their sets of word 5-grams
  ("shingles"), estimated with a bottom-k MinHash sketch, is at least ``THRESHOLD`` — a portal
  that trimmed a sentence, changed a caption or the byline still counts as the same bulletin;
  so does a copy that kept only the first part of the text (at least half of it), when nearly
  all of that part is in the longer text (``CONTAINMENT``).

Two bulletins that state different event dates are never merged, however alike their wording
(templated reports of two meetings). Bodies shorter than ``MIN_WORDS`` words are only merged when
exactly equal: a sketch of a few shingles says little.

Each group keeps one *primary* record (the most complete one; ties: earliest publication, then
source file) whose page lists every source. Pure functions; nothing here touches the disk.
"""
from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .models import Article
from .vnsort import fold

__all__ = ["THRESHOLD", "MIN_WORDS", "SKETCH_SIZE", "Sketch", "DuplicateGroup", "sketch", "similarity", "same_text",
           "find_duplicates", "completeness"]

THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets from which two bodies are one text
MIN_WORDS = 40  # shorter bodies are merged only when exactly equal
SHINGLE = 5  # words per shingle
SKETCH_SIZE = 128  # hashes kept per body (bottom-k MinHash)
CANDIDATE_PREFIX = 16  # two bodies are compared when they share one of their 16 smallest hashes
CONTAINMENT = 0.9  # ... or when this share of the shorter text's shingles is in the longer one
MIN_SHARE = 0.5  # ... and the shorter text is at least half as long
COMMON_POSTING = 500  # a hash shared by more bodies than this is boilerplate: not a candidate key

_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Sketch:
    """What the comparison needs of one body: an exact key and a MinHash sketch."""

    exact: str  # hash of the folded word sequence ("" for an empty body)
    words: int
    hashes: tuple[int, ...]  # the SKETCH_SIZE smallest distinct shingle hashes, ascending


@dataclass
class DuplicateGroup:
    primary: Article
    others: list[tuple[Article, float]]  # each merged record with its similarity to the primary

    @property
    def members(self) -> list[Article]:
        return [self.primary, *(a for a, _ in self.others)]


def sketch(body: Sequence[str]) -> Sketch:
    """The sketch of a cleaned body (its paragraphs)."""
    words = _WORD.findall(fold(" ".join(body)))
    if not words:
        return Sketch("", 0, ())
    joined = " ".join(words)
    exact = hashlib.sha256(joined.encode("ascii")).hexdigest()
    if len(words) < SHINGLE:
        shingles = {zlib.crc32(joined.encode("ascii"))}
    else:
        shingles = {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("ascii"))
                    for i in range(len(words) - SHINGLE + 1)}
    return Sketch(exact, len(words), tuple(heapq.nsmallest(SKETCH_SIZE, shingles)))


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of two bodies' shingle sets (1.0 for equal texts)."""
    if a.exact and a.exact == b.exact:
        return 1.0
    if not a.hashes or not b.hashes:
        return 0.0
    # Texts known to differ are never reported as 100% alike, whatever the sample says.
    return min(_estimate(a, b), 0.99)


def _estimate(a: Sketch, b: Sketch) -> float:
    union = heapq.nsmallest(SKETCH_SIZE, set(a.hashes) | set(b.hashes))
    sa, sb = set(a.hashes), set(b.hashes)
    # A hash beyond the end of a full sketch is unknown for that body: compare within the range
    # both sketches cover.
    limit = min(a.hashes[-1] if len(a.hashes) == SKETCH_SIZE else float("inf"),
                b.hashes[-1] if len(b.hashes) == SKETCH_SIZE else float("inf"))
    considered = [h for h in union if h <= limit]
    if not considered:
        return 0.0
    return sum(1 for h in considered if h in sa and h in sb) / len(considered)


def same_text(a: Sketch, b: Sketch) -> bool:
    """Whether two bodies are one text: alike as wholes (similarity >= THRESHOLD), or the shorter
    one is almost all contained in the longer one (a portal cut the end) while being at least
    half its length."""
    value = similarity(a, b)
    if value >= THRESHOLD:
        return True
    small, large = sorted((max(a.words - SHINGLE + 1, 1), max(b.words - SHINGLE + 1, 1)))
    if value <= 0 or small < MIN_WORDS or small / large < MIN_SHARE:
        return False
    # |A ∩ B| = J (|A| + |B|) / (1 + J): the share of the shorter text found in the longer one
    contained = value * (small + large) / (1 + value) / small
    return contained >= CONTAINMENT


def completeness(article: Article) -> int:
    """How many of the record's fields are known: the primary of a group is the most complete."""
    loc = article.locality
    return sum((
        article.published is not None,
        isinstance(article.published, datetime),
        article.event_date is not None,
        loc.level is not None,
        loc.name is not None,
        loc.province is not None,
        article.period is not None,
        article.author is not None,
        article.views is not None,
        bool(article.people),
        bool(article.body),
    ))


def _primary_key(article: Article) -> tuple[object, ...]:
    published = article.published_date
    return (-completeness(article), published.toordinal() if published else 10**9,
            article.source_file, article.id)


class _Groups:
    """Union-find over record indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _compatible(a: Article, b: Article) -> bool:
    """Records that state different event dates report different meetings."""
    return a.event_date is None or b.event_date is None or a.event_date == b.event_date


def find_duplicates(articles: Sequence[Article], sketches: Sequence[Sketch] | None = None) -> list[DuplicateGroup]:
    """Groups of two or more records that are one bulletin, in a fixed order (by primary's source
    file). ``sketches[i]`` is the sketch of ``articles[i]`` (computed here when not given)."""
    if sketches is None:
        sketches = [sketch(a.body) for a in articles]
    n = len(articles)
    groups = _Groups(n)
    pair_similarity: dict[tuple[int, int], float] = {}

    def join(i: int, j: int, value: float) -> None:
        if _compatible(articles[i], articles[j]):
            groups.union(i, j)
            pair_similarity[(min(i, j), max(i, j))] = value

    # 1. identical bytes, 2. identical folded bodies
    by_bytes: dict[str, int] = {}
    by_body: dict[str, int] = {}
    for i, article in enumerate(articles):
        first = by_bytes.setdefault(article.sha256, i)
        if first != i:
            join(first, i, 1.0)
        key = sketches[i].exact
        if key:
            first = by_body.setdefault(key, i)
            if first != i:
                join(first, i, 1.0)
    # 3. near duplicates: candidates share one of their smallest hashes; the sketch decides
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sketches):
        if s.words >= MIN_WORDS:  # shorter bodies: exact matches only
            for h in s.hashes[:CANDIDATE_PREFIX]:
                postings[h].append(i)
    seen: set[tuple[int, int]] = set()
    for h in sorted(postings):
        members = postings[h]
        if len(members) < 2 or len(members) > COMMON_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                if sketches[i].exact == sketches[j].exact:
                    continue  # already joined above
                if same_text(sketches[i], sketches[j]):
                    join(i, j, similarity(sketches[i], sketches[j]))
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members_of[groups.find(i)].append(i)
    result: list[DuplicateGroup] = []
    for indexes in members_of.values():
        if len(indexes) < 2:
            continue
        ordered = sorted(indexes, key=lambda i: _primary_key(articles[i]))
        p = ordered[0]
        others = []
        for i in ordered[1:]:
            value = pair_similarity.get((min(p, i), max(p, i)))
            if value is None:
                value = 1.0 if articles[i].sha256 == articles[p].sha256 else similarity(sketches[p], sketches[i])
            others.append((articles[i], round(value, 2)))
        result.append(DuplicateGroup(articles[p], others))
    result.sort(key=lambda g: (g.primary.source_file, g.primary.id))
    return result
