"""Figures about the archive, for the statistics page and the people pages.

Everything here is computed from an ``Archive`` (never from text) and is deterministic: every
list has a fixed order with a final tie-break, and shares are rounded half up to one decimal.

* ``summarise``: the totals the statistics page opens with;
* ``monthly_counts``, ``meeting_type_counts``, ``province_counts``, ``top_localities``: the
  data of the four charts (``Bar`` lists);
* ``charts``: the four charts (``ChartData``), with their captions and one-sentence summaries;
* ``person_profile``: what the bulletins say about one person, over time;
* ``letter_of``, ``people_letters``: the initials of the people index (A Ă Â B C D Đ …).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from danvan_site.archive import urls
from danvan_site.archive.groups import Archive, Node, capfirst
from danvan_site.core.models import Article
from danvan_site.vn.dates import format_date, month_label
from danvan_site.vn.sort import normalize_tone_placement, sort_key, tone_key

__all__ = [
    "ALPHABET",
    "Bar",
    "ChartData",
    "Summary",
    "RoleStatement",
    "RoleSpan",
    "PersonProfile",
    "LetterLink",
    "format_count",
    "share",
    "summarise",
    "monthly_counts",
    "meeting_type_counts",
    "province_counts",
    "top_localities",
    "charts",
    "person_profile",
    "letter_of",
    "letter_anchor",
    "people_letters",
]

# The Vietnamese alphabet: the letter index of the people page shows every one of them.
ALPHABET: tuple[str, ...] = (
    "A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "G", "H", "I", "K", "L", "M", "N", "O", "Ô", "Ơ",
    "P", "Q", "R", "S", "T", "U", "Ư", "V", "X", "Y",
)
# Anchor names in ASCII, the way Telex types the letters: "Ă" -> "aw", "Đ" -> "dd".
_TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}
OTHER_LETTER = "#"  # names that do not start with a letter

UNKNOWN_PROVINCE = "Chưa rõ tỉnh, thành phố"
TOP_LOCALITIES = 10


def format_count(value: int) -> str:
    """Vietnamese digit grouping: 1234 -> "1.234" (as the templates' ``number`` filter)."""
    return f"{int(value):,}".replace(",", ".")


def share(value: int, total: int) -> str:
    """``value`` as a percentage of ``total``, one decimal rounded half up, Vietnamese comma:
    share(1, 3) -> "33,3%", share(2, 3) -> "66,7%"; "0,0%" when ``total`` is 0."""
    if total <= 0:
        return "0,0%"
    tenths = (value * 2000 + total) // (2 * total)  # round(value / total * 1000), halves up
    return f"{format_count(tenths // 10)},{tenths % 10}%"


# --- chart data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its value and how it is labelled."""

    key: str  # identity within the chart: "2021-07", a meeting-type slug, a place URL
    label: str  # short, drawn in the chart: "7/2021", "Hà Nội", "Phường Gia Thụy"
    value: int
    full_label: str  # in the table and in sentences: "Tháng 7/2021", "Phường Gia Thụy, Quận Long Biên, Hà Nội"
    url: str | None = None  # the page the table links to (None: no page, or nothing to list)


@dataclass(frozen=True)
class ChartData:
    """One chart of the statistics page and the figures of its table."""

    slug: str  # ids on the page: "theo-thang"
    kind: str  # "months" (a row of columns per year) or "bars" (horizontal bars)
    title: str  # heading and SVG <title>
    caption: str  # <figcaption>: what is counted and how to read it
    description: str  # SVG <desc>: one or two sentences summarising the chart
    label_header: str  # the table's first column: "Tháng", "Tỉnh, thành phố"
    bars: tuple[Bar, ...]
    total: int  # the share column's base: every bulletin of the archive
    value_header: str = "Số bản tin"

    @property
    def peak(self) -> int:
        return max((b.value for b in self.bars), default=0)

    @property
    def sum(self) -> int:
        return sum(b.value for b in self.bars)


def _month_range(first: date, last: date) -> Iterable[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly_counts(archive: Archive) -> list[Bar]:
    """Bulletins filed under each month, from the archive's first month to its last, months
    without a bulletin included (value 0, no link). Undated bulletins are not counted."""
    counted = Counter((d.year, d.month) for d in (a.sort_date for a in archive.articles) if d is not None)
    if not counted:
        return []
    first, last = min(counted), max(counted)
    bars: list[Bar] = []
    for year, month in _month_range(date(*first, 1), date(*last, 1)):
        value = counted.get((year, month), 0)
        bars.append(Bar(key=f"{year:04d}-{month:02d}", label=f"{month}/{year}", value=value,
                        full_label=month_label(year, month),
                        url=urls.month_url(year, month) if value else None))
    return bars


def meeting_type_counts(archive: Archive) -> list[Bar]:
    """Bulletins per meeting type, in the order of the vocabulary (types with no bulletin left
    out; a type the vocabulary does not know comes after, as on the meeting-type page)."""
    return [Bar(key=node.key, label=capfirst(node.label), value=node.count, full_label=capfirst(node.label),
                url=node.url) for node in archive.meeting_types.children if node.count]


def province_counts(archive: Archive) -> list[Bar]:
    """Bulletins per province or centrally-run city, most first, ties in Vietnamese alphabetical
    order; bulletins whose province is not known come last, in one bar."""
    provinces = [n for n in archive.localities.children if n.kind == "province"]
    provinces.sort(key=lambda n: (-n.count, sort_key(n.label), n.key))
    bars = [Bar(key=n.url, label=n.label, value=n.count, full_label=n.label, url=n.url) for n in provinces]
    unknown = sum(n.count for n in archive.localities.children if n.kind != "province")
    if unknown:
        bars.append(Bar(key="", label=UNKNOWN_PROVINCE, value=unknown, full_label=UNKNOWN_PROVINCE))
    return bars


def top_localities(archive: Archive, limit: int = TOP_LOCALITIES) -> list[Bar]:
    """The ``limit`` places below province level (districts, communes, wards) with the most
    bulletins filed at that very place (a ward's bulletins are not counted again for its
    district), most first, ties in Vietnamese alphabetical order of the full name."""
    filed = Counter(node.url for node in archive.locality_of.values() if node.kind in ("district", "unit"))
    # Only the places with at least the ``limit``-th largest count can be shown: the Vietnamese
    # sort key is made for those, not for every place (7,000 at 10,000 bulletins: 0.1 s).
    least = sorted(filed.values(), reverse=True)[limit - 1] if 0 < limit <= len(filed) else 0
    nodes = {n.url: n for n in archive.localities.walk() if filed.get(n.url, 0) >= max(least, 1)}
    ranked = sorted(nodes.values(), key=lambda n: (-filed[n.url], sort_key(n.description or n.label), n.url))
    ranked = ranked[:limit]
    # A short label in the chart; the parent's name is added where two would read the same.
    repeated = Counter(tone_key(n.label) for n in ranked)
    bars: list[Bar] = []
    for node in ranked:
        label = node.label
        if repeated[tone_key(label)] > 1 and node.parent is not None and node.parent.kind != "root":
            label = f"{label} ({node.parent.label})"
        bars.append(Bar(key=node.url, label=label, value=filed[node.url],
                        full_label=node.description or node.label, url=node.url))
    return bars


# --- summary ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The totals the statistics page opens with."""

    articles: int
    dated: int
    undated: int
    first: date | None  # the earliest date a bulletin is filed under
    last: date | None
    months: int  # months from the first to the last, both included
    active_months: int  # months with at least one bulletin
    provinces: int
    places: int  # districts, communes and wards named
    unlocated: int  # bulletins whose place is not known at all
    people: int
    meeting_types: int


def summarise(archive: Archive) -> Summary:
    days = [a.sort_date for a in archive.articles if a.sort_date is not None]
    first, last = (min(days), max(days)) if days else (None, None)
    months = monthly_counts(archive)
    c = archive.counts
    return Summary(
        articles=c.articles, dated=len(days), undated=c.articles - len(days), first=first, last=last,
        months=len(months), active_months=sum(1 for b in months if b.value),
        provinces=c.provinces, places=c.places, unlocated=c.unlocated, people=c.people,
        meeting_types=c.meeting_types,
    )


# --- the charts -------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _peak_sentence(bars: Sequence[Bar], name: str = "full", unit: str = "mục") -> str:
    """"Nhiều nhất: tháng 7/2021 với 2 bản tin." or, on a tie, "Nhiều nhất: A, B và 3 tháng
    khác, mỗi tháng 1 bản tin." ``name``: "full" (full_label), "lower" (full_label with a small
    first letter, for months) or "label"."""
    top = max((b.value for b in bars), default=0)
    if top == 0:
        return ""

    def text(bar: Bar) -> str:
        if name == "lower":
            return _lower_first(bar.full_label)
        return bar.label if name == "label" else bar.full_label

    leaders = [b for b in bars if b.value == top]
    if len(leaders) == 1:
        return f"Nhiều nhất: {text(leaders[0])} với {format_count(top)} bản tin."
    named = [text(b) for b in leaders[:3]]
    rest = len(leaders) - len(named)
    listed = ", ".join(named) + (f" và {rest} {unit} khác" if rest else "")
    if not rest:
        listed = ", ".join(named[:-1]) + f" và {named[-1]}"
    return f"Nhiều nhất: {listed}, mỗi {unit} {format_count(top)} bản tin."


def _months_chart(archive: Archive, summary: Summary) -> ChartData:
    bars = monthly_counts(archive)
    if bars:
        span = f"từ {_lower_first(bars[0].full_label)} đến {_lower_first(bars[-1].full_label)}"
        empty = len(bars) - summary.active_months
        description = (
            f"Biểu đồ cột, mỗi hàng một năm: số bản tin mỗi tháng {span}, "
            f"{format_count(summary.dated)} bản tin trong {format_count(len(bars))} tháng, "
            f"{format_count(empty)} tháng không có bản tin. "
            + _peak_sentence(bars, name="lower", unit="tháng")
        )
    else:
        description = "Chưa có bản tin nào có ngày."
    caption = ("Số bản tin theo tháng đăng (ngày diễn ra khi không rõ ngày đăng). Mỗi hàng là một năm, "
               "mỗi cột một tháng (số dưới cột là tháng); tháng không có bản tin ghi 0.")
    if summary.undated:
        caption += f" Không tính {format_count(summary.undated)} bản tin chưa rõ ngày."
    return ChartData(slug="theo-thang", kind="months", title="Số bản tin theo tháng", caption=caption,
                     description=description, label_header="Tháng", bars=tuple(bars), total=summary.articles)


def _bars_chart(slug: str, title: str, caption: str, what: str, label_header: str, bars: list[Bar],
                total: int, unit: str) -> ChartData:
    if bars:
        description = f"Biểu đồ thanh ngang: {what}, {format_count(len(bars))} {unit}. " + _peak_sentence(
            bars, unit=unit)
    else:
        description = "Chưa có dữ liệu."
    return ChartData(slug=slug, kind="bars", title=title, caption=caption, description=description,
                     label_header=label_header, bars=tuple(bars), total=total)


def _province_chart(archive: Archive, total: int) -> ChartData:
    bars = province_counts(archive)
    named = [b for b in bars if b.key != ""]
    unknown = sum(b.value for b in bars if b.key == "")
    if bars:
        description = "Biểu đồ thanh ngang: số bản tin theo tỉnh, thành phố"
        description += f", {format_count(len(named))} tỉnh, thành phố. " if named else ". "
        description += _peak_sentence(named, unit="tỉnh, thành phố")
        if unknown:
            description += f" {format_count(unknown)} bản tin chưa rõ tỉnh, thành phố."
    else:
        description = "Chưa có dữ liệu."
    caption = ("Số bản tin theo tỉnh, thành phố trực thuộc trung ương, nhiều trước, bằng nhau thì theo vần "
               "chữ cái; bản tin chưa rõ tỉnh, thành phố gộp ở cuối.")
    return ChartData(slug="theo-tinh", kind="bars", title="Số bản tin theo tỉnh, thành phố", caption=caption,
                     description=description.strip(), label_header="Tỉnh, thành phố", bars=tuple(bars),
                     total=total)


def charts(archive: Archive) -> list[ChartData]:
    """The four charts of the statistics page, in page order."""
    summary = summarise(archive)
    total = summary.articles
    return [
        _months_chart(archive, summary),
        _bars_chart(
            "theo-loai", "Số bản tin theo loại hội nghị",
            "Số bản tin theo loại hội nghị, sự kiện được tường thuật, theo thứ tự của danh mục; "
            "loại không có bản tin nào không được vẽ.",
            "số bản tin theo loại hội nghị", "Loại hội nghị", meeting_type_counts(archive), total, "loại"),
        _province_chart(archive, total),
        _bars_chart(
            "dia-phuong-nhieu-nhat", f"{TOP_LOCALITIES} địa phương có nhiều bản tin nhất",
            f"Quận, huyện, xã, phường có nhiều bản tin nhất (tối đa {TOP_LOCALITIES}), tính theo nơi bản tin "
            "được xếp: bản tin của một phường không tính thêm cho quận; bằng nhau thì theo vần chữ cái.",
            "các địa phương có nhiều bản tin nhất", "Địa phương", top_localities(archive), total, "địa phương"),
    ]


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleStatement:
    """What one bulletin says about a person: the roles it states (maybe none) and the spelling."""

    article: Article
    roles: tuple[str, ...]
    spellings: tuple[str, ...]  # the name as this bulletin writes it

    @property
    def date(self) -> date | None:
        return self.article.sort_date


@dataclass(frozen=True)
class RoleSpan:
    """A role and the bulletins that state it: how many, the earliest and latest date."""

    role: str
    count: int
    first: date | None
    last: date | None

    @property
    def span(self) -> str:
        """"15/07/2021", "15/07/2021 – 12/07/2023", or "" when no bulletin stating it is dated."""
        if self.first is None or self.last is None:
            return ""
        if self.first == self.last:
            return format_date(self.first)
        return f"{format_date(self.first)} – {format_date(self.last)}"


@dataclass
class PersonProfile:
    """One person (one ``tone_key`` of a name) across the bulletins, newest first."""

    node: Node
    statements: list[RoleStatement]  # one per bulletin, newest first
    roles: list[RoleSpan]  # distinct roles, the most recently stated first
    spellings: list[str]  # the name as written, most used first
    places: list[tuple[Node, int]] = field(default_factory=list)  # where their bulletins are filed
    meeting_types: list[tuple[Node, int]] = field(default_factory=list)  # vocabulary order

    @property
    def latest(self) -> RoleStatement | None:
        """The newest bulletin that states a role for them."""
        return next((s for s in self.statements if s.roles), None)

    @property
    def first(self) -> date | None:
        return min((s.date for s in self.statements if s.date is not None), default=None)

    @property
    def last(self) -> date | None:
        return max((s.date for s in self.statements if s.date is not None), default=None)


def _spelling_order(seen: Counter[str]) -> list[str]:
    """Most used first; ties: the usual tone placement first, then code point order (the rule
    the archive uses for every label)."""
    return sorted(seen, key=lambda s: (-seen[s], normalize_tone_placement(s) != s, s))


def person_profile(archive: Archive, node: Node) -> PersonProfile:
    """The roles each of ``node``'s bulletins states for the person, the roles over time, the
    spellings of the name, and the places and meeting types of their bulletins."""
    statements: list[RoleStatement] = []
    spellings: Counter[str] = Counter()
    role_texts: dict[str, Counter[str]] = {}
    role_dates: dict[str, list[date | None]] = {}
    role_order: dict[str, tuple[int, int]] = {}  # first (newest) statement, position in it
    for index, article in enumerate(node.articles):  # newest first
        roles: list[str] = []
        written: list[str] = []
        keys_here: set[str] = set()
        for person in article.people:
            name = " ".join((person.name or "").split())
            if not name or tone_key(name) != node.key:
                continue
            spellings[name] += 1
            if name not in written:
                written.append(name)
            for role in person.roles:
                role = " ".join(role.split())
                key = tone_key(role)
                if not role or key in keys_here:
                    continue
                keys_here.add(key)
                roles.append(role)
                role_texts.setdefault(key, Counter())[role] += 1
                role_dates.setdefault(key, []).append(article.sort_date)
                role_order.setdefault(key, (index, len(roles)))
        statements.append(RoleStatement(article, tuple(roles), tuple(written)))
    spans = []
    for key in sorted(role_order, key=lambda k: role_order[k]):
        dated = [d for d in role_dates[key] if d is not None]
        spans.append(RoleSpan(role=_spelling_order(role_texts[key])[0], count=len(role_dates[key]),
                              first=min(dated, default=None), last=max(dated, default=None)))
    place_nodes = {archive.locality_of[a.id].url: archive.locality_of[a.id]
                   for a in node.articles if a.id in archive.locality_of}
    places = Counter(archive.locality_of[a.id].url for a in node.articles if a.id in archive.locality_of)
    place_rows = sorted(((place_nodes[u], c) for u, c in places.items()),
                        key=lambda nc: (-nc[1], sort_key(nc[0].description or nc[0].label), nc[0].url))
    kinds = Counter(archive.meeting_type_of[a.id].url for a in node.articles if a.id in archive.meeting_type_of)
    type_rows = [(n, kinds[n.url]) for n in archive.meeting_types.children if n.url in kinds]
    return PersonProfile(node=node, statements=statements, roles=spans, spellings=_spelling_order(spellings),
                         places=place_rows, meeting_types=type_rows)


@dataclass(frozen=True)
class LetterLink:
    """One letter of the people index: where its first person is, or None when nobody."""

    letter: str
    anchor: str  # "chu-a", "chu-aw" (Ă), "chu-dd" (Đ)
    url: str | None  # the index page (and #anchor) of the first person under the letter


def letter_of(name: str) -> str:
    """The index letter of a name: its first letter with its hat or horn, without the tone, in
    capitals ("Ấn" -> "Â", "đào" -> "Đ", "Ứng" -> "Ư"); a Latin letter outside the Vietnamese
    alphabet is its own letter ("Fatima" -> "F"); anything else is "#"."""
    text = normalize_tone_placement(name).strip()
    if not text:
        return OTHER_LETTER
    decomposed = unicodedata.normalize("NFD", text[0])
    base = decomposed[0]
    if not base.isalpha():
        return OTHER_LETTER
    shape = "".join(m for m in decomposed[1:] if m in ("\u0306", "\u0302", "\u031b"))
    letter = unicodedata.normalize("NFC", base.upper() + shape)
    if letter in ALPHABET:
        return letter
    return base.upper() if base.isascii() else OTHER_LETTER


def letter_anchor(letter: str) -> str:
    """ASCII anchor of a letter heading: "A" -> "chu-a", "Ă" -> "chu-aw", "#" -> "chu-khac"."""
    if letter == OTHER_LETTER:
        return "chu-khac"
    return "chu-" + _TELEX.get(letter, letter.lower())


def people_letters(people: Sequence[Node], index_url: str, page_of: Sequence[int]) -> list[LetterLink]:
    """The letter index of the people list: every letter of the alphabet, then any other initial
    in use; each with the page where its first person is listed (``page_of``: the page number of
    each person, in the list's order)."""
    first_at: dict[str, int] = {}
    for node, page in zip(people, page_of):
        first_at.setdefault(letter_of(node.label), page)
    letters = list(ALPHABET) + sorted((x for x in first_at if x not in ALPHABET and x != OTHER_LETTER),
                                      key=sort_key)
    if OTHER_LETTER in first_at:
        letters.append(OTHER_LETTER)
    out: list[LetterLink] = []
    for letter in letters:
        anchor = letter_anchor(letter)
        url = None
        if letter in first_at:
            url = f"{urls.page_url(index_url, first_at[letter])}#{anchor}"
        out.append(LetterLink(letter=letter, anchor=anchor, url=url))
    return out
