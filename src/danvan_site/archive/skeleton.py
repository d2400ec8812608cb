"""The archive's groupings kept between builds: what ``build_archive`` made, without the records.

An edit to a bulletin's text (a typo, a sentence added) changes no grouping, and a sidecar that
sets one bulletin's meeting type changes one grouping of seven: each part of the archive
(``groups.PARTS``) is a function of the bulletins' order and of one facet of each record (its
place, day, meeting type, people and their roles, organisations, period or abbreviations;
``FACETS``). Building the archive costs 1.1-1.4 s at 10,000 bulletins (the people 0.9 s, the
places 0.4 s); the skeleton saved by the last build is each part's nodes as plain tuples, with
the bulletins they list as positions in the list of bulletins, and a part is made again from it
(the whole archive in 0.17 s) when its digest (``part_digests``) is the one it was saved under.

``skeleton`` is a pure function of the archive and ``restore_parts`` its inverse on the same
records: ``skeleton(build_archive(records, given=restore_parts(s, records, PARTS))) == s``. The
pipeline checks an archive with restored parts against a fresh one under
``DANVAN_CHECK_SETTLED`` (which the test suite sets).
"""
from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from danvan_site.archive.groups import (
    PARTS,
    Archive,
    GlossaryEntry,
    Node,
    build_archive,
    patch_localities,
    patch_people,
)
from danvan_site.core.kept import by_fingerprint
from danvan_site.core.models import Article

__all__ = ["FACETS", "ITEMS", "PATCHABLE", "part_digests", "skeleton", "items_entry", "restore_parts", "patch_parts",
           "restore"]


def _place(article: Article) -> tuple[Any, ...]:
    loc = article.locality
    return (loc.level, loc.name, loc.province, loc.district, loc.district_level, loc.district_name, loc.code,
            loc.successor)


def _period(article: Article) -> tuple[Any, ...] | None:
    period = article.period
    return (period.label, period.start, period.end) if period else None


# What each part of the archive reads of a record besides the bulletins' order (ids, merged or
# not), in the order of ``groups.PARTS``; read off groups.py builder by builder.
FACETS: dict[str, Callable[[Article], Any]] = {
    "all_articles": lambda a: None,
    "localities": _place,
    "dates": lambda a: a.sort_date,
    "meeting_types": lambda a: (a.meeting_type.slug, a.meeting_type.label) if a.meeting_type else None,
    "people": lambda a: tuple((p.name, tuple(p.roles)) for p in a.people),
    "organisations": lambda a: tuple(a.organisations),
    "periods": _period,
    "glossary": lambda a: tuple(a.abbreviations),
}
if tuple(FACETS) != PARTS:  # a part without its facet would be restored whatever changed in it
    raise ImportError("archive/skeleton.py: FACETS must name every part of groups.PARTS, in order")
_SIZE = 16  # bytes of each facet's digest
FORMAT = 2  # bumped when the skeleton's shape changes: an old one is then never read as new


def _facets(article: Article) -> bytes:
    """The digests of a record's facets, one after the other."""
    return b"".join(hashlib.blake2b(pickle.dumps(read(article), protocol=pickle.HIGHEST_PROTOCOL),
                                    digest_size=_SIZE).digest() for read in FACETS.values())


def part_digests(records: Sequence[Article], code: str, known: dict[str, bytes] | None = None) -> dict[str, str]:
    """Each part's digest: ``code`` (what shapes the archive: its code and data files), the
    records' order (their ids, merged or not) and each record's facet for that part.

    ``known``: each record fingerprint's facet digests, from the last build, completed here with
    the records not in it (a record of the same fingerprint has the same facets; whether it is
    merged is hashed apart). Hashing 10,000 records' facets costs 0.27 s; looking them up, 35 ms."""
    order = hashlib.sha256(f"archive {FORMAT}\0{code}\0".encode())
    parts = [hashlib.sha256(name.encode()) for name in PARTS]
    for article in records:
        digests = by_fingerprint(known, article, _facets)
        order.update(f"{article.id}\0{article.duplicate_of or ''}\0".encode())
        for i, h in enumerate(parts):
            h.update(digests[i * _SIZE:(i + 1) * _SIZE])
    ordered = order.digest()
    return {name: hashlib.sha256(ordered + h.digest()).hexdigest() for name, h in zip(PARTS, parts)}


def _nodes(root: Node, position: dict[int, int], at: dict[int, int]) -> list[tuple[Any, ...]]:
    """A grouping's nodes in walk order as tuples (``at``: each node's place in the list)."""
    nodes: list[tuple[Any, ...]] = []
    for node in root.walk():
        at[id(node)] = len(nodes)
        parent = at[id(node.parent)] if node.parent is not None and id(node.parent) in at else -1
        listed = array("i", [position[id(a)] for a in node.articles]).tobytes()
        nodes.append((node.kind, node.key, node.label, node.url, node.description, tuple(node.roles),
                      node.code, node.successor, parent, listed))
    return nodes


# The parts whose builder also gives an article id -> node map, and the archive's name for it.
_MAPS = {"localities": "locality_of", "dates": "date_of", "meeting_types": "meeting_type_of", "periods": "period_of"}


def skeleton(archive: Archive, names: Iterable[str] = PARTS) -> dict[str, Any]:
    """The parts ``names`` of the archive as plain values: each grouping's nodes (their fields,
    parent's position and the positions of the bulletins they list in ``archive.articles``),
    its article -> node map or organisation rows, and the glossary."""
    position = {id(a): i for i, a in enumerate(archive.articles)}
    parts: dict[str, Any] = {}
    for name in names:
        if name == "glossary":
            parts[name] = [(e.abbr, e.expansion, e.count) for e in archive.glossary]
            continue
        at: dict[int, int] = {}
        nodes = _nodes(getattr(archive, name), position, at)
        if name in _MAPS:
            attr = _MAPS[name]
            of = getattr(archive, attr)
            column = array("i", [-1] * len(archive.articles))
            for i, article in enumerate(archive.articles):
                node = of.get(article.id)
                if node is not None:
                    if id(node) not in at:  # a map pointing outside its grouping: not this module's archive
                        raise ValueError(f"{attr} of {article.id} is not a node of {name}")
                    column[i] = at[id(node)]
            parts[name] = (nodes, column.tobytes())
        elif name == "organisations":
            parts[name] = (nodes, [(label, at[id(node)] if node is not None else -1)
                                   for label, node in archive.organisation_rows])
        else:
            parts[name] = nodes
    return parts


def _made(nodes: list[tuple[Any, ...]], items: list[Article], moved: Sequence[int] | None = None,
          touched: set[str] | None = None) -> list[Node]:
    """The nodes saved as ``nodes``; ``moved``: each saved position's position in ``items``, -1
    for a bulletin left out (``touched`` then gets the key of every node that listed one)."""
    made: list[Node] = []
    for kind, key, label, url, description, roles, code, successor, parent, listed in nodes:
        positions = array("i")
        positions.frombytes(listed)
        if moved is None:
            articles = [items[i] for i in positions]
        else:
            articles = [items[j] for i in positions if (j := moved[i]) >= 0]
            if touched is not None and len(articles) != len(positions):
                touched.add(key)
        node = Node(kind=kind, key=key, label=label, url=url, description=description, roles=list(roles),
                    code=code, successor=successor, articles=articles)
        if parent >= 0:
            made[parent].add_child(node)
        made.append(node)
    return made


def restore_parts(saved: dict[str, Any], records: list[Article], names: Iterable[str]) -> dict[str, Any]:
    """The parts ``names`` of the archive a skeleton was taken of, on ``records`` (the placed
    records whose parts' digests it was saved under: merged duplicates included, newest first),
    each in the shape its builder gives (``build_archive(given=...)``)."""
    items = [a for a in records if a.duplicate_of is None]
    given: dict[str, Any] = {}
    for name in names:
        value = saved[name]
        if name == "glossary":
            given[name] = [GlossaryEntry(*entry) for entry in value]
        elif name in _MAPS:
            nodes, column_bytes = value
            made = _made(nodes, items)
            column = array("i")
            column.frombytes(column_bytes)
            given[name] = (made[0], {items[i].id: made[j] for i, j in enumerate(column) if j >= 0})
        elif name == "organisations":
            nodes, rows = value
            made = _made(nodes, items)
            given[name] = (made[0], [(label, made[j] if j >= 0 else None) for label, j in rows],
                           {node.key: node for node in made[0].children})
        elif name == "people":
            root = _made(value, items)[0]
            given[name] = (root, {node.key: node for node in root.children})
        else:
            given[name] = _made(value, items)[0]
    return given


def restore(saved: dict[str, Any], records: list[Article]) -> Archive:
    """The whole ``Archive`` a skeleton was taken of, on ``records`` (see ``restore_parts``)."""
    return build_archive(records, placed=True, given=restore_parts(saved, records, PARTS))


# --- patching a part --------------------------------------------------------------------------

# An addition or a removal changes the bulletins' order, so no part's digest is the one it was
# saved under and every part was built again: 1.3 s at 10,000 bulletins, the people 0.9 s and
# the places 0.4 s of it. These two parts are patched instead (``groups.patch_people``,
# ``groups.patch_localities``): a person's node is made from the bulletins naming that person
# alone, a province's subtree from the bulletins filed under it, so only the people and
# provinces a changed bulletin names or is filed under (now or before) are made again. The
# other parts cost 0.02-0.06 s each to build.
PATCHABLE = ("localities", "people")
ITEMS = "items"  # saved beside the parts: the code, the listed bulletins' ids in order, their digests
# Beyond this share of the bulletins added, gone or changed in a part's facet (and at least
# ``PATCH_FLOOR``), the part is built again: the nodes made again would be many of them, and
# building costs no more. The floor keeps small archives (the tests') patched, as large ones are.
PATCH_SHARE = 0.1
PATCH_FLOOR = 16
_WIDTH = _SIZE * len(PATCHABLE)  # bytes per bulletin in ``ITEMS``: the facets of the parts patched
_AT = [PARTS.index(name) for name in PATCHABLE]


def _patch_digests(article: Article, known: dict[str, bytes] | None) -> bytes:
    """The digests of a record's facets for the parts of ``PATCHABLE``, one after the other."""
    facets = by_fingerprint(known, article, _facets)
    return b"".join(facets[at * _SIZE:(at + 1) * _SIZE] for at in _AT)


def items_entry(records: Sequence[Article], code: str, known: dict[str, bytes] | None = None) -> tuple[str, str, bytes]:
    """What ``patch_parts`` needs of the last build, saved with the skeleton: ``code`` (what
    shapes the archive, as for ``part_digests``), the ids of the bulletins listed (merged
    duplicates left out), in order, and each one's facet digests for the parts patched."""
    items = [a for a in records if a.duplicate_of is None]
    return code, "\0".join(a.id for a in items), b"".join(_patch_digests(a, known) for a in items)


def _patch_people(saved: Any, items: list[Article], moved: Sequence[int], changed: list[Article]) -> Any:
    touched: set[str] = set()
    root = _made(saved, items, moved, touched)[0]
    return patch_people(root, items, touched, changed)


def _patch_localities(saved: Any, items: list[Article], moved: Sequence[int], changed: list[Article]) -> Any:
    nodes, column_bytes = saved
    touched: set[str] = set()
    made = _made(nodes, items, moved, touched)
    column = array("i")
    column.frombytes(column_bytes)
    leaf_of = {items[i].id: made[column[at]] for at, i in enumerate(moved) if i >= 0 and column[at] >= 0}
    return patch_localities(made[0], leaf_of, items, touched, changed)


_PATCHERS = {"localities": _patch_localities, "people": _patch_people}


def patch_parts(saved: dict[str, Any], records: list[Article], names: Iterable[str], code: str,
                known: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The parts ``names`` of ``PATCHABLE`` for ``records`` (placed, as ``restore_parts``),
    made from a skeleton saved for other records (``saved``, with its ``ITEMS`` entry); none
    when the skeleton was made under other ``code`` (the archive's code or data files changed:
    any node may differ), when the bulletins kept are not in the order they were (a date
    changed: they moved) or when the skeleton lacks what is needed; a part is left out when
    too many bulletins changed in what it reads (``PATCH_SHARE``) or its patcher declines."""
    names = [name for name in PATCHABLE if name in names and name in saved]
    entry = saved.get(ITEMS)
    if not names or not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == code
                         and isinstance(entry[1], str) and isinstance(entry[2], bytes)):
        return {}
    _, ids, digests = entry
    old_ids = ids.split("\0") if ids else []
    if len(digests) != len(old_ids) * _WIDTH:
        return {}
    items = [a for a in records if a.duplicate_of is None]
    index = {a.id: i for i, a in enumerate(items)}
    common: list[tuple[int, int]] = []  # (position then, position now) of each bulletin kept
    last = -1
    for at, article_id in enumerate(old_ids):
        i = index.get(article_id)
        if i is None:
            continue  # gone, or merged into another bulletin
        if i <= last:
            return {}  # the bulletins kept are in another order
        last = i
        common.append((at, i))
    now = [_patch_digests(a, known) for a in items]
    given: dict[str, Any] = {}
    for name in names:
        lo = PATCHABLE.index(name) * _SIZE
        moved = array("i", [-1]) * len(old_ids)
        kept = bytearray(len(items))  # 1: listed then, with the same facet
        for at, i in common:
            if digests[at * _WIDTH + lo:at * _WIDTH + lo + _SIZE] == now[i][lo:lo + _SIZE]:
                moved[at] = i
                kept[i] = 1
        changed = [items[i] for i in range(len(items)) if not kept[i]]
        left_out = len(old_ids) - sum(kept)
        if len(changed) + left_out > max(PATCH_SHARE * len(items), PATCH_FLOOR):
            continue
        part = _PATCHERS[name](saved[name], items, moved, changed)
        if part is not None:
            given[name] = part
    return given
