"""The archive stage: from extracted ``Article`` records to an ordered, grouped site structure.

``build_archive`` gives every article its page URL and raw-copy URL, orders the articles newest
first, and builds the groupings the site is browsed by:

* places: province -> district -> commune/ward, as far as each article's locality is known;
  spelling variants of a name (old/new tone placement, case) are one place;
* time: year -> month, newest first;
* meeting type, in the order of the vocabulary (``data/meeting_types.yaml``);
* people named in the bulletins;
* organisations mentioned, in the order of ``data/organisations.yaml``;
* reporting periods: year the period starts -> period, newest first.

The glossary (``data/abbreviations.yaml``) comes along in Vietnamese alphabetical order, with
how many bulletins use each abbreviation.

Every grouping is a tree of ``Node``s; a node lists the articles of its whole subtree, newest
first. Nothing here reads text or touches the disk except the vocabulary file.
"""
from __future__ import annotations

from bisect import insort
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from danvan_site.archive import urls
from danvan_site.core.config import Settings
from danvan_site.core.errors import BuildError
from danvan_site.core.kept import by_fingerprint
from danvan_site.vocab import glossary as load_glossary
from danvan_site.vocab import organisations as load_organisations
from danvan_site.core.models import Article, Locality, MeetingType
from danvan_site.vn.dates import format_date, month_label
from danvan_site.vn.sort import normalize_tone_placement, sort_key, tone_key

__all__ = [
    "DISTRICT_LEVELS",
    "COMMUNE_LEVELS",
    "Node",
    "Counts",
    "GlossaryEntry",
    "Archive",
    "build_archive",
    "place_records",
    "load_meeting_types",
    "newest_first_key",
    "capfirst",
]

# Level words, longest first so that "thành phố X" is not read as a unit named "phố X".
DISTRICT_LEVELS: tuple[str, ...] = ("thành phố", "thị xã", "huyện", "quận")
COMMUNE_LEVELS: tuple[str, ...] = ("thị trấn", "phường", "xã")
PROVINCE_LEVELS: tuple[str, ...] = ("tỉnh", "thành phố")


def capfirst(text: str) -> str:
    """Upper-case the first letter only: "phường Gia Thụy" -> "Phường Gia Thụy"."""
    return text[:1].upper() + text[1:] if text else text


@dataclass(eq=False)
class Node:
    """One page of a grouping (a place, a year, a month, a meeting type, a person, a root).

    ``articles`` holds the articles of the whole subtree, newest first; ``children`` are the
    sub-groupings in display order. ``url`` is the node's page (page 1 of its list).
    """

    kind: str  # root | province | district | unit | unknown | year | month | meeting_type | person
    #            | organisation | period_year | period
    key: str  # identity within the parent (folded name, year, slug, ...)
    label: str  # shown to readers: "Phường Gia Thụy", "Tháng 7/2021", "sơ kết"
    url: str = ""
    parent: Node | None = field(default=None, repr=False)
    children: list[Node] = field(default_factory=list, repr=False)
    articles: list[Article] = field(default_factory=list, repr=False)
    description: str = ""  # a longer label with context: "Phường Gia Thụy, Quận Long Biên, Hà Nội"
    roles: list[str] = field(default_factory=list)  # people only: every role seen, first seen first
    code: str | None = None  # places only: the unit's official (GSO) code, when resolved
    successor: str | None = None  # places only: the unit that replaced it after the 2025 reform

    @property
    def count(self) -> int:
        return len(self.articles)

    def trail(self) -> list[Node]:
        """The node's ancestors from the root down to the node itself."""
        chain: list[Node] = []
        node: Node | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def walk(self) -> Iterator[Node]:
        """The node and all its descendants, parents before children, in display order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def add_child(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


@dataclass(frozen=True)
class Counts:
    """Figures for the home page."""

    articles: int
    provinces: int  # provinces named by at least one bulletin
    places: int  # districts, communes and wards named (below province level)
    years: int
    months: int
    meeting_types: int  # meeting types with at least one bulletin
    people: int
    undated: int  # bulletins with neither a publication nor an event date
    unlocated: int  # bulletins whose place is not known at all
    organisations: int = 0  # organisations mentioned by at least one bulletin
    periods: int = 0  # distinct reporting periods
    abbreviations: int = 0  # glossary entries


@dataclass(frozen=True)
class GlossaryEntry:
    """One abbreviation of the glossary and how many bulletins use it."""

    abbr: str
    expansion: str
    count: int


@dataclass
class Archive:
    """Everything the renderer needs, in display order."""

    articles: list[Article]  # the bulletins with a page of their own (merged duplicates apart), newest first
    all_articles: Node  # "bai-viet/": every article
    localities: Node  # "dia-phuong/"
    dates: Node  # "thoi-gian/"
    meeting_types: Node  # "loai-hoi-nghi/"
    people: Node  # "nguoi/"
    counts: Counts
    vocabulary: list[MeetingType]
    locality_of: dict[str, Node] = field(default_factory=dict)  # article id -> its place node
    date_of: dict[str, Node] = field(default_factory=dict)  # article id -> its month node
    meeting_type_of: dict[str, Node] = field(default_factory=dict)  # article id -> type node
    people_by_key: dict[str, Node] = field(default_factory=dict)  # tone_key(name) -> person node
    organisations: Node = field(default_factory=lambda: Node(kind="root", key="", label="Tổ chức",
                                                             url=urls.ORGANISATIONS))  # "to-chuc/"
    periods: Node = field(default_factory=lambda: Node(kind="root", key="", label="Kỳ báo cáo",
                                                       url=urls.PERIODS))  # "ky-bao-cao/"
    glossary: list[GlossaryEntry] = field(default_factory=list)  # Vietnamese alphabetical order
    # Every organisation of the data file, in its order: (name, its node or None when unused)
    organisation_rows: list[tuple[str, Node | None]] = field(default_factory=list)
    organisations_by_key: dict[str, Node] = field(default_factory=dict)  # tone_key(name) -> node
    period_of: dict[str, Node] = field(default_factory=dict)  # article id -> its period node
    # Every record read, merged duplicates included, newest first: the JSON and CSV exports.
    records: list[Article] = field(default_factory=list)

    @property
    def merged(self) -> list[Article]:
        """Records merged into another record of the same bulletin (each has its own raw copy and a
        redirect from its own page URL to the merged page)."""
        return [a for a in self.records if a.duplicate_of is not None]

    def person_node(self, name: str) -> Node | None:
        return self.people_by_key.get(tone_key(name))

    def organisation_node(self, name: str) -> Node | None:
        return self.organisations_by_key.get(tone_key(name))

    def groupings(self) -> list[Node]:
        """The roots of every grouping, in menu order."""
        return [self.all_articles, self.localities, self.dates, self.meeting_types, self.people,
                self.organisations, self.periods]

    def list_nodes(self) -> Iterator[Node]:
        """Every node that gets its own page, roots included."""
        for root in self.groupings():
            yield from root.walk()


# --- ordering ---------------------------------------------------------------------------------


def newest_first_key(article: Article) -> tuple[Any, ...]:
    """Sort key: newest filing date first; on one day, later publication time first, articles
    with a time before those with only a date; undated articles last; ties by id."""
    day = article.sort_date
    if day is None:
        return (1, 0, 0, article.id)
    seconds = -1
    if isinstance(article.published, datetime):
        p = article.published
        seconds = p.hour * 3600 + p.minute * 60 + p.second
    return (0, -day.toordinal(), -seconds, article.id)


# --- vocabulary -------------------------------------------------------------------------------


def load_meeting_types() -> list[MeetingType]:
    """The meeting-type vocabulary (slug and label, in display order) from the package data."""
    try:
        text = resources.files("danvan_site").joinpath("data/meeting_types.yaml").read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise BuildError(f"the meeting-type vocabulary data/meeting_types.yaml is missing ({exc}).") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BuildError(f"data/meeting_types.yaml is not valid YAML ({exc}).") from exc
    if not isinstance(data, list):
        raise BuildError("data/meeting_types.yaml must be a list of {slug, label} entries.")
    vocabulary: list[MeetingType] = []
    seen: set[str] = set()
    for position, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str) or not isinstance(
            entry.get("label"), str
        ):
            raise BuildError(f"data/meeting_types.yaml: entry {position} needs a text 'slug' and 'label'.")
        if entry["slug"] in seen:
            raise BuildError(f"data/meeting_types.yaml: slug '{entry['slug']}' appears twice.")
        seen.add(entry["slug"])
        vocabulary.append(MeetingType(entry["slug"], entry["label"]))
    return vocabulary


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """A named unit: its level word (lower case, may be None) and its name."""

    level: str | None
    name: str

    @property
    def key(self) -> str:
        return f"{tone_key(self.level or '')}|{tone_key(self.name)}"

    @property
    def text(self) -> str:
        return f"{self.level} {self.name}" if self.level else self.name


@lru_cache(maxsize=1 << 16)
def _clean(text: str | None) -> str | None:
    """``text`` with its white space collapsed; None for nothing. Remembered: the archive asks it
    of the same names, places and roles some 200,000 times at 10,000 bulletins."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _level(text: str | None) -> str | None:
    text = _clean(text)
    return text.lower() if text else None


def _split_level(full: str, levels: Iterable[str]) -> _Part:
    """"quận Long Biên" -> (quận, Long Biên); a name with no known level word keeps level None."""
    lowered = full.lower()
    for level in levels:
        if lowered.startswith(level + " ") and full[len(level) + 1 :].strip():
            return _Part(level, full[len(level) + 1 :].strip())
    return _Part(None, full)


def _place_parts(loc: Locality) -> tuple[str | None, _Part | None, _Part | None]:
    """(province name, district, commune-level unit) for one locality, as far as known."""
    province = _clean(loc.province)
    if province:
        province = _split_level(province, PROVINCE_LEVELS).name
    district: _Part | None = None
    district_name = _clean(loc.district_name)
    if district_name:
        district = _Part(_level(loc.district_level), district_name)
    elif _clean(loc.district):
        district = _split_level(_clean(loc.district) or "", DISTRICT_LEVELS)
    level = _level(loc.level)
    name = _clean(loc.name)
    unit: _Part | None = None
    if name:
        is_province = level == "tỉnh" or (
            district is None
            and level in (None, "thành phố")
            and province is not None
            and tone_key(name) == tone_key(province)
        )
        if is_province:
            province = province or name
        elif level in DISTRICT_LEVELS and (district is None or tone_key(district.name) == tone_key(name)):
            district = _Part(level, name)
        else:
            unit = _Part(level, name)
    return province, district, unit


class _TreeBuilder:
    """Collects nodes by key under each parent and the spellings seen for each node."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._index: dict[tuple[int, str], Node] = {}
        self.spellings: dict[int, dict[str, int]] = {}  # id(node) -> spelling -> times seen

    def child(self, parent: Node, kind: str, key: str, spelling: str) -> Node:
        node = self._index.get((id(parent), key))
        if node is None:
            node = parent.add_child(Node(kind=kind, key=key, label=spelling))
            self._index[(id(parent), key)] = node
        # A plain count per node (a Counter made for each of 60,000 calls cost 0.2 s at 10,000).
        seen = self.spellings.get(id(node))
        if seen is None:
            seen = self.spellings[id(node)] = {}
        seen[spelling] = seen.get(spelling, 0) + 1
        return node

    def settle_labels(self) -> None:
        """Show the most used spelling of each node; on a tie, the spelling with the usual tone
        placement ("Thủy" rather than "Thuỷ"), then the first in code point order."""
        for node in self.root.walk():
            seen = self.spellings.get(id(node))
            if seen:
                node.label = capfirst(
                    min(seen, key=lambda s: (-seen[s], normalize_tone_placement(s) != s, s))
                )


def _assign_child_urls(parent: Node, slug_of: dict[int, str], fixed: dict[int, str]) -> None:
    """Give each child a URL under its parent; slugs shared by siblings (or reserved) get a hash
    of the node's key, so every place has its own page."""
    wanted = {id(c): slug_of.get(id(c), "") for c in parent.children if id(c) not in fixed}
    used = Counter(wanted.values())
    for child in parent.children:
        if id(child) in fixed:
            child.url = fixed[id(child)]
        else:
            slug = wanted[id(child)]
            if not slug or used[slug] > 1 or slug in urls.RESERVED_SLUGS:
                slug = f"{slug or 'khong-ten'}-{urls.short_hash(child.key)}"
            child.url = urls.child_url(parent.url, slug)
        _assign_child_urls(child, slug_of, fixed)


_NO_PROVINCE = "\x00chua-ro-tinh"  # the keys of the two buckets of bulletins placed in no province
_NO_PLACE = "\x00chua-xac-dinh"


def _build_localities(articles: list[Article]) -> tuple[Node, dict[str, Node]]:
    root = Node(kind="root", key="", label="Địa phương", url=urls.LOCALITIES)
    builder = _TreeBuilder(root)
    slug_of: dict[int, str] = {}
    no_province = Node(kind="unknown", key=_NO_PROVINCE, label="Chưa rõ tỉnh, thành phố",
                       description="Các địa phương chưa rõ thuộc tỉnh, thành phố nào")
    no_place = Node(kind="unknown", key=_NO_PLACE, label="Chưa xác định",
                    description="Các bản tin chưa xác định được địa phương")
    fixed = {id(no_province): urls.PROVINCE_UNKNOWN, id(no_place): urls.LOCALITY_UNKNOWN}

    def bucket(node: Node) -> Node:
        if node.parent is None:
            root.add_child(node)
        return node

    leaf_of: dict[str, Node] = {}
    for article in articles:
        province, district, unit = _place_parts(article.locality)
        if province is None and district is None and unit is None:
            leaf = bucket(no_place)
        else:
            if province is not None:
                leaf = builder.child(root, "province", "p|" + tone_key(province), province)
                slug_of[id(leaf)] = urls.slugify(province)
            else:
                leaf = bucket(no_province)
            if district is not None:
                leaf = builder.child(leaf, "district", "d|" + district.key, district.text)
                slug_of[id(leaf)] = urls.locality_slug(district.level, district.name)
            if unit is not None:
                leaf = builder.child(leaf, "unit", "u|" + unit.key, unit.text)
                slug_of[id(leaf)] = urls.locality_slug(unit.level, unit.name)
        for node in leaf.trail():
            node.articles.append(article)
        leaf_of[article.id] = leaf

    builder.settle_labels()
    _sort_places(root)
    _assign_child_urls(root, slug_of, fixed)
    _settle_codes(root, leaf_of)
    for node in root.walk():
        if node.kind in ("district", "unit"):
            named = [n.label for n in node.trail() if n.kind in ("province", "district", "unit")]
            node.description = ", ".join(reversed(named))
    return root, leaf_of


def _members(root: Node, keys: set[str], changed: list[Article], items: list[Article]) -> list[Article]:
    """What a patch builds again from: the bulletins listed by ``root``'s children of ``keys``
    and the bulletins ``changed``, once each, in the order of ``items``."""
    position = {id(article): i for i, article in enumerate(items)}
    members: dict[int, Article] = {id(article): article for article in changed}
    for node in root.children:
        if node.key in keys:
            members.update((id(article), article) for article in node.articles)
    return sorted(members.values(), key=lambda article: position[id(article)])


def _top_place(article: Article) -> str:
    """The key of the province node (or bucket) a bulletin is filed under in ``_build_localities``."""
    province, district, unit = _place_parts(article.locality)
    if province is not None:
        return "p|" + tone_key(province)
    return _NO_PLACE if district is None and unit is None else _NO_PROVINCE


def patch_localities(root: Node, leaf_of: dict[str, Node], items: list[Article], touched: set[str],
                     changed: list[Article]) -> tuple[Node, dict[str, Node]] | None:
    """``_build_localities(items)`` made from the last build's places instead of from every
    bulletin, as ``patch_people`` does for people: ``root`` and ``leaf_of`` are the last build's
    on ``items`` without the bulletins ``changed`` or gone, ``touched`` the keys of the nodes
    that lost one. A province's subtree (its districts and wards, their names, codes, addresses
    and descriptions) is made from the bulletins filed under it alone, so the provinces (or
    buckets) a changed bulletin is or was filed under are made again from their bulletins. A
    province's address is its name's slug unless two provinces share one (then hashed): None,
    to build the part instead, when any address would not be its plain slug."""
    tops = {node.key for node in root.children if node.key in touched}
    tops.update(_top_place(article) for article in changed)
    made, made_leaf_of = _build_localities(_members(root, tops, changed, items))
    children = [node for node in root.children if node.key not in tops]
    for node in made.children:
        node.parent = root
        children.append(node)
    children.sort(key=_root_place_order)
    provinces = [node for node in children if node.kind == "province"]
    slugs = [urls.slugify(node.label) for node in provinces]
    if len(set(slugs)) != len(slugs) or any(node.url != urls.child_url(root.url, slug)
                                            for node, slug in zip(provinces, slugs)):
        return None
    root.children = children
    root.articles = list(items)
    leaf_of.update(made_leaf_of)
    return root, leaf_of


def _most_common(values: Iterable[str | None]) -> str | None:
    seen = Counter(v for v in values if v)
    return min(seen, key=lambda v: (-seen[v], v)) if seen else None


def _settle_codes(root: Node, leaf_of: dict[str, Node]) -> None:
    """A place's code and post-2025 successor come from the bulletins filed at that very place
    (a ward's code is not its district's): the most common value, ties by text."""
    filed: dict[int, list[Article]] = {}
    for article in root.articles:
        filed.setdefault(id(leaf_of[article.id]), []).append(article)
    for node in root.walk():
        here = filed.get(id(node))
        if here and node.kind in ("province", "district", "unit"):
            node.code = _most_common(_clean(a.locality.code) for a in here)
            node.successor = _most_common(_clean(a.locality.successor) for a in here)


def _place_sort(node: Node) -> tuple[Any, ...]:
    level, _, name = node.key.partition("|")[2].partition("|")
    group = {"province": 0, "district": 1, "unit": 2}.get(node.kind, 3)
    return (group, sort_key(name), sort_key(level), node.key)


def _root_place_order(node: Node) -> tuple[Any, ...]:
    """Provinces by name, then "province unknown", then "place unknown"."""
    return node.kind != "province", sort_key(node.label) if node.kind == "province" else (), node.key


def _sort_places(node: Node) -> None:
    if node.kind == "root":
        node.children.sort(key=_root_place_order)
    else:
        node.children.sort(key=_place_sort)
    for child in node.children:
        _sort_places(child)


# --- time -------------------------------------------------------------------------------------


def _build_dates(articles: list[Article]) -> tuple[Node, dict[str, Node]]:
    root = Node(kind="root", key="", label="Thời gian", url=urls.DATES)
    years: dict[int, Node] = {}
    months: dict[tuple[int, int], Node] = {}
    undated: Node | None = None
    leaf_of: dict[str, Node] = {}
    for article in articles:  # newest first, so years and months are created newest first
        day = article.sort_date
        root.articles.append(article)
        if day is None:
            if undated is None:
                undated = Node(kind="unknown", key="chua-ro-ngay", label="Chưa rõ ngày", url=urls.DATE_UNKNOWN)
                undated.description = "Các bản tin không ghi ngày đăng hay ngày diễn ra"
            undated.articles.append(article)
            leaf_of[article.id] = undated
            continue
        year = years.get(day.year)
        if year is None:
            year = root.add_child(Node(kind="year", key=str(day.year), label=f"Năm {day.year}",
                                       url=urls.year_url(day.year)))
            years[day.year] = year
        month = months.get((day.year, day.month))
        if month is None:
            month = year.add_child(Node(kind="month", key=f"{day.month:02d}",
                                        label=month_label(day.year, day.month),
                                        url=urls.month_url(day.year, day.month)))
            months[(day.year, day.month)] = month
        year.articles.append(article)
        month.articles.append(article)
        leaf_of[article.id] = month
    if undated is not None:
        root.add_child(undated)
    return root, leaf_of


# --- meeting types ----------------------------------------------------------------------------


def _build_meeting_types(articles: list[Article], vocabulary: list[MeetingType]) -> tuple[Node, dict[str, Node]]:
    root = Node(kind="root", key="", label="Loại hội nghị", url=urls.MEETING_TYPES)
    order = {mt.slug: i for i, mt in enumerate(vocabulary)}
    labels = {mt.slug: mt.label for mt in vocabulary}
    nodes: dict[str, Node] = {}
    leaf_of: dict[str, Node] = {}
    for article in articles:
        raw = article.meeting_type.slug if article.meeting_type else "khac"
        slug = raw if raw in labels else (urls.slugify(raw) or "khac")
        node = nodes.get(slug)
        if node is None:
            label = labels.get(slug) or article.meeting_type.label or slug
            node = Node(kind="meeting_type", key=slug, label=label, url=urls.meeting_type_url(slug))
            nodes[slug] = node
        node.articles.append(article)
        root.articles.append(article)
        leaf_of[article.id] = node
    ordered = sorted(nodes.values(), key=lambda n: (order.get(n.key, len(order)), sort_key(n.label), n.key))
    for node in ordered:
        root.add_child(node)
    return root, leaf_of


# --- people -----------------------------------------------------------------------------------


def _person_sort(node: Node) -> tuple[Any, ...]:
    """People in Vietnamese alphabetical order of their names (then by key: no two alike)."""
    return sort_key(node.label), node.key


def _build_people(articles: list[Article]) -> tuple[Node, dict[str, Node]]:
    root = Node(kind="root", key="", label="Người được nhắc đến", url=urls.PEOPLE)
    builder = _TreeBuilder(root)
    role_keys: dict[int, set[str]] = {}
    for article in articles:
        seen_here: set[str] = set()
        for person in article.people:
            name = _clean(person.name)
            if not name:
                continue
            key = tone_key(name)
            node = builder.child(root, "person", key, name)
            if key not in seen_here:
                node.articles.append(article)
                seen_here.add(key)
                if not root.articles or root.articles[-1] is not article:
                    root.articles.append(article)
            known = role_keys.setdefault(id(node), set())
            for role in person.roles:
                role = _clean(role)
                if role and tone_key(role) not in known:
                    known.add(tone_key(role))
                    node.roles.append(role)
    builder.settle_labels()
    root.children.sort(key=_person_sort)
    by_key: dict[str, Node] = {}
    for node in root.children:
        node.url = urls.child_url(root.url, urls.person_slug(node.label, node.key))
        by_key[node.key] = node
    return root, by_key


def person_keys(article: Article) -> set[str]:
    """The keys of the people a bulletin names (the people's part files it under these)."""
    return {tone_key(name) for person in article.people if (name := _clean(person.name))}


def patch_people(root: Node, items: list[Article], touched: set[str], changed: list[Article]) -> tuple[Node, dict[str, Node]]:
    """``_build_people(items)`` made from the last build's people instead of from every bulletin.

    ``root``: the last build's people part on ``items`` (the bulletins now listed, in the same
    relative order as then) without the bulletins ``changed`` or gone (its own list included);
    ``touched``: the keys of the people who lost one of them; ``changed``: the bulletins of
    ``items`` added or with other people since. A person's node (its list, label, roles, address)
    is made from the bulletins naming that person alone, in order, so the nodes of the people
    touched or named by ``changed`` are made again by ``_build_people`` from those bulletins (every
    other one keeps its node) and put back in their alphabetical place. After an addition at
    10,000 bulletins: a few people instead of 24,000 (0.9 s)."""
    keys = set(touched)
    listed = {id(article) for article in root.articles}  # the root lists every bulletin naming someone
    for article in changed:
        named = person_keys(article)
        if named:
            keys |= named
            listed.add(id(article))
    _, made = _build_people(_members(root, keys, changed, items))
    children = [node for node in root.children if node.key not in keys]
    for key in sorted(keys):
        node = made.get(key)
        if node is not None:  # else nobody names that person any more
            node.parent = root
            insort(children, node, key=_person_sort)
    root.children = children
    root.articles = [article for article in items if id(article) in listed]
    return root, {node.key: node for node in children}


# --- organisations ----------------------------------------------------------------------------


def _build_organisations(
    articles: list[Article],
) -> tuple[Node, list[tuple[str, Node | None]], dict[str, Node]]:
    """One node per organisation mentioned, in the data file's order; names a bulletin gives that
    the data file does not know (from a sidecar) follow, in Vietnamese alphabetical order."""
    root = Node(kind="root", key="", label="Tổ chức", url=urls.ORGANISATIONS)
    known: dict[str, tuple[int, str, str]] = {}  # tone_key(name) -> (position, name, slug)
    for position, org in enumerate(load_organisations()):
        known.setdefault(tone_key(org.name), (position, org.name, org.slug))
    nodes: dict[str, Node] = {}
    for article in articles:  # newest first
        seen_here: set[str] = set()
        for name in article.organisations:
            name = _clean(name) or ""
            key = tone_key(name)
            if not key or key in seen_here:
                continue
            seen_here.add(key)
            node = nodes.get(key)
            if node is None:
                if key in known:
                    _, label, slug = known[key]
                    url = urls.organisation_url(slug)
                else:  # a hash keeps it apart from the data file's slugs
                    label = name
                    words = urls.truncate_slug(urls.slugify(name)) or "to-chuc"
                    url = urls.organisation_url(f"{words}-{urls.short_hash(key)}")
                node = Node(kind="organisation", key=key, label=label, url=url)
                nodes[key] = node
            node.articles.append(article)
            if not root.articles or root.articles[-1] is not article:
                root.articles.append(article)
    def order(node: Node) -> tuple[Any, ...]:
        if node.key in known:
            return (0, known[node.key][0])
        return (1, sort_key(node.label), node.key)

    ordered = sorted(nodes.values(), key=order)
    for node in ordered:
        root.add_child(node)
    rows: list[tuple[str, Node | None]] = []
    for key, (_, name, _) in sorted(known.items(), key=lambda kv: kv[1][0]):
        rows.append((name, nodes.get(key)))
    rows += [(n.label, n) for n in ordered if n.key not in known]
    return root, rows, nodes


# --- reporting periods ------------------------------------------------------------------------


def _build_periods(articles: list[Article]) -> tuple[Node, dict[str, Node]]:
    """Year the period starts -> period (one node per date range, whatever its spelling), both
    newest first: later end first, and on the same end the longer period first ("năm 2020",
    "6 tháng cuối năm 2020", "quý IV/2020", ...). Bulletins without a period are not listed."""
    root = Node(kind="root", key="", label="Kỳ báo cáo", url=urls.PERIODS)
    builder = _TreeBuilder(root)
    years: dict[int, Node] = {}
    ranges: dict[int, tuple[Any, Any]] = {}
    leaf_of: dict[str, Node] = {}
    for article in articles:  # newest first
        period = article.period
        label = _clean(period.label) if period else None
        if period is None or not label:
            continue
        year = years.get(period.start.year)
        if year is None:
            year = Node(kind="period_year", key=str(period.start.year), label=f"Các kỳ năm {period.start.year}",
                        url=urls.period_year_url(period.start.year),
                        description=f"Các kỳ báo cáo bắt đầu trong năm {period.start.year}")
            years[period.start.year] = year
        node = builder.child(year, "period", f"{period.start.isoformat()}|{period.end.isoformat()}", label)
        ranges[id(node)] = (period.start, period.end)
        root.articles.append(article)
        year.articles.append(article)
        node.articles.append(article)
        leaf_of[article.id] = node
    for number in sorted(years, reverse=True):
        root.add_child(years[number])
    builder.settle_labels()
    slug_of: dict[int, str] = {}
    for year in root.children:
        year.children.sort(key=lambda n: (-ranges[id(n)][1].toordinal(), ranges[id(n)][0].toordinal()))
        for node in year.children:
            start, end = ranges[id(node)]
            slug_of[id(node)] = urls.truncate_slug(urls.slugify(node.label))
            node.description = f"Từ {format_date(start)} đến {format_date(end)}"
    for year in root.children:
        _assign_child_urls(year, slug_of, {})
    return root, leaf_of


# --- glossary ---------------------------------------------------------------------------------


def _build_glossary(articles: list[Article]) -> list[GlossaryEntry]:
    used = Counter(abbr for article in articles for abbr in set(article.abbreviations))
    entries = [GlossaryEntry(abbr, expansion, used.get(abbr, 0)) for abbr, expansion in load_glossary().items()]
    entries.sort(key=lambda e: (sort_key(e.abbr), sort_key(e.expansion), e.abbr))
    return entries


# --- the archive ------------------------------------------------------------------------------


def _names(article: Article) -> tuple[str, str]:
    """A record's page slug (before any lengthening for a shared hash) and raw copy's path."""
    return urls.article_slug(article.title, article.id), urls.raw_url(article.id, article.source_file)


def _assign_urls(articles: list[Article], known: dict[str, tuple[str, str]] | None = None) -> None:
    by_id: dict[str, Article] = {}
    for article in articles:
        other = by_id.get(article.id)
        if other is not None:
            raise BuildError(
                f"two bulletins have the same id '{article.id}' ({other.source_file} and "
                f"{article.source_file}): rename one of the files so each name is unique."
            )
        by_id[article.id] = article
    taken: dict[str, str] = {}  # slug -> id
    raw_taken: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.id):
        slug, raw = by_fingerprint(known, article, _names)
        if slug in taken:  # two ids whose hashes share 6 digits: lengthen the later one's
            slug = urls.article_slug(article.title, article.id, hash_length=16)
        taken[slug] = article.id
        article.slug = slug
        article.url = article.own_url = urls.article_url(slug)
        if raw in raw_taken:
            raise BuildError(
                f"the raw copies of '{raw_taken[raw]}' and '{article.id}' would share the name "
                f"{raw}: rename one of the files."
            )
        raw_taken[raw] = article.id
        article.raw_url = raw


def place_records(articles: Iterable[Article], known: dict[str, tuple[str, str]] | None = None) -> list[Article]:
    """The records with their addresses (page, raw copy; a merged duplicate's page is its
    bulletin's), newest first: all the records' exports need (site/render.py
    ``RecordExports``), which the pipeline starts on them before the groupings are built.

    ``known``: each record fingerprint's page slug and raw copy's path, from the last build,
    completed here with the records not in it (both are functions of the record's id, title and
    file; a slug lengthened because another id shares its hash is never kept). Making them costs
    0.2 s at 10,000 bulletins, looking them up a few milliseconds."""
    records = list(articles)
    _assign_urls(records, known)
    records.sort(key=newest_first_key)
    by_id = {a.id: a for a in records}
    for article in records:
        if article.duplicate_of is not None:
            article.url = by_id[article.duplicate_of].own_url  # one page for the whole bulletin
    return records


# The parts of an archive, each built by its own function from the bulletins in order; what
# each gives: "all_articles" its root; "localities", "dates", "meeting_types", "periods" (root,
# article id -> node); "people" (root, tone key -> node); "organisations" (root, rows, tone key
# -> node); "glossary" its entries. ``archive/skeleton.py`` keeps them between builds.
PARTS = ("all_articles", "localities", "dates", "meeting_types", "people", "organisations", "periods", "glossary")


def build_archive(articles: Iterable[Article], settings: Settings | None = None, placed: bool = False,
                  given: dict[str, Any] | None = None) -> Archive:
    """Assign URLs, order newest first (``place_records``; already done when ``placed``: the
    list given is then the archive's ``records``) and build every grouping.

    ``given``: parts (``PARTS``) already made for these bulletins in this order (restored from
    the last build's skeleton), taken as they are instead of built.
    ``settings`` is accepted for symmetry with the other stages; the archive does not depend on
    any setting today (page sizes are applied when rendering).
    """
    del settings  # reserved: nothing in the archive depends on settings yet
    records = list(articles) if placed else place_records(articles)
    items = [a for a in records if a.duplicate_of is None]
    vocabulary = load_meeting_types()
    given = given or {}

    def part(name: str, build: Any) -> Any:
        return given[name] if name in given else build()

    everything = part("all_articles", lambda: Node(kind="root", key="", label="Tất cả bản tin",
                                                   url=urls.ALL_ARTICLES, articles=list(items)))
    localities, locality_of = part("localities", lambda: _build_localities(items))
    dates, date_of = part("dates", lambda: _build_dates(items))
    meeting_types, meeting_type_of = part("meeting_types", lambda: _build_meeting_types(items, vocabulary))
    people, people_by_key = part("people", lambda: _build_people(items))
    organisations, organisation_rows, organisations_by_key = part("organisations", lambda: _build_organisations(items))
    periods, period_of = part("periods", lambda: _build_periods(items))
    glossary = part("glossary", lambda: _build_glossary(items))

    counts = Counts(
        articles=len(items),
        provinces=sum(1 for n in localities.children if n.kind == "province"),
        places=sum(1 for n in localities.walk() if n.kind in ("district", "unit")),
        years=sum(1 for n in dates.children if n.kind == "year"),
        months=sum(1 for n in dates.walk() if n.kind == "month"),
        meeting_types=len(meeting_types.children),
        people=len(people.children),
        undated=sum(1 for a in items if a.sort_date is None),
        unlocated=sum(1 for a in items if locality_of[a.id].url == urls.LOCALITY_UNKNOWN),
        organisations=len(organisations.children),
        periods=sum(len(year.children) for year in periods.children),
        abbreviations=len(glossary),
    )
    return Archive(
        records=records,
        articles=items,
        all_articles=everything,
        localities=localities,
        dates=dates,
        meeting_types=meeting_types,
        people=people,
        counts=counts,
        vocabulary=vocabulary,
        locality_of=locality_of,
        date_of=date_of,
        meeting_type_of=meeting_type_of,
        people_by_key=people_by_key,
        organisations=organisations,
        periods=periods,
        glossary=glossary,
        organisation_rows=organisation_rows,
        organisations_by_key=organisations_by_key,
        period_of=period_of,
    )
