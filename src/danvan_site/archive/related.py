"""Related bulletins for each article page: same place, same people, same period.

Like Hugo's related content: each bulletin is described by keys in a few weighted indices, a
candidate's score is the sum of the weights of the keys it shares with the bulletin, and the
best ``limit`` candidates are kept, with a stable tie-break. The keys and their weights:

=============  ===================================================================  ======
index          key                                                                  weight
=============  ===================================================================  ======
``nguoi``      a person named in the same province (``tone_key`` of the name: "Thuỷ"    3
               = "Thủy"), at most the first ``MAX_PEOPLE`` named
``noi``        the place, as precisely as known (province | district | commune)          3
``ky``         the reporting period the text names (its date range)                      2
``huyen``      the district (for a bulletin of the district or of one of its communes)   1
``quy``        the quarter of the event (event date, else publication date)              1
=============  ===================================================================  ======

A name is a key only within its province: people in these bulletins are local officials, and
the same full name in two provinces is, far more often than not, two people (the dev corpus has
a "Nguyễn Minh Tâm" in Quảng Trị's National Assembly delegation and another chairing a ward's
Front in Hồ Chí Minh City). A bulletin whose province is unknown keeps its names apart ("?").

A candidate needs a score of at least ``MIN_SCORE`` (3): one shared person, the same place, or
the same stated period in the same quarter. Ranking: higher score first; then the one closer in
time (days between the event dates, else publication dates; undated last); then newest first
(``newest_first_key``, which ends with the id), so the lists do not depend on the input order.

Bounded cost: no pair of bulletins is compared unless they share a key. Each index is an
inverted index, key -> the bulletins that have it, newest first. For one bulletin, each of its
keys (at most ``MAX_PEOPLE`` + 4) is looked up, strongest first, and only the ``window`` nearest
bulletins on each side of it in that list are taken (nearest in the list's time order), until
``max_candidates`` distinct candidates are collected; each candidate is scored from its own key
set. So one bulletin costs at most (``MAX_PEOPLE`` + 4) × 2 × ``window`` list entries looked at
and ``max_candidates`` candidates scored, whatever the size of the archive (a ward with 10,000
bulletins shares one ``noi`` key among them all), and the whole archive O(n log n) for the
sorted lists plus O(n) bounded lookups. The price: a candidate outside every window is not seen,
which favours bulletins close in time — what a reader of a bulletin usually wants.

``related(records)`` computes every list at once; ``build_index`` and ``related_for`` give one
bulletin's list from the indices (for an incremental build: ``RelatedIndex.add`` / ``remove``
update the indices when a record is added, changed or removed).
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from danvan_site.archive.groups import _place_parts, newest_first_key
from danvan_site.core.models import Article
from danvan_site.vn.sort import tone_key

__all__ = [
    "WEIGHTS",
    "MIN_SCORE",
    "WINDOW",
    "MAX_CANDIDATES",
    "MAX_PEOPLE",
    "RelatedIndex",
    "RelatedResult",
    "article_keys",
    "build_index",
    "related_for",
    "related",
    "related_lists",
    "index_digest",
    "noted",
]

WEIGHTS: dict[str, int] = {"nguoi": 3, "noi": 3, "ky": 2, "huyen": 1, "quy": 1}
MIN_SCORE = 3
WINDOW = 10  # bulletins taken on each side of the bulletin in each of its keys' lists
MAX_CANDIDATES = 50  # distinct candidates scored per bulletin
MAX_PEOPLE = 10  # person keys per bulletin (the first named)
_UNKNOWN = "?"


def _weight(key: str) -> int:
    return WEIGHTS[key.partition(":")[0]]


def _event_day(article: Article) -> Any:
    return article.event_date or article.published_date


def article_keys(article: Article) -> tuple[str, ...]:
    """The keys of ``article`` in every index, strongest first (ties by the key's text)."""
    keys: set[str] = set()
    province, district, unit = _place_parts(article.locality)
    p = tone_key(province) if province else _UNKNOWN
    if unit is not None:
        keys.add(f"noi:{p}|{district.key if district is not None else _UNKNOWN}|{unit.key}")
    elif district is not None:
        keys.add(f"noi:{p}|{district.key}")
    elif province is not None:
        keys.add(f"noi:{p}")
    if district is not None:
        keys.add(f"huyen:{p}|{district.key}")
    people: list[str] = []
    for person in article.people:
        name = " ".join((person.name or "").split())
        key = tone_key(name) if name else ""
        if key and key not in people:
            people.append(key)
    keys.update(f"nguoi:{p}|{k}" for k in people[:MAX_PEOPLE])
    if article.period is not None:
        keys.add(f"ky:{article.period.start.isoformat()}|{article.period.end.isoformat()}")
    day = _event_day(article)
    if day is not None:
        keys.add(f"quy:{day.year}-q{(day.month - 1) // 3 + 1}")
    return tuple(sorted(keys, key=lambda k: (-_weight(k), k)))


# What ``build_index`` worked out of one record: (its fingerprint, its keys, its order, its day).
Noted = tuple[str, tuple[str, ...], tuple[Any, ...], "int | None"]


@dataclass
class RelatedIndex:
    """The inverted indices: key -> the bulletins that have it, in ``newest_first_key`` order."""

    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> its keys
    order: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # id -> newest_first_key
    day: dict[str, int | None] = field(default_factory=dict)  # id -> ordinal of its event day
    postings: dict[str, list[tuple[tuple[Any, ...], str]]] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        """Index ``article`` (replacing an earlier version of the same id)."""
        if article.id in self.keys:
            self.remove(article.id)
        order, keys = self._note(article)
        for key in keys:
            insort(self.postings.setdefault(key, []), (order, article.id))

    def _note(self, article: Article, noted: Noted | None = None) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """Record ``article``'s keys, order and day; return its order and keys (for the lists).
        ``noted``: what an earlier index worked out of the record, taken as it is when its
        fingerprint is the record's (see ``build_index``)."""
        if noted is not None and article.fingerprint and noted[0] == article.fingerprint:
            _, keys, order, ordinal = noted
        else:
            order = newest_first_key(article)
            keys = article_keys(article)
            day = _event_day(article)
            ordinal = day.toordinal() if day is not None else None
        self.keys[article.id] = keys
        self.order[article.id] = order
        self.day[article.id] = ordinal
        return order, keys

    def remove(self, article_id: str) -> None:
        keys = self.keys.pop(article_id, ())
        order = self.order.pop(article_id, None)
        self.day.pop(article_id, None)
        for key in keys:
            entries = self.postings[key]
            entries.pop(bisect_left(entries, (order, article_id)))
            if not entries:
                del self.postings[key]


def build_index(records: Iterable[Article], known: Mapping[str, Noted] | None = None) -> RelatedIndex:
    """The indices of the bulletins among ``records`` that have a page of their own (merged
    duplicates, ``duplicate_of`` set, are left out).

    ``known`` (``noted`` of an earlier index, made by the same code): a record whose fingerprint
    is the one noted there has its keys, order and day taken from it, not worked out again. They
    are functions of the record alone (its place, people, period and dates), and working them out
    was half of an edit's related lists at 10,000 bulletins (0.5 s)."""
    index = RelatedIndex()
    rows: dict[str, list[tuple[tuple[Any, ...], str]]] = {}
    for article in records:
        if article.duplicate_of is not None:
            continue
        if article.id in index.keys:
            raise ValueError(f"two records have the id {article.id!r}")
        order, keys = index._note(article, known.get(article.id) if known is not None else None)
        for key in keys:
            rows.setdefault(key, []).append((order, article.id))
    for key in sorted(rows):
        index.postings[key] = sorted(rows[key])
    return index


def noted(index: RelatedIndex, records: Iterable[Article]) -> dict[str, Noted]:
    """What ``index`` worked out of each of ``records`` that it holds and that has a fingerprint,
    for ``build_index(..., known=)`` of a later build."""
    return {a.id: (a.fingerprint, index.keys[a.id], index.order[a.id], index.day[a.id])
            for a in records if a.fingerprint and a.id in index.keys}


@dataclass(frozen=True)
class RelatedResult:
    """One bulletin's related bulletins and what finding them cost."""

    ids: tuple[str, ...]  # best first
    scores: tuple[int, ...]  # of each, in the same order
    examined: int  # distinct candidates scored (at most ``max_candidates``)
    visited: int  # list entries looked at (at most keys × 2 × ``window``)


def related_for(index: RelatedIndex, article_id: str, limit: int = 5, window: int = WINDOW,
                max_candidates: int = MAX_CANDIDATES) -> RelatedResult:
    """The ``limit`` bulletins most related to ``article_id`` (which must be in ``index``)."""
    keys = index.keys[article_id]
    me = (index.order[article_id], article_id)
    seen = {article_id}
    candidates: list[str] = []
    visited = 0
    postings = index.postings
    for key in keys:
        if len(candidates) >= max_candidates:
            break
        entries = postings[key]
        at = bisect_left(entries, me)
        # The neighbours nearest first, the newer one first at the same distance.
        newer = entries[max(0, at - window):at][::-1]
        older = entries[at + 1:at + 1 + window]
        near = [e for pair in zip(newer, older) for e in pair]
        near += newer[len(older):] or older[len(newer):]
        for _, other in near:
            visited += 1
            if other not in seen:
                seen.add(other)
                candidates.append(other)
                if len(candidates) >= max_candidates:
                    break
    mine = frozenset(keys)
    day = index.day[article_id]
    weights = WEIGHTS
    scored = []
    for other in candidates:
        shared = mine.intersection(index.keys[other])
        score = sum(weights[k.partition(":")[0]] for k in shared)
        if score < MIN_SCORE:
            continue
        other_day = index.day[other]
        distance = abs(day - other_day) if day is not None and other_day is not None else None
        scored.append((-score, distance is None, distance or 0, index.order[other], other))
    scored.sort()
    best = scored[: max(0, limit)]
    return RelatedResult(ids=tuple(s[-1] for s in best), scores=tuple(-s[0] for s in best),
                         examined=len(candidates), visited=visited)


def index_digest(index: RelatedIndex, limit: int = 5) -> str:
    """A hash of everything the lists depend on: each bulletin's keys, order and day (and the
    parameters). An edit of a bulletin's text leaves it as it was: the lists of the last build
    stand (``related(..., previous=)``)."""
    h = hashlib.blake2b(repr((limit, WINDOW, MAX_CANDIDATES, MIN_SCORE, sorted(WEIGHTS.items()))).encode(),
                        digest_size=16)
    for article_id, keys in sorted(index.keys.items()):
        h.update(repr((article_id, keys, index.order[article_id], index.day[article_id])).encode())
    return h.hexdigest()


# What ``related`` computed: the digest of its index and the lists.
Related = tuple[str, dict[str, list[str]]]


def related(records: Iterable[Article], limit: int = 5) -> dict[str, list[str]]:
    """Every bulletin's related bulletins (ids, best first): ``related_lists`` without the digest."""
    return related_lists(records, limit)[1]


def related_lists(records: Iterable[Article], limit: int = 5, previous: Related | None = None,
                  index: RelatedIndex | None = None, notes: Mapping[str, Noted] | None = None,
                  check: bool = False) -> Related:
    """Every bulletin's related bulletins (ids, best first), for the bulletins of ``records``
    that have a page (merged duplicates are neither given a list nor listed), with the digest of
    what they were computed from. Keys are in ``newest_first_key`` order; a bulletin with
    nothing related has an empty list. ``previous`` (what an earlier call returned) is returned
    as it is when its digest is this one: at 10,000 bulletins the index costs 0.5 s, the lists
    1.4 s. ``index``: ``build_index(records)`` made already.

    ``notes``: what the index ``previous`` was computed from noted of each of its bulletins
    (``noted``), under the same code. Then only the lists that can differ are worked out again
    (``affected``): a bulletin added, removed or whose keys, order or day changed moves in the
    posting lists of its keys, old and new, and nowhere else; a bulletin none of whose keys is
    among those finds the same candidates, scored from the same keys and days, and keeps its
    list. An addition at 10,000 bulletins works out a few hundred lists, not 10,000.
    ``check``: work every list out anyway and fail on one kept that differs (the test suite)."""
    index = index if index is not None else build_index(records)
    digest = index_digest(index, limit)
    if previous is not None and previous[0] == digest:
        return previous
    ids = sorted(index.keys, key=lambda i: index.order[i])
    again = affected(index, previous[1], notes) if previous is not None and notes is not None else None
    if again is None:
        return digest, {i: list(related_for(index, i, limit).ids) for i in ids}
    kept = previous[1]
    lists = {i: list(related_for(index, i, limit).ids) if i in again or i not in kept else kept[i] for i in ids}
    if check:
        for i in ids:
            made = list(related_for(index, i, limit).ids)
            if lists[i] != made:
                raise AssertionError(f"related bulletins of {i}: kept {lists[i]}, but they are {made}")
    return digest, lists


def affected(index: RelatedIndex, before: Mapping[str, list[str]], notes: Mapping[str, Noted]) -> set[str] | None:
    """The bulletins of ``index`` whose related list may differ from the one in ``before`` (the
    lists of an earlier index, whose bulletins' keys, order and day ``notes`` gives): those that
    share a key with a bulletin added, removed or changed (its old keys and its new). None when
    a bulletin of ``before`` has no note (its old keys unknown: every list is worked out)."""
    moved: set[str] = set()
    for rid in before:
        note = notes.get(rid)
        if note is None:
            return None
        keys = index.keys.get(rid)
        if keys is None or (keys, index.order[rid], index.day[rid]) != note[1:]:
            moved.update(note[1])
            if keys is not None:
                moved.update(keys)
    for rid, keys in index.keys.items():
        if rid not in before:
            moved.update(keys)
    postings = index.postings
    return {rid for key in moved for _, rid in postings.get(key, ())}
