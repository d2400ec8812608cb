"""The archive's groupings kept between builds: what ``build_archive`` made, without the records.

An edit to a bulletin's text (a typo, a sentence added) changes no grouping: the archive is a
function of a few fields of each record (its id, whether it was merged, its day, place, meeting
type, people and their roles, organisations, period and abbreviations; ``projection``), in the
order the records are placed. Building it again costs ~1.4 s at 10,000 bulletins (people's sort
keys and slugs, places' trees); the skeleton saved by the last build is its nodes as plain
tuples, with the records they list as positions in the list of bulletins, and is made into the
same ``Archive`` in 0.17 s when the projection's digest is the one it was saved under.

The skeleton is a pure function of the archive (``skeleton``) and ``restore`` its inverse on the
same records: ``skeleton(restore(s, records)) == s``. The pipeline checks a restored archive
against a fresh one under ``DANVAN_CHECK_SETTLED`` (which the test suite sets).
"""
from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Sequence
from typing import Any

from danvan_site.archive.groups import Archive, GlossaryEntry, Node
from danvan_site.core.models import Article

__all__ = ["projection_digest", "skeleton", "restore"]

# The groupings in the order they are kept; each is its nodes in ``Node.walk`` order.
_ROOTS = ("all_articles", "localities", "dates", "meeting_types", "people", "organisations", "periods")
# Article -> node maps of the archive, each kept as one node position per bulletin (-1: none).
_MAPS = (("locality_of", "localities"), ("date_of", "dates"), ("meeting_type_of", "meeting_types"),
         ("period_of", "periods"))
FORMAT = 1  # bumped when the skeleton's shape changes: an old one is then never read as new


def _projection(article: Article) -> tuple[Any, ...]:
    """What ``build_archive`` reads of a record as extracted (beyond its position in the list,
    and whether it was merged into another: ``projection_digest`` hashes that apart)."""
    loc = article.locality
    mt = article.meeting_type
    period = article.period
    return (
        article.id, article.sort_date,
        loc.level, loc.name, loc.province, loc.district, loc.district_level, loc.district_name, loc.code,
        loc.successor,
        (mt.slug, mt.label) if mt else None,
        tuple((p.name, tuple(p.roles)) for p in article.people),
        tuple(article.organisations),
        (period.label, period.start, period.end) if period else None,
        tuple(article.abbreviations),
    )


def projection_digest(records: Sequence[Article], code: str, known: dict[str, bytes] | None = None) -> str:
    """A hash of what the archive is made from: ``code`` (what shapes it: the archive's code and
    data files), each record's projection and whether it was merged, in the order given (the
    placed order).

    ``known``: each record fingerprint's projection digest, from the last build, completed here
    with the records not in it (a record of the same fingerprint has the same projection; whether
    it is merged is hashed apart). Hashing 10,000 projections costs 0.3 s; looking them up, 10 ms."""
    h = hashlib.sha256(f"archive {FORMAT}\0{code}\0".encode())
    for article in records:
        fp = article.fingerprint
        digest = known.get(fp) if known is not None and fp else None
        if digest is None:
            digest = hashlib.sha256(pickle.dumps(_projection(article), protocol=pickle.HIGHEST_PROTOCOL)).digest()
            if known is not None and fp:
                known[fp] = digest
        h.update(digest)
        h.update(f"{article.duplicate_of or ''}\0".encode())
    return h.hexdigest()


def skeleton(archive: Archive) -> dict[str, Any]:
    """The archive as plain values: each grouping's nodes (their fields, parent's position and
    the positions of the bulletins they list in ``archive.articles``), the article -> node maps,
    the organisation rows, the glossary and the counts."""
    position = {id(a): i for i, a in enumerate(archive.articles)}
    groupings: dict[str, list[tuple[Any, ...]]] = {}
    node_position: dict[int, tuple[str, int]] = {}
    for name in _ROOTS:
        nodes: list[tuple[Any, ...]] = []
        at: dict[int, int] = {}
        for node in getattr(archive, name).walk():
            at[id(node)] = len(nodes)
            node_position[id(node)] = (name, len(nodes))
            parent = at[id(node.parent)] if node.parent is not None and id(node.parent) in at else -1
            listed = array("i", [position[id(a)] for a in node.articles]).tobytes()
            nodes.append((node.kind, node.key, node.label, node.url, node.description, tuple(node.roles),
                          node.code, node.successor, parent, listed))
        groupings[name] = nodes
    maps: dict[str, bytes] = {}
    for attr, root in _MAPS:
        of = getattr(archive, attr)
        column = array("i", [-1] * len(archive.articles))
        for i, article in enumerate(archive.articles):
            node = of.get(article.id)
            if node is not None:
                where = node_position[id(node)]
                if where[0] != root:  # a map pointing outside its grouping: not this module's archive
                    raise ValueError(f"{attr} of {article.id} is not a node of {root}")
                column[i] = where[1]
        maps[attr] = column.tobytes()
    rows = [(label, node_position[id(node)][1] if node is not None else -1)
            for label, node in archive.organisation_rows]
    return {
        "groupings": groupings,
        "maps": maps,
        "organisation_rows": rows,
        "glossary": [(e.abbr, e.expansion, e.count) for e in archive.glossary],
        "counts": archive.counts,
        "vocabulary": list(archive.vocabulary),
    }


def restore(saved: dict[str, Any], records: list[Article]) -> Archive:
    """The ``Archive`` a skeleton was taken of, on ``records`` (the placed records whose
    projection it was saved under: merged duplicates included, newest first)."""
    items = [a for a in records if a.duplicate_of is None]
    roots: dict[str, list[Node]] = {}
    for name in _ROOTS:
        made: list[Node] = []
        for kind, key, label, url, description, roles, code, successor, parent, listed in saved["groupings"][name]:
            positions = array("i")
            positions.frombytes(listed)
            node = Node(kind=kind, key=key, label=label, url=url, description=description, roles=list(roles),
                        code=code, successor=successor, articles=[items[i] for i in positions])
            if parent >= 0:
                made[parent].add_child(node)
            made.append(node)
        roots[name] = made
    maps: dict[str, dict[str, Node]] = {}
    for attr, root in _MAPS:
        column = array("i")
        column.frombytes(saved["maps"][attr])
        nodes = roots[root]
        maps[attr] = {items[i].id: nodes[j] for i, j in enumerate(column) if j >= 0}
    people, organisations = roots["people"][0], roots["organisations"][0]
    return Archive(
        records=records,
        articles=items,
        all_articles=roots["all_articles"][0],
        localities=roots["localities"][0],
        dates=roots["dates"][0],
        meeting_types=roots["meeting_types"][0],
        people=people,
        counts=saved["counts"],
        vocabulary=list(saved["vocabulary"]),
        locality_of=maps["locality_of"],
        date_of=maps["date_of"],
        meeting_type_of=maps["meeting_type_of"],
        people_by_key={node.key: node for node in people.children},
        organisations=organisations,
        periods=roots["periods"][0],
        glossary=[GlossaryEntry(*entry) for entry in saved["glossary"]],
        organisation_rows=[(label, roots["organisations"][j] if j >= 0 else None)
                           for label, j in saved["organisation_rows"]],
        organisations_by_key={node.key: node for node in organisations.children},
        period_of=maps["period_of"],
    )
