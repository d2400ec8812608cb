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

from danvan_site.archive.groups import PARTS, Archive, GlossaryEntry, Node, build_archive
from danvan_site.core.kept import by_fingerprint
from danvan_site.core.models import Article

__all__ = ["FACETS", "part_digests", "skeleton", "restore_parts", "restore"]


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


def _made(nodes: list[tuple[Any, ...]], items: list[Article]) -> list[Node]:
    made: list[Node] = []
    for kind, key, label, url, description, roles, code, successor, parent, listed in nodes:
        positions = array("i")
        positions.frombytes(listed)
        node = Node(kind=kind, key=key, label=label, url=url, description=description, roles=list(roles),
                    code=code, successor=successor, articles=[items[i] for i in positions])
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
