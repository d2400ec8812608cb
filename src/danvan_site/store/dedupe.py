"""Duplicate bulletins: the same text saved twice or republished by several portals.

Two bulletins are one article when

* their source bytes are identical (the file was saved twice), or
* their cleaned bodies are the same text once case, tone marks, punctuation and white space are
  set aside (exact duplicates under different portal chrome), or
* their cleaned bodies are near duplicates: the Jaccard similarity of their sets of word 5-grams
  ("shingles"), estimated with a MinHash signature of ``BINS`` values (candidates found by
  locality-sensitive hashing over bands of the signature), is at least ``THRESHOLD`` — a portal
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
import re
import struct
import zlib
from collections import defaultdict
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass
from datetime import datetime

from danvan_site.core.models import Article
from danvan_site.vn.sort import fold

__all__ = ["THRESHOLD", "MIN_WORDS", "BINS", "Sketch", "DuplicateGroup", "sketch", "similarity", "same_text",
           "find_duplicates", "completeness"]

THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets from which two bodies are one text
MIN_WORDS = 40  # shorter bodies are merged only when exactly equal
SHINGLE = 5  # words per shingle
BINS = 128  # (a power of two) MinHash values per body (one-permutation hashing: one minimum per bin)
# LSH: bodies whose 7 values of one band are all equal are compared (18 bands): a pair of
# similarity 0.8 is compared with a probability of 98.6%, 0.9: ~100%, 0.5: 13%, 0.3: 0.4%.
BAND = 7
_BIN_BITS = BINS.bit_length() - 1
CONTAINMENT = 0.9  # ... or when this share of the shorter text's shingles is in the longer one
MIN_SHARE = 0.5  # ... and the shorter text is at least half as long
COMMON_BUCKET = 200  # a band shared by more bodies than this is boilerplate, not a candidate key

_WORD = re.compile(r"[0-9a-z]+")  # a word of a folded body (what _words reads)
# Every byte but 0-9 and a-z -> a space: the folded body's words are then what bytes.split gives.
_NOT_WORD = bytes(c if c in b"0123456789abcdefghijklmnopqrstuvwxyz" else 0x20 for c in range(256))
_EMPTY = -1
# A signature as bytes: BINS unsigned 64-bit values, little-endian. As a tuple of ints a sketch
# took 4.7 KB in memory (128 int objects) and its pickle was rebuilt into them at every build
# (0.25 s at 10,000 bulletins); as bytes it is 1 KB, read back as one object, and a band of it is
# a slice of those bytes (the bucket key), equal exactly when the band's values are.
_PACKED = struct.Struct(f"<{BINS}Q")
_WIDTH = _PACKED.size // BINS


@dataclass(frozen=True)
class Sketch:
    """What the comparison needs of one body: an exact key and a MinHash signature."""

    exact: str  # hash of the folded word sequence ("" for an empty body)
    words: int
    hashes: bytes  # BINS minimum values (one-permutation MinHash) packed by _PACKED; b"" for an empty body


@dataclass
class DuplicateGroup:
    primary: Article
    others: list[tuple[Article, float]]  # each merged record with its similarity to the primary

    @property
    def members(self) -> list[Article]:
        return [self.primary, *(a for a, _ in self.others)]


def _words(folded: str) -> list[bytes]:
    """``_WORD.findall(folded)``, encoded: the runs of ASCII letters and digits of a folded text
    (``fold`` gives ASCII only), split at every other byte in C (0.06 -> 0.025 ms a bulletin)."""
    return folded.encode("ascii").translate(_NOT_WORD).split()


def sketch(body: Sequence[str]) -> Sketch:
    """The sketch of a cleaned body (its paragraphs): every word 5-gram is hashed once; the
    hash's low bits choose one of BINS bins, each bin keeps its smallest value (one-permutation
    hashing, Li, Owen & Zhang 2012); empty bins borrow the next filled bin's value
    (densification), so that short bodies compare too."""
    words = _words(fold(" ".join(body)))
    if not words:
        return Sketch("", 0, b"")
    data = b" ".join(words)
    exact = hashlib.sha256(data).hexdigest()
    # Shingle i spans from the start of word i to the end of word i+4 of the joined text.
    starts = list(accumulate([len(w) + 1 for w in words], initial=0))
    n = max(len(words) - SHINGLE + 1, 1)
    last = min(SHINGLE, len(words))
    crc32 = zlib.crc32
    mins = [_EMPTY] * BINS
    for i in range(n):
        h = crc32(data[starts[i]:starts[i + last] - 1])  # the same on every run (unlike hash())
        b = h & (BINS - 1)
        v = h >> _BIN_BITS
        if mins[b] == _EMPTY or v < mins[b]:
            mins[b] = v
    for b in range(BINS):
        if mins[b] == _EMPTY:
            k = 1
            while mins[(b + k) % BINS] == _EMPTY:
                k += 1
            mins[b] = mins[(b + k) % BINS] + k * (1 << (32 - _BIN_BITS))  # borrowed values differ from own ones
    return Sketch(exact, len(words), _PACKED.pack(*mins))


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of two bodies' shingle sets (1.0 for equal texts)."""
    if a.exact and a.exact == b.exact:
        return 1.0
    if not a.hashes or not b.hashes:
        return 0.0
    equal = sum(1 for x, y in zip(_PACKED.unpack(a.hashes), _PACKED.unpack(b.hashes)) if x == y)
    # Texts known to differ are never reported as 100% alike, whatever the sample says.
    return min(equal / BINS, 0.99)


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


@dataclass
class KnownPairs:
    """What an earlier build found: the records it compared (by fingerprint) and the near
    duplicates among them. Two records it already knew need not be compared again."""

    fingerprints: set[str]
    near: dict[tuple[str, str], float]  # (fingerprint, fingerprint), sorted -> similarity


def find_duplicates(articles: Sequence[Article], sketches: Sequence[Sketch] | None = None,
                    known: KnownPairs | None = None, found: KnownPairs | None = None) -> list[DuplicateGroup]:
    """Groups of two or more records that are one bulletin, in a fixed order (by primary's source
    file). ``sketches[i]`` is the sketch of ``articles[i]`` (computed here when not given).

    ``known`` (from an earlier build) spares comparing two records both already known: their
    verdict is the earlier one (records are known by the fingerprint of their content, so the
    verdict is the same). ``found`` is filled with this build's fingerprints and near pairs."""
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
    # 3. near duplicates: locality-sensitive hashing; bodies equal on one band are compared
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, s in enumerate(sketches):
        if s.words >= MIN_WORDS:  # shorter bodies: exact matches only
            for band in range(0, BINS - BAND + 1, BAND):  # whole bands only
                buckets[(band, s.hashes[band * _WIDTH:(band + BAND) * _WIDTH])].append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > COMMON_BUCKET:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                if sketches[i].exact == sketches[j].exact:
                    continue  # already joined above
                fi, fj = articles[i].fingerprint, articles[j].fingerprint
                pair = (fi, fj) if fi <= fj else (fj, fi)
                if known is not None and fi and fj and fi in known.fingerprints and fj in known.fingerprints:
                    value = known.near.get(pair)
                    if value is not None:
                        join(i, j, value)
                    if found is not None and value is not None:
                        found.near[pair] = value
                    continue
                if same_text(sketches[i], sketches[j]):
                    value = similarity(sketches[i], sketches[j])
                    join(i, j, value)
                    if found is not None:
                        found.near[pair] = value
    if found is not None:
        found.fingerprints.update(a.fingerprint for a in articles if a.fingerprint)
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
