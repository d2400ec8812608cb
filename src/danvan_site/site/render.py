"""The render stage: from an ``Archive`` to the site's files, as a stream of ``Output``s.

Pages come from Jinja2 templates with autoescaping on for everything: bulletin text is never
trusted and never run through Markdown. Templates are looked up first in the user's own folder
(``settings.templates``), then in the theme (``settings.theme``), so a user's file of the same
name replaces the default. Static files are copied from ``<theme>/static`` and
``<templates>/static`` (the user's win).

Nothing here writes to disk; ``write.write_site`` does.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from danvan_site.site import feeds, seo
from danvan_site.archive import urls
from danvan_site.site import charts, display, stats, tables
from danvan_site.archive import related as related_index
from danvan_site.core import heap, profiling
from danvan_site.archive.groups import Archive, Node, capfirst
from danvan_site.core.config import DEFAULT_THEME, Settings
from danvan_site.site.exports import Fragments, articles_csv
from danvan_site.site.sqlite_export import articles_sqlite, fts5_available, write_articles_sqlite
from danvan_site.core.errors import BuildError
from danvan_site.core.models import Article, Diagnostic, Locality
from danvan_site.core.records import canonical, fingerprint, plain_evidence, record_dict
from danvan_site.core.outputs import KeptFiles, Output
from danvan_site.archive.quality import CHECKED, QualityReport
from danvan_site.vn.dates import (
    format_date,
    format_long,
    format_published,
    format_time,
    month_label,
    resolve_timezone,
)

__all__ = [
    "SCHEMA_VERSION",
    "Output",
    "Pagination",
    "render_site",
    "make_environment",
    "articles_json",
    "report_json",
    "format_number",
    "place_text",
    "AbbreviationMarker",
    "mark_abbreviations",
    "field_label",
    "FIELD_LABELS",
]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Pagination:
    """One page of a paginated list whose first page is at ``node_url``.

    Lists in time order (``stable``) are cut into parts from the oldest item, where the items'
    ids say (:func:`paginate_stable`): a part keeps its items when bulletins are added before or
    after it, so an added bulletin (the newest) changes only the node's own page, which shows the
    newest part; the older parts stay at ``…/trang/c/`` (c = 1 is the oldest) and are named by
    the dates they cover. The people index (:func:`paginate_alphabetical`) is numbered from its
    start, cut the same way, and its pages carry their first and last name (``names``).
    """

    number: int  # 1 for the node's own page; else the chunk number (stable) or the page number
    total: int
    node_url: str
    items: Sequence[Any]
    item_count: int
    first_offset: int = 0
    stable: bool = False
    dates: tuple[Any, Any] | None = None  # stable lists: (oldest, newest) date on this page
    names: tuple[str, str] | None = None  # alphabetical lists cut by content: first and last name here

    @property
    def newest(self) -> bool:
        """The node's own page (the newest chunk of a stable list, the first page of another)."""
        return self.url == self.node_url

    @property
    def url(self) -> str:
        if self.stable:
            return self.node_url if self.number == self.total else urls.chunk_url(self.node_url, self.number)
        return urls.page_url(self.node_url, self.number)

    def page(self, number: int) -> str:
        if self.stable:
            return self.node_url if number == self.total else urls.chunk_url(self.node_url, number)
        return urls.page_url(self.node_url, number)

    @property
    def prev_url(self) -> str | None:
        """The page before: newer items on a stable list, the previous page on another."""
        if self.stable:
            return self.page(self.number + 1) if self.number < self.total else None
        return self.page(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        """The page after: older items on a stable list, the next page on another."""
        if self.stable:
            return self.page(self.number - 1) if self.number > 1 else None
        return self.page(self.number + 1) if self.number < self.total else None

    @property
    def first_url(self) -> str:
        return self.node_url

    @property
    def last_url(self) -> str:
        return self.page(1) if self.stable else self.page(self.total)

    @property
    def label(self) -> str:
        """How the page is named in its title and breadcrumb ("" for the node's own page)."""
        if self.newest:
            return ""
        if self.stable:
            if self.dates and self.dates[0] and self.dates[1]:
                old, new = (format_date(d) for d in self.dates)
                return f"từ {old} đến {new}" if old != new else f"ngày {old}"
            return f"phần {self.number}"
        return f"Trang {self.number}"

    @property
    def first_index(self) -> int:
        """1-based position of the first item on this page (0 when the list is empty)."""
        return self.first_offset + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_offset + len(self.items)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first and ``around`` either side (the last too on pages
        numbered from the start, not on pages cut by content, whose count changes now and then:
        a page far from the end then does not change with it); None marks a gap."""
        wanted = {1} | set(range(self.number - around, self.number + around + 1))
        if self.names is None:
            wanted.add(self.total)
        shown = sorted(n for n in wanted if 1 <= n <= self.total)
        out: list[int | None] = []
        for n in shown:
            if out and isinstance(out[-1], int) and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def paginate_alphabetical(items: Sequence[Any], node_url: str, page_size: int,
                          key_of: Callable[[Any], str] = lambda item: item.url,
                          label_of: Callable[[Any], str] = lambda item: item.label) -> list[Pagination]:
    """Split an alphabetical list (the people index) into pages numbered from its start, cut
    where the items' keys say (:func:`_cuts`), not every ``page_size`` items: a name added in
    the middle changes the page it falls in, where fixed pages moved every later name. The
    items after the last cut make the last page (joined to the page before when shorter than
    half a page). Each page knows its first and last name (``names``) to say what it holds."""
    count = len(items)
    ends = _cuts([key_of(item) for item in items], page_size)
    if not ends or ends[-1] != count:
        if ends and count - ends[-1] < max(1, page_size // 2):
            ends[-1] = count
        else:
            ends.append(count)
    total = len(ends)
    pages: list[Pagination] = []
    start = 0
    for number, end in enumerate(ends, 1):
        chunk = items[start:end]
        pages.append(Pagination(number=number, total=total, node_url=node_url, items=chunk, item_count=count,
                                first_offset=start,
                                names=(label_of(chunk[0]), label_of(chunk[-1])) if chunk else ("", "")))
        start = end
    return pages


def _cut_key(item: Any) -> str:
    """The identity a stable list is cut on: a bulletin's id (a person's statement: its bulletin's).
    It does not change when the bulletin is edited, so an edit never moves a cut."""
    return getattr(item, "article", item).id


@functools.lru_cache(maxsize=1 << 16)
def _key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _cuts(keys: Sequence[str], page_size: int) -> list[int]:
    """Where a list is cut into parts (``keys`` in the order it is read: a list in time order
    oldest first, the people index from its start): the end positions (exclusive) of its closed
    parts.

    The cuts are chosen by content, as backup tools chunk a file (content-defined chunking): a
    part ends after a bulletin whose id hashes to a multiple of ``divisor``, once it holds
    ``least`` bulletins at least; a part that reaches ``most`` without one is cut there. A cut
    therefore depends on the bulletins just before it, not on how many came before: a bulletin
    added (or removed) in the middle of a long list changes the one part it falls in (and, about
    once in ``page_size`` additions, splits or joins it), where fixed-size parts counted from the
    oldest shifted every newer part by one. With ``least = size // 2`` and ``divisor = size -
    least + 1`` a part holds ``size`` bulletins on average, between ``least`` and ``2 * size``.
    The hash is BLAKE2b of the id (the same on every machine and run, unlike ``hash()``)."""
    size = max(1, page_size)
    least = max(1, size // 2)
    most = 2 * size
    divisor = size - least + 1
    cuts: list[int] = []
    start = 0
    for position, key in enumerate(keys):
        length = position + 1 - start
        if length >= most or (length >= least and _key_hash(key) % divisor == 0):
            cuts.append(position + 1)
            start = position + 1
    return cuts


def paginate_stable(items: Sequence[Any], node_url: str, page_size: int,
                    date_of: Callable[[Any], Any] = lambda item: getattr(item, "sort_date", None)) -> list[Pagination]:
    """Split a list in time order (newest first) into parts that do not move.

    The list is cut from its oldest bulletin by content (:func:`_cuts`): part ``c`` (1 = the
    oldest) is the ``c``-th closed part. Parts 1..k-1 have pages of their own (``…/trang/c/``);
    the node's own page shows part k and the newest bulletins after it, and older parts too while
    it would show fewer than ``page_size`` (never a near-empty first page). An added newest
    bulletin therefore changes the node's own page only; when it closes a part, that part gets
    its page and the pages before stay byte for byte. A bulletin added in the middle changes the
    part it falls in (rarely a few more, see :func:`_cuts`). Returned newest first: the node's
    own page, then the older parts."""
    count = len(items)
    oldest_first = [_cut_key(items[count - 1 - i]) for i in range(count)]
    # Positions counted from the oldest; as slices of ``items`` (newest first) a part from
    # ``a`` to ``b`` (oldest-first positions) is items[count - b : count - a].
    ends = _cuts(oldest_first, page_size)
    # The node's own page: part k and what follows it, with older parts taken in while it would
    # show fewer than ``page_size`` bulletins (never a near-empty first page; a short list is one
    # page). Only the newest parts are concerned, so older parts keep their numbers.
    k = len(ends)
    while k >= 2 and count - ends[k - 2] < page_size:
        k -= 1
    total = max(1, k)

    def part(number: int, start: int, end: int) -> Pagination:
        chunk = items[start:end]
        dated = [d for d in (date_of(item) for item in chunk) if d is not None]
        return Pagination(number=number, total=total, node_url=node_url, items=chunk, item_count=count,
                          first_offset=start, stable=True, dates=(min(dated), max(dated)) if dated else None)

    own_from = ends[k - 2] if k >= 2 else 0
    pages = [part(total, 0, count - own_from)]
    for number in range(k - 1, 0, -1):
        a = ends[number - 2] if number >= 2 else 0
        b = ends[number - 1]
        pages.append(part(number, count - b, count - a))
    return pages


def _statement_date(statement: Any) -> Any:
    return statement.date


# --- filters ----------------------------------------------------------------------------------


def format_number(value: int | float | None) -> str:
    """Vietnamese digit grouping: 1234567 -> "1.234.567"; 3.5 -> "3,5"."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + ("," + frac if frac else "")
    return f"{int(value):,}".replace(",", ".")


def place_text(loc: Locality) -> str:
    """The place as readers write it: "phường Gia Thụy, quận Long Biên, Hà Nội"."""
    parts: list[str] = []
    if loc.name:
        parts.append(loc.label or loc.name)
    elif loc.level:
        parts.append(f"{loc.level} (chưa rõ tên)")
    district = loc.district or (
        " ".join(p for p in (loc.district_level, loc.district_name) if p) or None
    )
    if district and (not loc.name or district.casefold() != (loc.label or "").casefold()):
        parts.append(district)
    if loc.province and all(loc.province.casefold() != p.casefold() for p in (loc.name or "", loc.label or "")):
        parts.append(loc.province)
    return ", ".join(parts) if parts else "Chưa xác định"


# Every record field an archivist may see named in the quality report, in Vietnamese.
FIELD_LABELS: dict[str, str] = {
    "title": "tiêu đề",
    "body": "nội dung",
    "summary": "tóm tắt",
    "section": "chuyên mục",
    "views": "lượt xem",
    "images": "hình ảnh",
    "time_of_day": "buổi",
    "locality": "địa phương",
    "locality.district": "quận/huyện",
    "locality.code": "mã đơn vị hành chính",
    "meeting_type": "loại hội nghị",
    "organizer": "đơn vị tổ chức",
    "organisations": "tổ chức được nhắc đến",
    "abbreviations": "từ viết tắt",
    "encoding": "mã hóa ký tự",
    **{name: label for name, (label, _) in CHECKED.items()},
}


def field_label(name: str) -> str:
    """The Vietnamese name of a record field ("locality.name" -> "tên địa phương"); an unknown
    field keeps its own name."""
    return FIELD_LABELS.get(name) or FIELD_LABELS.get(name.split(".")[0]) or name


class AbbreviationMarker:
    """Marks up the abbreviations of one glossary (abbreviation -> expansion) in plain text.

    Calling it escapes the text, then wraps each whole-word abbreviation in
    ``<abbr title="expansion">``: "MTTQ <b>" -> '<abbr title="Mặt trận Tổ quốc">MTTQ</abbr> &lt;b&gt;'.
    Matching is case-sensitive, on the text as written (NFC), with the extractor's word
    boundaries. The pattern runs over the escaped text with the abbreviations escaped the same
    way; "&" and "#" before a match are refused too, so nothing inside a character reference
    the escaping made ("&amp;", "&#34;") is taken for an abbreviation.
    """

    def __init__(self, glossary: Mapping[str, str]) -> None:
        self.titles: dict[str, str] = {}  # escaped abbreviation -> escaped expansion
        for abbr, expansion in glossary.items():
            key = unicodedata.normalize("NFC", abbr.strip())
            if key and expansion:
                self.titles.setdefault(str(escape(key)), str(escape(expansion)))
        alternatives = sorted(self.titles, key=lambda k: (-len(k), k))
        self.pattern: re.Pattern[str] | None = None
        if alternatives:
            self.pattern = re.compile(
                r"(?<![\w/&#-])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w/-])"
            )

    def _wrap(self, match: re.Match[str]) -> str:
        return f'<abbr title="{self.titles[match.group(1)]}">{match.group(1)}</abbr>'

    def __call__(self, text: str) -> Markup:
        escaped = str(escape(text))
        if self.pattern is None:
            return Markup(escaped)
        return Markup(self.pattern.sub(self._wrap, escaped))


def mark_abbreviations(text: str, glossary: Mapping[str, str]) -> Markup:
    """``AbbreviationMarker(glossary)(text)``, for a single text."""
    return AbbreviationMarker(glossary)(text)


def _iso(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") if value.tzinfo else value.isoformat(timespec="minutes")
    return value.isoformat()


# While ``CardCache`` makes a card: the targets of its links, each shown as a mark (below).
_recording: list[str] | None = None
_MARK = "\x1e"  # a control character no text of the site keeps
_MARK_RE = re.compile(_MARK + r"(\d+)" + _MARK)


class CardCache:
    """A bulletin's card (the ``article_card`` macro of the theme's ``_macros.html``), made once
    per bulletin and heading level and shown on every list that has the bulletin.

    A card shows the same thing on every page but its links, which are relative to the page: the
    card is made once with each link's target as a mark (``_url_filter`` while ``_recording``),
    and each page puts its own relative links in place of the marks, escaped as the filter's
    output is. At 10,000 bulletins a card is shown about 24 times (its place at each level, its
    month and year, its meeting type, its period ...), and the cards were about 70% of the time
    spent on list pages: made in one process, 10,700 grouping pages took 17.5 CPU-s before and
    12.0 after, byte for byte the same. In a build the pages are made by forked writers, a batch
    of 2,000 each, and each batch starts with the cards its parent had: there list pages cost
    18-25% less. Only the theme's own ``article_list`` asks for it: a site whose templates give
    their own ``_macros.html`` makes every card as before."""

    LIMIT = 1 << 16  # cards kept at most (about 1.5 KB each); then made again as needed

    def __init__(self) -> None:
        self.cards: dict[tuple[str, int], tuple[str, tuple[str, ...]]] = {}

    def show(self, article: Article, level: int, macro: Callable[..., Any], current_url: str) -> Markup:
        global _recording
        key = (article.id, level)
        entry = self.cards.get(key)
        if entry is None:
            _recording = []
            try:
                html = str(macro(article, level))
            finally:
                targets, _recording = tuple(_recording), None
            if html.count(_MARK) != 2 * len(targets):  # a mark in the text itself: not kept
                return Markup(macro(article, level))
            entry = (html, targets)
            if len(self.cards) < self.LIMIT:
                self.cards[key] = entry
        html, targets = entry
        if not targets:
            return Markup(html)
        return Markup(_MARK_RE.sub(lambda m: str(escape(urls.relative(current_url, targets[int(m.group(1))]))), html))


@pass_context
def _url_filter(ctx: Context, target: str) -> str:
    if _recording is not None:
        _recording.append(target)
        return f"{_MARK}{len(_recording) - 1}{_MARK}"
    current = ctx.get("current_url")
    if current is None:
        raise BuildError("a template used the 'url' filter outside a page (no current_url).")
    link_base = ctx.get("link_base")
    if link_base and not target.startswith("#"):
        # A page served from any address (404.html): links must be absolute.
        return feeds.absolute_url(link_base, target)
    return urls.relative(current, target)


TEMPLATE_CACHE = "templates"  # in the cache folder: the templates compiled by Jinja


def _bytecode_cache(settings: Settings) -> FileSystemBytecodeCache | None:
    """Jinja's compiled templates kept in the cache folder between builds. Every process that
    renders compiled the templates it used from their source: 0.4 s for the theme's, at every
    build, against 0.015 s to load them compiled. Jinja keys each on its name, file and a hash of
    its source, and writes each file whole (a temporary file renamed), so an edited template is
    compiled again and forked writers may share the folder. Without a cache folder (or one that
    cannot be written), none."""
    if settings.cache is None:
        return None
    folder = Path(settings.cache) / TEMPLATE_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def make_environment(settings: Settings, glossary: Mapping[str, str] | None = None) -> Environment:
    """The Jinja2 environment: user templates first, then the theme; autoescape always on.

    The ``abbr`` filter marks up the abbreviations of ``glossary`` (abbreviation -> expansion)."""
    theme = Path(settings.theme)
    if not theme.is_dir():
        raise BuildError(f"the theme folder {theme} does not exist (setting 'theme').")
    loaders = []
    if settings.templates is not None and Path(settings.templates).is_dir():
        loaders.append(FileSystemLoader(str(settings.templates), encoding="utf-8"))
    loaders.append(FileSystemLoader(str(theme), encoding="utf-8"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(settings),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2", "jinja"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    tz = resolve_timezone(settings.timezone)
    env.filters.update(
        url=_url_filter,
        date=format_date,
        date_long=format_long,
        published=lambda v: format_published(v, tz),
        time=lambda v: format_time(v, tz),
        month=month_label,
        number=format_number,
        iso=_iso,
        capfirst=capfirst,
        place=place_text,
        abbr=AbbreviationMarker(glossary or {}),
        field_label=field_label,
    )
    env.filters.update(display.FILTERS)  # headlines and places in their display form (site/display.py)
    env.globals.update(
        links={
            "home": urls.HOME,
            "all": urls.ALL_ARTICLES,
            "localities": urls.LOCALITIES,
            "dates": urls.DATES,
            "meeting_types": urls.MEETING_TYPES,
            # A page kind switched off (settings ``disable_pages``): no address, no link to it.
            "people": urls.PEOPLE if settings.shows("nguoi") else None,
            "organisations": urls.ORGANISATIONS if settings.shows("to-chuc") else None,
            "periods": urls.PERIODS if settings.shows("ky-bao-cao") else None,
            "glossary": urls.GLOSSARY if settings.shows("thuat-ngu") else None,
            "stats": urls.STATS if settings.shows("thong-ke") else None,
            "report": urls.REPORT if settings.shows("bao-cao") else None,
            "api": urls.API_ARTICLES,
            "api_report": urls.API_REPORT if settings.shows("bao-cao") else None,
            "api_csv": urls.API_CSV,
            "feed": urls.FEED if settings.shows("feed") else None,
            "stylesheet": urls.STYLESHEET,
            "search": urls.SEARCH,
            "search_bundle": urls.SEARCH_BUNDLE,
        },
    )
    return env


# --- the site ---------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, archive: Archive, settings: Settings, report: QualityReport | None = None,
                 global_key: str | None = None, previous: RenderIndex | None = None,
                 index: RenderIndex | None = None, record_exports: RecordExports | None = None) -> None:
        self.archive = archive
        # The records' exports: started by the pipeline before the archive was grouped, or here.
        self.record_exports = (record_exports if record_exports is not None
                               else RecordExports(archive.records, settings, global_key))
        # What the last build made of each grouping and bulletin (a signature of what its pages
        # show, and each page's path, key and sitemap entry): the same signature now, the same
        # pages, kept without being made again. ``index`` is filled for the next build.
        self.previous = previous if global_key is not None else None
        self.index = index if index is not None else {}
        # With a key (a hash of the code, templates and settings), the pages that show one
        # bulletin or one list are made lazily, each with a key of what it shows.
        self.global_key = global_key
        self._item_sigs: dict[str, str] = {}
        # What the theme's lists show of a bulletin (``_shown_sig``); with templates of the
        # site's own, a list may show any field, and the whole record's signature stands for it.
        self._shown_sigs: dict[str, str] = self._item_sigs
        self._shown_of: Callable[[Article], str] = self._item_sig
        if theme_only(settings):
            self._shown_sigs, self._shown_of = {}, self._shown_sig
        self._related: dict[str, list[str]] | None = None
        self._by_id: dict[str, Article] | None = None
        self._tables_digest: str | None = None
        self._export_keys: dict[str, str] | None = None
        self.early: EarlyExports | None = None  # the exports being made by another process
        self._makers: dict[str, Callable[[], bytes]] | None = None
        self._person_keys: dict[int, str] = {}
        self._salt: str | None = None
        self._report_json: bytes | None = None
        self._light_sigs: dict[int, str] = {}
        self._feedable: set[int] | None = None  # id() of the groupings with a feed (``node_feed``)
        self.settings = settings
        self.report = report
        # Some groupings and bulletins settled (``_settle_part``), when not every one is.
        self._partial: _Partial | None = None
        self._moved: set[str] = set()  # records not in the last build, or grouped otherwise
        self._kept_shown: dict[str, str] = {}  # the last build's ``_shown_sig`` of the others
        # The bulletins whose own page may show something new when the groupings cannot
        # (``_settle``); None: every unit is signed but those ``_partial`` finds settled.
        self._unsettled: frozenset[str] | None = self._settle()
        if not CHECK_SETTLED:
            self._shown_sigs.update(self._kept_shown)
        self._profiles: dict[int, stats.PersonProfile] = {}
        self.env = make_environment(settings, {e.abbr: e.expansion for e in archive.glossary})
        self.cards = CardCache()
        # The second navigation row and the footer: the indexes a reader looks things up in.
        shown = [(kind, url, label) for kind, url, label in (
            ("to-chuc", urls.ORGANISATIONS, archive.organisations.label),
            ("ky-bao-cao", urls.PERIODS, archive.periods.label),
            ("thuat-ngu", urls.GLOSSARY, "Từ viết tắt"),
            ("bao-cao", urls.REPORT, "Báo cáo chất lượng"),
        ) if settings.shows(kind) and (kind != "bao-cao" or report is not None)]
        self.lookup_links: list[tuple[str, str]] = [(url, label) for _, url, label in shown]
        self.tz: tzinfo = resolve_timezone(settings.timezone)
        self.site = {
            "title": settings.title,
            "description": settings.description,
            "language": settings.language or "vi",
            "base_url": settings.base_url.rstrip("/"),
            "build_time": settings.build_time,  # only with SOURCE_DATE_EPOCH
        }
        self.site_feed = feeds.FeedInfo(urls.FEED, urls.HOME, settings.title)
        self.sitemap_pages: list[tuple[str, str | None]] = []  # (page URL, lastmod) of every indexable page

    def page(self, template: str, url: str, title: str, crumbs: list[tuple[str, str]], section: str,
             **context: Any) -> Output:
        """Render ``template`` as the page at ``url``.

        ``meta`` (``seo.PageMeta``) gives the head tags (default: canonical and Open Graph from
        the title, when a base URL is set); ``node_feed`` (``feeds.FeedInfo``) the page's own
        feed; ``lastmod`` its date in the sitemap."""
        node = context.get("node")
        meta = context.pop("meta", None)
        if meta is None or not meta.description:
            # Every page has a description of its own (seo.page_description): a bulletin its lead,
            # any other page a sentence of what it lists, with its page number.
            description = seo.page_description(
                url, title, node=node if isinstance(node, Node) else None, pager=context.get("pager"),
                counts=self.archive.counts, site_title=self.settings.title,
                site_description=self.settings.description)
            if meta is None:
                meta = seo.page_meta(url, title, site_title=self.settings.title, base_url=self.site["base_url"],
                                     description=description, language=self.site["language"])
            else:
                meta = meta.with_description(description)
        node_feed = context.pop("node_feed", None)
        lastmod = context.pop("lastmod", None)
        key = context.pop("cache_key", None)  # what the page shows, for incremental builds
        late = context.pop("late", None)  # context computed only when the page is rendered
        if not meta.noindex:
            self.sitemap_pages.append((url, lastmod))
        values = {
            "site": self.site,
            "archive": self.archive,
            "current_url": url,
            "page_title": title,
            "breadcrumbs": [("Trang chủ", urls.HOME), *crumbs],
            "section": section,
            "has_report": self.report is not None,
            "lookup_links": self.lookup_links,
            "meta": meta,
            "page_feeds": ([self.site_feed] + ([node_feed] if node_feed is not None else []))
            if self.settings.shows("feed") else [],
            "node_feed": node_feed,
            "link_base": None,
            "card_cache": self.cards,
            **context,
        }
        path = urls.output_path(url)
        if key is not None and self.global_key is not None:
            digest = _digest((self.global_key, template, url, key))
            return Output(path, make=lambda: self._render(template, url, values, late), key=digest)
        return Output(path, self._render(template, url, values, late))

    def _render(self, template: str, url: str, values: dict[str, Any],
                late: Callable[[], dict[str, Any]] | None = None) -> bytes:
        if late is not None:
            values = {**values, **late()}
        started = time.perf_counter() if profiling.enabled() else 0.0
        try:
            html = self.env.get_template(template).render(values)
        except TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}:{exc.lineno}"
            raise BuildError(f"template {where}: {exc.message}") from exc
        except TemplateNotFound as exc:
            raise BuildError(f"template '{exc.name}' was not found in the templates or the theme.") from exc
        except TemplateError as exc:
            raise BuildError(f"template {template} failed while making {urls.output_path(url)}: {exc}") from exc
        if started:
            profiling.add(f"template:{template}", time.perf_counter() - started)
        return html.encode("utf-8")

    # pages ------------------------------------------------------------------------------------

    def home(self) -> Output:
        latest = self.archive.articles[: self.settings.latest_count]
        report_counts = self.report.counts if self.report is not None else None
        return self.page("index.html", urls.HOME, self.settings.title, [], section=urls.HOME,
                         latest=latest, counts=self.archive.counts, report_counts=report_counts)

    def article_pages(self, article: Article) -> Iterator[Output | KeptFiles]:
        """A bulletin's page (or, for a merged duplicate, the redirect from its own address) and
        its raw copy, kept as they were when nothing they show changed."""
        def signature() -> str:
            return _digest((self.global_key, "article", self._article_key(article), article.duplicate_of,
                            article.own_url, article.raw_url, self.report is not None))

        def make() -> Iterator[Output]:
            yield self.article(article) if article.duplicate_of is None else self.redirect(article)
            yield self.raw_copy(article)
        yield from self._kept_or_made("article " + article.id, signature, make, self._article_settled(article))

    def _article_key(self, article: Article) -> tuple[Any, ...]:
        dated, people, organisations = self._page_groupings(article)
        return (
            self._item_sig(article),
            [(s.fingerprint, s.source_file, s.raw_url, s.similarity, s.duplicate_of) for s in article.sources],
            [self._light(node) for node in dated],
            [(name, self._light(node)) for name, node in people],
            [(name, self._light(node)) for name, node in organisations],
            self._shown(self.related(article)),
        )

    def _page_groupings(self, article: Article) -> tuple[list[Node | None], list[tuple[str, Node | None]],
                                                         list[tuple[str, Node | None]]]:
        """The groupings a bulletin's page names besides its place and meeting type (those are in
        ``_item_sig``): its month and period, its people and its organisations, each by the name
        the page gives. ``_article_key`` signs them, ``_article_settled`` checks them."""
        archive = self.archive
        return ([archive.date_of.get(article.id), archive.period_of.get(article.id)],
                [(p.name, archive.person_node(p.name)) for p in article.people if p.name],
                [(name, archive.organisation_node(name)) for name in article.organisations])

    def related(self, article: Article) -> list[Article]:
        """The bulletins shown as related on ``article``'s page (archive/related.py): same people,
        place or period; computed for the whole archive once per build (bounded per bulletin)."""
        if self._related is None:
            with profiling.timed("render:related bulletins"):
                self._related = self._related_lists()
        if article.duplicate_of is not None:
            return []
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.archive.articles}
        return [self._by_id[i] for i in self._related.get(article.id, ())]

    def _related_lists(self) -> dict[str, list[str]]:
        """Every bulletin's related bulletins (ids), and their entries of the render index."""
        before = self.previous.get(_RELATED_UNIT) if self.previous is not None else None
        settled = self._unsettled is not None and before is not None
        if settled and not CHECK_SETTLED:
            # Settled: what the lists are made of (each record's place, period, people, day and
            # order) is the last build's, and so are the lists (0.2 s at 10,000 not spent).
            self._carry_related()
            return before[1]
        # Each record's keys as the last build worked them out, under the same code and
        # settings (the render's key), reused while the record's fingerprint is the same.
        # One entry per record ("related-note <id>"): the index is saved as its changes.
        kept = self.previous.get(_RELATED_NOTES) if self.previous is not None else None
        known = (_Prefixed(self.previous, _RELATED_NOTE_PREFIX)
                 if self.previous is not None and kept == (self.global_key,) else None)
        index = related_index.build_index(self.archive.articles, known=known)
        # The last build's lists, and what it noted of each record, made under this key: only the
        # lists an added, removed or changed record can reach are worked out again.
        computed = related_index.related_lists(self.archive.articles, previous=before, index=index, notes=known,
                                               check=CHECK_SETTLED)
        if settled and computed != before:  # checked under DANVAN_CHECK_SETTLED
            raise AssertionError("related bulletins: kept as settled, but the lists changed")
        if self.global_key is not None:
            self.index[_RELATED_UNIT] = computed
            self.index[_RELATED_NOTES] = (self.global_key,)  # type: ignore[assignment]
            for rid, note in related_index.noted(index, self.archive.articles).items():
                self.index[_RELATED_NOTE_PREFIX + rid] = note  # type: ignore[assignment]
        return computed[1]

    def article(self, article: Article) -> Output:
        crumbs = [(self.archive.all_articles.label, urls.ALL_ARTICLES), (article.title, article.url)]
        people = [(p, self.archive.person_node(p.name)) for p in article.people if p.name]
        lead = article.summary or (article.body[0] if article.body else "")
        meta = seo.page_meta(
            article.url, article.title, site_title=self.settings.title, base_url=self.site["base_url"],
            description=seo.truncate_text(lead, 300) if lead else "", article=article,
            place_text=place_text(article.locality), language=self.site["language"],
        )
        key = self._article_key(article) if self.global_key is not None else None
        return self.page(
            "article.html", article.url, article.title, crumbs, section=urls.ALL_ARTICLES,
            meta=meta, lastmod=_iso(article.sort_date) or None, cache_key=key,
            article=article,
            place=self.archive.locality_of.get(article.id),
            month=self.archive.date_of.get(article.id),
            meeting_type=self.archive.meeting_type_of.get(article.id),
            people=people if self.settings.shows("nguoi") else [(p, None) for p, _ in people],
            period=self.archive.period_of.get(article.id) if self.settings.shows("ky-bao-cao") else None,
            organisations=[(name, self.archive.organisation_node(name) if self.settings.shows("to-chuc") else None)
                           for name in article.organisations],
            related=self.related(article),
        )

    def redirect(self, article: Article) -> Output:
        """The page URL a merged duplicate would have had on its own: a pointer to the bulletin's
        page, so that links made to it before the duplicate was found keep working."""
        primary = next(a for a in article.sources if a.duplicate_of is None)
        title = article.title
        crumbs = [(self.archive.all_articles.label, urls.ALL_ARTICLES), (title, article.own_url)]
        return self.page("redirect.html", article.own_url, title, crumbs, section=urls.ALL_ARTICLES,
                         meta=seo.PageMeta(noindex=True), article=article, primary=primary)

    def _crumbs(self, node: Node, pager: Pagination | None = None) -> list[tuple[str, str]]:
        crumbs = [(n.label, n.url) for n in node.trail()]
        if pager is not None and pager.label:
            crumbs.append((pager.label[:1].upper() + pager.label[1:], pager.url))  # a label on its own
        return crumbs

    def _title(self, node: Node, pager: Pagination) -> str:
        return node.label if not pager.label else f"{node.label} – {pager.label}"

    def _index_page(self, node: Node) -> tuple[str, dict[str, Any]] | None:
        """The template (and extra context) of a grouping's index page; None for list pages."""
        archive = self.archive
        if node is archive.localities:
            return "localities.html", {}
        if node is archive.dates:
            return "dates.html", {}
        if node is archive.periods:
            return "periods.html", {}
        if node is archive.organisations:
            return "organisations.html", {"rows": archive.organisation_rows}
        if node is archive.meeting_types:
            by_slug = {child.key: child for child in node.children}
            rows = [(mt.label, by_slug.get(mt.slug)) for mt in archive.vocabulary]
            known = {mt.slug for mt in archive.vocabulary}
            rows += [(child.label, child) for child in node.children if child.key not in known]
            return "meeting_types.html", {"rows": rows}
        return None

    def _kept_or_made(self, unit: str, signature: Callable[[], str], make: Callable[[], Iterable[Output]],
                      settled: bool = False) -> Iterator[Output | KeptFiles]:
        """The outputs of one unit (a grouping's pages, a bulletin's page, a feed): kept as the last build
        wrote them when what they show has the same signature, else made; recorded in ``index``.
        ``settled``: the signature is known to be the last build's (``_settle``), not made again."""
        if self.global_key is None:
            yield from make()
            return
        before = self.previous.get(unit) if self.previous is not None else None
        if settled and before is not None:
            sig = before[0]
            if CHECK_SETTLED and signature() != sig:
                raise AssertionError(f"{unit}: kept as settled, but its signature changed")
        else:
            sig = signature()
        if before is not None and before[0] == sig:
            self.sitemap_pages.extend(entry for _, _, entry in before[1] if entry is not None)
            if before[1]:
                yield KeptFiles(before[1])  # the writer keeps them all in one step
            self.index[unit] = before
            return
        entries: list[tuple[str, str, tuple[str, str | None] | None]] = []
        made = iter(make())
        while True:
            # A page enters the sitemap when it is made (``page``): measured around each step of
            # ``make``, so that a page kept next time is listed again at its place.
            seen = len(self.sitemap_pages)
            output = next(made, None)
            if output is None:
                break
            entry = self.sitemap_pages[-1] if len(self.sitemap_pages) > seen else None
            key = output.key if output.key is not None else _content_key(output)
            entries.append((output.path, key, entry))
            yield output
        self.index[unit] = (sig, entries)

    def node_pages(self, node: Node, section: str) -> Iterator[Output | KeptFiles]:
        def signature() -> str:
            extra: Any = None
            feed = self.node_feed(node)
            if node.kind == "person" and feed is None:
                # The person's key (its node, its address among it, and its bulletins) after
                # what every person's pages share: not hashed again for each of the tens of
                # thousands of people.
                return self._person_salt() + self._person_key(node)
            shown = (_node_sig(node), self._shown(node.articles))
            if node is self.archive.people:
                extra = [self._person_key(p) for p in node.children]
            elif node is self.archive.organisations:
                extra = [(name, self._light(n)) for name, n in self.archive.organisation_rows]
            return _digest((self.global_key, "node", node.url, shown, self.settings.page_size,
                            (feed.url, feed.title) if feed else None, extra, self.report is not None))
        yield from self._kept_or_made("node " + node.url, signature, lambda: self._node_pages(node, section),
                                      self._node_settled(node))

    def _node_pages(self, node: Node, section: str) -> Iterator[Output]:
        size = self.settings.page_size
        index = self._index_page(node)
        if index is not None:
            template, extra = index
            yield self.page(template, node.url, node.label, self._crumbs(node), section=section, node=node, **extra)
            return
        if node is self.archive.people:
            yield from self.people_index(node, section)
            return
        if node.kind == "person":
            yield from self.person_pages(node, section)
            return
        template = "list.html"
        items: Sequence[Any] = node.articles
        node_feed = self.node_feed(node)
        for pager in paginate_stable(items, node.url, size):
            key = None
            if self.global_key is not None:
                key = (_node_sig(node) if pager.newest else _light_sig(node), pager.number, pager.prev_url, pager.next_url,
                       pager.dates, self._shown(pager.items),
                       (node_feed.url, node_feed.title) if node_feed else None)
            yield self.page(template, pager.url, self._title(node, pager), self._crumbs(node, pager),
                            section=section, node=node, pager=pager, node_feed=node_feed, cache_key=key)

    # feeds and machine-readable files ---------------------------------------------------------

    def feed_nodes(self) -> Iterator[Node]:
        """The pages with a feed of their own: every place and every meeting type."""
        for root in (self.archive.localities, self.archive.meeting_types):
            for node in root.walk():
                if node is not root:
                    yield node

    def node_feed(self, node: Node) -> feeds.FeedInfo | None:
        """The feed of a place or meeting-type page; None for other pages (and without feeds)."""
        if not self.settings.shows("feed"):
            return None
        if self._feedable is None:
            # Asked of every grouping's page (tens of thousands of people among them): a set
            # lookup, not the node's trail each time.
            self._feedable = {id(n) for n in self.feed_nodes()}
        if id(node) not in self._feedable:
            return None
        root = node.trail()[0]
        if root is self.archive.meeting_types:
            label = f"{root.label}: {node.label}"
        else:
            label = node.description or capfirst(node.label)
        return feeds.FeedInfo(urls.feed_url(node.url), node.url, f"{label} – {self.settings.title}")

    def feed(self, info: feeds.FeedInfo, articles: Sequence[Article],
             subtitle: str = "") -> Iterator[Output | KeptFiles]:
        """An Atom feed of the newest ``feed_size`` of ``articles``: a unit of its own
        (``"feed <path>"``), keyed by what it shows, kept as the last build wrote it when that is
        the same; in a settled build (``_settle``) a feed none of whose newest entries changed is
        kept without signing its entries (5,776 feeds of places at 10,000 bulletins)."""
        def make() -> bytes:
            place_of = {a.id: place_text(a.locality) for a in articles
                        if a.locality.name or a.locality.province or a.locality.district}
            return feeds.atom_feed(
                info, articles, site_title=self.settings.title, base_url=self.site["base_url"], tz=self.tz,
                size=self.settings.feed_size, subtitle=subtitle, language=self.site["language"], place_of=place_of,
            )
        if self.global_key is None:
            yield Output(info.url, make())
            return
        newest = articles[: self.settings.feed_size]

        @functools.cache  # asked by _kept_or_made, then by the output's key
        def signature() -> str:
            return _digest((self.global_key, "feed", info.url, info.page_url, info.title, subtitle, self._sigs(newest)))
        # Settled: its title, address and entries' places and types are the last build's; with
        # none of its entries changed, so is its signature.
        unsettled = self._unsettled
        settled = unsettled is not None and not any(a.id in unsettled for a in newest)
        yield from self._kept_or_made(_FEED_PREFIX + info.url, signature,
                                      lambda: [Output(info.url, make=make, key=signature())], settled)

    def keep_unused(self) -> None:
        """The related bulletins' entries of the last build, kept for the next one when this
        build needed none (every bulletin's page settled): they check themselves (the lists
        against a digest of their inputs, each record's keys against its fingerprint)."""
        if self._related is None:
            self._carry_related()

    def _carry_related(self) -> None:
        """The last build's related lists and each record's keys for them, into this build's
        index as they were."""
        if self.previous is None or self.global_key is None:
            return
        for unit, value in self.previous.items():
            if unit in (_RELATED_UNIT, _RELATED_NOTES) or unit.startswith(_RELATED_NOTE_PREFIX):
                self.index[unit] = value

    def _settle(self) -> frozenset[str] | None:
        """Whether every grouping shows what it showed in the last build, known without signing
        one; then the bulletins whose own page may still differ (else None: sign every unit,
        or those ``_partial`` does not find settled).

        The groupings (their members, order, labels, counts, pages, cards, people's rows and
        related lists) are made from the records' grouped fields (``grouped_digest``: the light
        record without the source's hash and the word count) and what the archive derives (the
        addresses and the duplicate groups). When each record's grouped fields and derived values
        are the last build's, under the same key (code, templates, settings, search) and with the
        theme's own templates (a site's templates may show any field in a list), no grouping's
        signature can differ from the last build's: an edit inside a bulletin's body then signs
        its own page (and its duplicate group's pages) only, not the tens of thousands of
        groupings and bulletins (1.3 s at 10,000 bulletins). When some records' grouped fields
        or derived values changed, or records were added or removed, ``_settle_part`` finds the
        groupings and bulletins none of whose inputs changed. The records' state is kept in the
        index for the next build. ``DANVAN_CHECK_SETTLED=1`` signs every unit anyway and fails
        on one whose signature changed (the test suite sets it)."""
        if self.global_key is None:
            return None
        previous = self.previous if self.previous is not None else {}
        before = previous.get(_RECORDS_UNIT)
        usable = isinstance(before, tuple) and len(before) == 3 and before[0] == self.global_key
        records = self.archive.records
        changed: set[str] = set()  # a new record, or another fingerprint
        moved: set[str] = set()  # a new record, or other grouped fields or derived values
        kept_shown: dict[str, str] = {}
        for a in records:
            fp = a.fingerprint or ""
            unit = _RECORD_PREFIX + a.id
            last = previous.get(unit) if usable else None
            if last is not None and last[0] == fp and fp:
                grouped = last[1]
            else:
                grouped = grouped_digest(a)
                changed.add(a.id)
            row = (fp, grouped, a.url, a.own_url, a.raw_url, a.duplicate_of, a.similarity,
                   tuple(s.id for s in a.sources))
            # One entry per record: the index is saved as its changes, and an edit changes one.
            # ``finish_index`` adds what the lists show of it (``_shown_sig``) as a ninth value.
            self.index[unit] = row  # type: ignore[assignment]
            if last is None or last[1:8] != row[1:]:
                moved.add(a.id)
            elif len(last) == 9:
                kept_shown[a.id] = last[8]
        report = self.report is not None
        order = _digest([a.id for a in records])
        self.index[_RECORDS_UNIT] = (self.global_key, report, order)  # type: ignore[assignment]
        if not theme_only(self.settings):
            return None
        if not usable or before[1] != report:
            self._node_states({})  # for the next build
            return None
        self._kept_shown, self._moved = kept_shown, moved
        # A bulletin's page names its group's records with their fingerprints (the sources).
        unsettled = frozenset(s for a in records if a.id in changed or a.id in moved
                              for s in (a.id, *(x.id for x in a.sources)))
        if moved or before[2] != order:
            self._partial = self._settle_part(previous, unsettled)
            return None
        self._carry_states(previous)
        return unsettled

    @staticmethod
    def _node_state(node: Node) -> bytes:
        """What the last build's index keeps of a grouping (``"state <url>"``), 16 bytes: a digest
        of what a page linking to it shows of it itself (its part of ``_light_sig``), then one of
        the rest of what its own pages show of it (``_node_sig``: its kind, key, roles, count and
        children). Its trail is the states of its parents: the whole is ``_node_sig``. Short
        digests, not the values, as the index holds 30,000 of them at 10,000 bulletins."""
        children = tuple((c.label, c.url, c.count, c.description, c.code, c.successor) for c in node.children)
        own = (node.label, node.url, node.description, node.code, node.successor)
        rest = (node.kind, node.key, tuple(node.roles), node.count, children)
        return (hashlib.blake2b(repr(own).encode("utf-8"), digest_size=8).digest()
                + hashlib.blake2b(repr(rest).encode("utf-8"), digest_size=8).digest())

    def _carry_states(self, previous: RenderIndex) -> None:
        """The groupings' states, when every grouping is settled: the last build's (made and
        compared under ``DANVAN_CHECK_SETTLED``)."""
        for node in self.archive.list_nodes():
            unit = _STATE_PREFIX + node.url
            if CHECK_SETTLED:
                state = self._node_state(node)
                if previous.get(unit) not in (None, state):
                    raise AssertionError(f"{unit}: kept as settled, but the grouping changed")
                self.index[unit] = state  # type: ignore[assignment]
            elif unit in previous:
                self.index[unit] = previous[unit]

    def _node_states(self, previous: RenderIndex) -> tuple[set[int], list[Node]]:
        """Every grouping's state into the index; the groupings whose names and addresses are the
        last build's (by ``id``), and those whose whole state is."""
        light_ok: set[int] = set()
        same_state: list[Node] = []
        for node in self.archive.list_nodes():  # parents before their children
            unit = _STATE_PREFIX + node.url
            state = self._node_state(node)
            last = previous.get(unit)
            if (isinstance(last, bytes) and last[:8] == state[:8]
                    and (node.parent is None or id(node.parent) in light_ok)):
                light_ok.add(id(node))
                if last == state:
                    same_state.append(node)
                    state = last  # the entry read, not a copy of it (30,000 of them)
            self.index[unit] = state  # type: ignore[assignment]
        return light_ok, same_state

    def _settle_part(self, previous: RenderIndex, unsettled: frozenset[str]) -> _Partial:
        """The groupings and bulletins that show what they showed in the last build, when some
        records were added, removed or regrouped (``_settle`` has found the records' states).

        A grouping's pages show its trail, children and count (its state), and what the lists
        show of each of its members (``_shown_sig``: the record, its addresses, and the names
        and addresses of its place and meeting type). A record whose grouped fields and derived
        values are the last build's (not ``moved``) belongs to the same groupings, in the same
        order among the others: a grouping with the same state and no moved member (a removed
        one changes the count) has the same members, and when none of them is shown otherwise,
        the same signature. The people's index signs its people (their keys): settled when every
        person is; the organisations' index shows their rows, and is always signed. A bulletin's
        page shows its record, its group (``unsettled``), the names and addresses of its
        groupings and its related bulletins: settled when none of these changed.

        At 10,000 bulletins an addition then signs the groupings of the new record (about 20)
        and the pages of the bulletins that share one whose name or address changed, instead of
        30,000 groupings and 10,000 bulletins (3 s)."""
        archive = self.archive
        light_ok, same_state = self._node_states(previous)
        shown_dirty = set(self._moved)
        for a in archive.records:
            for node in (archive.locality_of.get(a.id), archive.meeting_type_of.get(a.id)):
                if node is not None and id(node) not in light_ok:
                    shown_dirty.add(a.id)
        for rid in shown_dirty:
            self._kept_shown.pop(rid, None)
        settled: set[int] = set()
        for node in same_state:
            if not any(a.id in shown_dirty for a in node.articles):
                settled.add(id(node))
        people, organisations = archive.people, archive.organisations
        if any(id(person) not in settled for person in people.children):
            settled.discard(id(people))
        settled.discard(id(organisations))
        related = previous.get(_RELATED_UNIT)
        return _Partial(unsettled=unsettled, light_ok=light_ok, shown_dirty=frozenset(shown_dirty),
                        nodes=settled, related=related[1] if isinstance(related, tuple) and len(related) == 2 else None)

    def _article_settled(self, article: Article) -> bool:
        """Whether a bulletin's pages are known to show what they showed in the last build:
        every grouping settled (``_settle``), or, with ``_partial``, its record and group as
        they were, its groupings' names and addresses too, and its related bulletins the same
        bulletins shown as they were."""
        if self._unsettled is not None:
            return article.id not in self._unsettled
        part = self._partial
        if part is None or part.related is None or article.id in part.unsettled:
            return False
        archive, ok = self.archive, part.light_ok
        dated, people, organisations = self._page_groupings(article)
        nodes = [archive.locality_of.get(article.id), archive.meeting_type_of.get(article.id), *dated]
        nodes += [node for _, node in people + organisations]
        if any(node is not None and id(node) not in ok for node in nodes):
            return False
        if any(s.id in part.unsettled for s in article.sources):
            return False
        if article.duplicate_of is not None:
            return True  # its page redirects: no related bulletins
        if self._related is None:
            self.related(article)  # the lists, made once
        shown = self._related.get(article.id) or []  # type: ignore[union-attr]
        if shown != (part.related.get(article.id) or []):
            return False
        return not any(rid in part.shown_dirty for rid in shown)

    def _node_settled(self, node: Node) -> bool:
        """Whether a grouping's pages are known to show what they showed in the last build."""
        if self._unsettled is not None:
            return True
        return self._partial is not None and id(node) in self._partial.nodes

    def finish_index(self) -> None:
        """Each record's entry in the index with what the lists showed of it (``_shown_sig``),
        for the next build's ``_settle_part``: made in this build, else the last build's (under
        ``DANVAN_CHECK_SETTLED``, made again and compared), else made now."""
        if self.global_key is None or self._shown_sigs is self._item_sigs:
            return
        made, kept = self._shown_sigs, self._kept_shown
        for a in self.archive.records:
            unit = _RECORD_PREFIX + a.id
            row = self.index.get(unit)
            if not isinstance(row, tuple) or len(row) != 8:
                continue
            shown = made.get(a.id) or kept.get(a.id) or self._shown_sig(a)
            if CHECK_SETTLED and a.id in kept and kept[a.id] != self._shown_sig(a):
                raise AssertionError(f"{unit}: kept as shown in the last build, but what the lists show of it changed")
            entry = (*row, shown)
            last = self.previous.get(unit) if self.previous is not None else None
            self.index[unit] = last if last == entry else entry  # type: ignore[assignment]

    def _light(self, node: Node | None) -> str | None:
        """``_light_sig(node)`` as a short digest made once per grouping: a bulletin's key names
        its place, month, period, people and organisations, and hashing their trails anew for
        each of 10,000 bulletins cost about a second."""
        if node is None:
            return None
        sig = self._light_sigs.get(id(node))
        if sig is None:
            sig = self._light_sigs[id(node)] = _digest(_light_sig(node))
        return sig

    def _item_sig(self, article: Article) -> str:
        """What a list shows of a bulletin (its record, its addresses, its place and type), as a
        short digest made once per bulletin: the signatures of lists hash these, not the tuples
        (a list of 10,000 bulletins then hashes 10,000 short strings, not 3 MB of reprs)."""
        sig = self._item_sigs.get(article.id)
        if sig is None:
            sig = self._item_sigs[article.id] = _digest(self._make_item_sig(article))
        return sig

    def _sigs(self, articles: Sequence[Article]) -> list[str]:
        """``_item_sig`` of each bulletin: looked up without a call per bulletin once made (the
        signatures of the groupings list about twenty bulletins for each one in the archive).
        A sequence, not an iterator: a bulletin not signed yet has the list made again."""
        return _looked_up(self._item_sigs, self._item_sig, articles)

    def _shown(self, articles: Sequence[Article]) -> list[str]:
        """``_shown_sig`` of each bulletin (``_item_sig`` with templates of the site's own),
        looked up as ``_sigs`` looks up its signatures: the key of every page that lists
        bulletins (lists, people, related bulletins)."""
        return _looked_up(self._shown_sigs, self._shown_of, articles)

    def _shown_sig(self, article: Article) -> str:
        """What the theme's pages that list bulletins show of one, as a short digest: the card
        (``article_card`` in ``_macros.html``: address, headline, date, place, meeting type,
        summary or else the first paragraph), the person pages' rows and the people index (the
        people named and their roles), and the names the headline is written with
        (``display.headline``). A sentence changed further down a body, a word count, the
        source's hash: none of them is shown in a list, so no list is made again for them (at
        10,000 bulletins an edit of a body re-keyed about 25 groupings, 500 pages of the list of
        every bulletin among them, and the people index). Only while the theme's own templates
        are in use (``theme_only``); the bulletin's own page and the feeds keep ``_item_sig``."""
        sig = self._shown_sigs.get(article.id)
        if sig is None:
            archive = self.archive
            author = article.author.name if article.author is not None else None
            sig = self._shown_sigs[article.id] = _digest((
                article.url, article.own_url, article.raw_url, article.duplicate_of, len(article.sources),
                self._light(archive.locality_of.get(article.id)), self._light(archive.meeting_type_of.get(article.id)),
                article.title, article.sort_date, article.locality,
                [(p.name, p.roles) for p in article.people], author, article.organisations, article.organizer,
                article.summary, article.body[0] if article.body and not article.summary else None,
            ))
        return sig

    def _make_item_sig(self, article: Article) -> tuple[Any, ...]:
        archive = self.archive
        return (article.fingerprint, article.url, article.own_url, article.raw_url, article.duplicate_of,
                len(article.sources), self._light(archive.locality_of.get(article.id)),
                self._light(archive.meeting_type_of.get(article.id)))

    def feeds(self) -> Iterator[Output | KeptFiles]:
        """``feed.xml`` (every bulletin), then the feed of every place and meeting type."""
        yield from self.feed(self.site_feed, self.archive.articles, subtitle=self.settings.description)
        for node in self.feed_nodes():
            info = self.node_feed(node)
            if info is not None:
                yield from self.feed(info, node.articles)

    def not_found_page(self) -> Output:
        """``404.html``: served by the web server for a missing address at any depth ("/a/b/c/"),
        where relative links would be read against that address, so every link is root-relative:
        under the path of the base URL ("/luu-tru/static/style.css"), or, without a base URL,
        under the domain's root ("/static/style.css")."""
        title = "Không tìm thấy trang"
        return self.page("404.html", urls.NOT_FOUND, title, [(title, urls.NOT_FOUND)], section=None,
                         meta=seo.PageMeta(noindex=True), link_base=seo.root_path(self.site["base_url"]),
                         base_known=bool(self.site["base_url"]))

    def machine_files(self) -> Iterator[Output]:
        """``robots.txt`` and, with a base URL, the sitemap of every page rendered so far."""
        yield Output(urls.ROBOTS, feeds.robots_txt(self.site["base_url"]))
        for path, content in feeds.sitemap_files(self.sitemap_pages, self.site["base_url"]):
            yield Output(path, content)

    # people and statistics --------------------------------------------------------------------

    def profile(self, node: Node) -> stats.PersonProfile:
        """What the bulletins say about one person (computed once per build)."""
        found = self._profiles.get(id(node))
        if found is None:
            found = self._profiles[id(node)] = stats.person_profile(self.archive, node)
        return found

    def people_index(self, node: Node, section: str) -> Iterator[Output]:
        """``nguoi/``: people in Vietnamese alphabetical order, paginated, with a letter index
        that leads to the page and heading of each letter's first person."""
        size = self.settings.page_size
        pagers = paginate_alphabetical(node.children, node.url, size)
        letters = stats.people_letters(node.children, node.url, [p.number for p in pagers for _ in p.items])
        anchors = {link.letter: link.anchor for link in letters}
        for pager in pagers:
            def late(people: Sequence[Node] = pager.items) -> dict[str, Any]:
                groups: list[tuple[str, str, list[tuple[Node, stats.PersonProfile]]]] = []
                for person in people:
                    letter = stats.letter_of(person.label)
                    if not groups or groups[-1][0] != letter:
                        groups.append((letter, anchors.get(letter, stats.letter_anchor(letter)), []))
                    groups[-1][2].append((person, self.profile(person)))
                return {"groups": groups}
            key = None
            if self.global_key is not None:
                # Not the number of people nor of pages (the first page's description counts
                # the people, and only the first page's key holds their number; the last pages'
                # links reach the end): a name added elsewhere leaves this page as it is.
                people = (node.count, len(node.children)) if pager.number == 1 else None
                key = (_light_sig(node), people, pager.number, pager.names,
                       pager.window(), pager.next_url, letters, [self._person_key(person) for person in pager.items])
            yield self.page("people.html", pager.url, self._title(node, pager), self._crumbs(node, pager),
                            section=section, node=node, pager=pager, letters=letters, cache_key=key, late=late)

    def _person_salt(self) -> str:
        """What every person's pages share in their signature (the render's key, the page size,
        whether there is a quality report), as one digest made once."""
        if self._salt is None:
            self._salt = _digest((self.global_key, "person", self.settings.page_size, self.report is not None))
        return self._salt

    def _person_key(self, person: Node) -> str:
        """What the pages of a person show: the person and every bulletin naming them."""
        key = self._person_keys.get(id(person))
        if key is None and not CHECK_SETTLED and self._node_settled(person) and self.previous is not None:
            # Settled: the last build's, the end of the person's signature (``node_pages``).
            before = self.previous.get("node " + person.url)
            salt = self._person_salt()
            if before is not None and before[0].startswith(salt):
                key = self._person_keys[id(person)] = before[0][len(salt):]
        if key is None:
            key = _digest((_node_sig(person), self._shown(person.articles)))
            self._person_keys[id(person)] = key
        return key

    def person_pages(self, node: Node, section: str) -> Iterator[Output]:
        """A person's pages: the roles over time, one table row per bulletin, newest first,
        paginated like every list; the roles, places and meeting types summed up above it."""
        if self.global_key is None:
            profile = self.profile(node)
            for pager in paginate_stable(profile.statements, node.url, self.settings.page_size, _statement_date):
                yield self.page("person.html", pager.url, self._title(node, pager), self._crumbs(node, pager),
                                section=section, node=node, pager=pager, profile=profile)
            return
        # Incremental: the profile is worked out only when a page has to be made again.
        size = self.settings.page_size
        key = self._person_key(node)
        for pager in paginate_stable(node.articles, node.url, size):
            def late(node: Node = node, number: int = pager.number) -> dict[str, Any]:
                profile = self.profile(node)
                pages = paginate_stable(profile.statements, node.url, size, _statement_date)
                return {"profile": profile, "pager": next(p for p in pages if p.number == number)}
            yield self.page("person.html", pager.url, self._title(node, pager), self._crumbs(node, pager),
                            section=section, node=node, pager=pager, cache_key=(key, pager.number), late=late)

    def stats_page(self) -> Output:
        """``thong-ke/``: the totals in words and four charts, each with its table. Its content is
        worked out only when the page is made: in an incremental build, when what it shows
        (``_stats_key``) changed."""
        title = "Thống kê"

        def late() -> dict[str, Any]:
            drawn = [(chart, charts.render_chart(chart)) for chart in stats.charts(self.archive)]
            return {"summary": stats.summarise(self.archive), "charts": drawn,
                    "report_tables": tables.stats_context(self.archive)}
        key = self._stats_key() if self.global_key is not None else None
        return self.page("stats.html", urls.STATS, title, [(title, urls.STATS)], section=urls.STATS,
                         share=stats.share, cache_key=key, late=late)

    def _stats_key(self) -> tuple[Any, ...]:
        """What the statistics page is made of (site/stats.py, ``tables.stats_context``), as plain
        values: what the period tables count (``_tables_key``, the report tables' own key), the
        archive's counts, each bulletin's filing date and place (its grouping's names along the
        trail, and its kind), and the place and meeting-type groupings with their counts. An edit
        that leaves them as they were (a sentence of a body, a person's role) keeps the page,
        and its charts and tables are not worked out again (0.4–0.7 s at 10,000 bulletins)."""
        archive = self.archive
        filed = []
        for article in archive.articles:
            place = archive.locality_of.get(article.id)
            filed.append((article.sort_date, self._light(place), place.kind if place is not None else None))
        groupings = [(root.url, _node_sig(root), [(c.key, c.kind) for c in root.children])
                     for root in (archive.localities, archive.meeting_types)]
        return self._tables_key(), repr(archive.counts), filed, groupings

    def search_page(self, ready: bool = True) -> Output:
        """``tim-kiem/``: the search page. ``ready`` says whether the search index was built; when
        it was not, the page says so and loads no script."""
        title = "Tìm kiếm"
        return self.page("search.html", urls.SEARCH, title, [(title, urls.SEARCH)], section=urls.SEARCH,
                         search_ready=ready)

    def glossary_page(self) -> Output:
        crumbs = [("Từ viết tắt", urls.GLOSSARY)]
        return self.page("glossary.html", urls.GLOSSARY, "Từ viết tắt", crumbs, section=urls.GLOSSARY,
                         entries=self.archive.glossary)

    def report_page(self, report: QualityReport) -> Output:
        """``bao-cao/``: made again only when what it shows changed. Everything the page shows of
        the report is in ``api/report.json`` (made first, 0.4 s at 10,000 bulletins, against 1.4 s
        for the page's rows and template), so the page's key is that file's digest with the
        corpus's name and the addresses of the merged duplicates' bulletins."""
        title = "Báo cáo chất lượng dữ liệu"
        by_record = {a.id: a for a in self.archive.records}
        corpus_name = Path(self.settings.corpus).name or "corpus"
        duplicates = [(d, by_record.get(d["id"])) for d in report.duplicates]

        def late() -> dict[str, Any]:
            by_id = {a.id: a for a in self.archive.articles}
            to_fix, complete = [], []
            for b in _ordered_bulletins(report):
                article = by_id.get(b.id)
                row = {
                    "report": b,
                    "url": b.url or (article.url if article is not None else ""),
                    "missing": [field_label(f) for f in b.missing],
                    "uncertain": [(field_label(f), reason) for f, reason in b.uncertain.items()],
                    "overridden": [field_label(f) for f in b.overridden],
                    "sidecar_path": f"{corpus_name}/{b.sidecar_file}" if b.sidecar_file else None,
                    "why": _Why(b.evidence),
                }
                (complete if b.clean else to_fix).append(row)
            return {"to_fix": to_fix, "complete": complete}

        counts = report.counts
        key = None
        if self.global_key is not None:
            key = (hashlib.blake2b(self._report_bytes(report), digest_size=16).hexdigest(), corpus_name,
                   [(d.get("id"), record.url if record is not None else None) for d, record in duplicates])
        return self.page(
            "report.html", urls.REPORT, title, [(title, urls.REPORT)], section=urls.REPORT,
            counts=[(COUNT_LABELS.get(k, k), v) for k, v in counts.items() if k != "bulletins"],
            duplicates=duplicates,
            rejected=sorted(report.rejected, key=lambda r: (str(r.get("file")), str(r.get("reason")))),
            other=sorted(report.other, key=_diagnostic_order),
            corpus_name=corpus_name,
            learned_chrome=report.learned_chrome,
            cache_key=key, late=late,
        )

    def _report_bytes(self, report: QualityReport) -> bytes:
        """``api/report.json``'s bytes, made once per build (the page's key and the file)."""
        if self._report_json is None:
            self._report_json = report_json(report, self.archive.records, self.settings.build_time,
                                            fragments=_fragments(self.settings, self.global_key, "report"))
        return self._report_json

    def report_json(self, report: QualityReport) -> Output:
        return Output(urls.API_REPORT, self._report_bytes(report))

    def raw_copy(self, article: Article) -> Output:
        corpus = Path(self.settings.corpus)
        relative = PurePosixPath(article.source_file)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise BuildError(f"bulletin '{article.id}': source file '{article.source_file}' must be a "
                             f"path inside the corpus folder.")
        source = corpus.joinpath(*relative.parts)
        try:
            inside = source.resolve().is_relative_to(corpus.resolve())
        except OSError:
            inside = False
        if not inside or not source.is_file():
            raise BuildError(f"bulletin '{article.id}': its source file {source} was not found in the corpus "
                             f"folder {corpus}.")
        return Output(article.raw_url, source=source, key=f"raw {article.sha256}")

    def static_files(self) -> Iterator[Output]:
        found: dict[str, Path] = {}
        folders = [Path(self.settings.theme) / "static"]
        if self.settings.templates is not None:
            folders.append(Path(self.settings.templates) / "static")  # later folders win
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder)
                if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                    found[rel.as_posix()] = path
        for rel in sorted(found):
            yield Output(urls.output_path(urls.static_url(rel)), source=found[rel])

    def _export(self, path: str, cost: int = 1, group: str | None = None) -> Output:
        """A whole-archive export: made only when what it is made of changed (incremental builds,
        ``export_keys``). ``cost``: its time per record against a page's (for the writer's share
        of work)."""
        make = self.export_makers()[path]
        if self.global_key is None:
            return Output(path, make())
        ready = None
        if path in self.record_exports.makers():
            make, ready = self.record_exports.maker(path, make), self.record_exports.ready(path)
        elif self.early is not None:
            make, ready = self.early.maker(path, make), self.early.ready(path)
        return Output(path, make=make, key=self.export_keys()[path], weight=cost * len(self.archive.records),
                      group=group, ready=ready)

    def export_keys(self) -> dict[str, str]:
        """Each whole-archive export's key: its path, the version of its format, and what it is
        made of: every record for the records' exports (``RecordExports.keys``); what the report
        tables count (``_tables_key``) for ``api/thong-ke/``, kept when an edit changed nothing
        they count. Made once."""
        if self._export_keys is None:
            keys = dict(self.record_exports.keys())
            for path in tables.csv_paths():
                keys[path] = _digest((self.global_key, path, "thong-ke", self._tables_key()))
            self._export_keys = keys
        return self._export_keys

    def _tables_key(self) -> str:
        """What ``api/thong-ke/`` counts (``tables.counted_inputs``), as a digest, made once."""
        if self._tables_digest is None:
            self._tables_digest = _digest(tables.counted_inputs(self.archive))
        return self._tables_digest

    def export_makers(self) -> dict[str, Callable[[], bytes]]:
        """Every whole-archive export (path -> its maker), in the order they are yielded."""
        if self._makers is not None:
            return self._makers
        makers: dict[str, Callable[[], bytes]] = dict(self.record_exports.makers())
        made: dict[str, bytes] = {}

        def one(path: str) -> bytes:
            if not made:
                made.update(tables.report_csvs(self.archive))
            return made[path]
        for path in tables.csv_paths():
            makers[path] = lambda p=path: one(p)
        self._makers = makers
        return makers

    def start_exports(self) -> None:
        """The records' exports, when the pipeline has not started them already
        (``RecordExports.start``), and the report tables when what they count changed, each
        made by a forked process while this one goes through the pages (when the build may use
        more than one process; the tables cost about 0.9 s at 10,000 bulletins). An export
        whose key is the last one's is left to the writer, which keeps the file."""
        if self.global_key is None:
            return
        self.record_exports.start(exports_made(self.previous))
        if self.settings.jobs <= 1 or not EarlyExports.possible():
            return
        made = exports_made(self.previous)
        keys = self.export_keys()
        records = self.record_exports.makers()
        changed = {path: make for path, make in self.export_makers().items()
                   if path not in records and made.get(path) != keys[path]}
        if changed:
            self.early = EarlyExports(changed, near=_work_folder(self.settings))
            self.record_exports.others.append(self.early)  # closed with the records' (``close``)

    def finish_exports(self) -> None:
        """Wait for the exports' processes (before any writer reads what they made)."""
        if self.global_key is not None:
            self.index[_EXPORTS_UNIT] = ("", [(path, key, None) for path, key in self.export_keys().items()])
        with profiling.timed("render:waiting for the exports"):
            self.record_exports.finish()
            if self.early is not None:
                self.early.finish()

    def json_export(self) -> Output:
        return self._export(urls.API_ARTICLES)

    def csv_export(self) -> Output:
        return self._export(urls.API_CSV)

    def sqlite_export(self) -> Iterator[Output]:
        """``api/articles.sqlite`` (site/sqlite_export.py); not made, with a warning, where this
        Python's SQLite has no FTS5 (its full-text index needs it)."""
        if not fts5_available():
            return  # the pipeline says so in a warning (build/pipeline.py)
        yield self._export(urls.API_SQLITE, cost=6)  # 3.5 s at 10,000, json 0.7 s

    def report_tables(self) -> Iterator[Output]:
        """``api/thong-ke/*.csv``: counts by reporting period x meeting type x place (site/tables.py);
        made only when what they count changed (the files are made together, once)."""
        paths = tables.csv_paths()
        for path in paths:  # 0.9 s for all five at 10,000: made in one process
            yield self._export(path, cost=2 if path == paths[0] else 0, group="thong-ke")


# The report's counts, named for readers, in the order they are shown.
COUNT_LABELS: dict[str, str] = {
    "files": "tệp bản tin đã đọc",
    "built": "bản tin có trang riêng",
    "merged_duplicates": "bản trùng đã gộp",
    "bulletins": "bản tin",
    "complete": "bản tin đầy đủ",
    "with_missing_fields": "bản tin thiếu thông tin",
    "with_uncertain_fields": "bản tin có thông tin chưa chắc chắn",
    "missing_fields": "trường còn thiếu",
    "uncertain_fields": "trường chưa chắc chắn",
    "warnings": "cảnh báo",
    "rejected": "tệp bị loại",
}


def _diagnostic_order(d: Diagnostic) -> tuple[Any, ...]:
    return (d.file, d.line or 0, d.message, d.hint or "")


_EVIDENCE_FIELDS = (("title", "tiêu đề"), ("published", "ngày đăng"), ("locality", "địa phương"), ("author", "tác giả"))


class _Why:
    """A bulletin's evidence rows (``_evidence_rows``) for the report page, worked out when the
    template asks (``{% if row.why %}``, then ``{% for w in row.why %}``) and let go once shown:
    the page lists every bulletin, and the rows of 10,000 held at once, with the evidence they
    are read from, took about 100 MB of the process making the page."""

    __slots__ = ("evidence", "rows")

    def __init__(self, evidence: Mapping[str, Any]) -> None:
        self.evidence = evidence
        self.rows: list[dict] | None = None

    def _made(self) -> list[dict]:
        if self.rows is None:
            self.rows = _evidence_rows(self.evidence)
        return self.rows

    def __bool__(self) -> bool:
        return bool(self._made())

    def __iter__(self) -> Iterator[dict]:
        rows, self.rows = self._made(), None
        return iter(rows)


def _evidence_rows(evidence: Mapping[str, Any]) -> list[dict]:
    """How each field was chosen, for the report page: value, where, reasons, the runner-up."""
    evidence = plain_evidence(evidence)  # as stored, decoded once here
    rows = []
    for key, label in _EVIDENCE_FIELDS:
        d = evidence.get(key)
        if not d or not d.get("chosen"):
            continue
        chosen, rival = d["chosen"], d.get("runner_up")
        rows.append({"label": label, "value": chosen["value"], "where": chosen["where"],
                     "reasons": [r for r in chosen["reasons"] if r],
                     "rival": (rival["value"], rival["where"]) if rival else None})
    captions = evidence.get("captions") or []
    if captions:
        rows.append({"label": "bỏ khỏi thân bài", "value": f"{len(captions)} dòng chú thích ảnh", "where": "",
                     "reasons": [f"dòng {c['line']}: {c['reason']}" for c in captions], "rival": None})
    return rows


def _ordered_bulletins(report: QualityReport) -> list[Any]:
    """Bulletins with something to fix first, then by source file."""
    return sorted(report.bulletins, key=lambda b: (b.clean, b.source_file, b.id))


def report_json(report: QualityReport, articles: Sequence[Article] = (), generated: datetime | None = None,
                fragments: Fragments | None = None) -> bytes:
    """``api/report.json``: ``report.to_json()`` with every list in a fixed order (bulletins to
    fix first, then by file; rejected files and other diagnostics by file) and each bulletin's
    ``url`` taken from its article when the report was made before the URLs were known.

    A bulletin's line is made from its record alone (and the code and vocabularies, which the
    ``fragments``' version covers): with ``fragments``, the lines of records unchanged since the
    last build are taken as they were (0.5 s of 0.8 s at 10,000 bulletins went to making them)."""
    by_id = {a.id: a for a in articles}
    data = report.to_json(bulletins=False)  # each bulletin's line is made below (or kept)
    if generated is not None:
        data = {"schema_version": data.pop("schema_version"), "generated": generated.isoformat(), **data}

    def line(b: Any) -> str:
        record = b.to_json()
        if not record.get("url"):
            article = by_id.get(record["id"])
            record["url"] = article.url if article is not None else ""
        return json.dumps(record, ensure_ascii=False)

    lines: list[bytes] = []
    for b in _ordered_bulletins(report):
        article = by_id.get(b.id)
        if fragments is not None and article is not None and article.id == b.id:
            lines.append(fragments.piece(article, lambda _a, b=b: line(b)))
        else:
            lines.append(line(b).encode("utf-8"))
    if fragments is not None:
        fragments.save()
    data["bulletins"] = lines
    data["rejected"] = sorted(data["rejected"], key=lambda r: (str(r.get("file")), str(r.get("reason"))))
    data["duplicates"] = sorted(data["duplicates"], key=lambda r: (str(r.get("file")), str(r.get("id"))))
    data["other"] = [
        {"file": d.file, "message": d.message, "line": d.line, "hint": d.hint}
        for d in sorted(report.other, key=_diagnostic_order)
    ]
    return _lines_json(data, encoded=("bulletins",))


def _lines_json(data: dict[str, Any], encoded: tuple[str, ...] = ()) -> bytes:
    """``data`` as JSON with one top-level key a line and each item of a list on a line of its own:
    as easy to read and to diff as an indented dump, and made by json's C encoder (an indented
    dump takes the pure-Python one: 2 s for the report of 10,000 bulletins instead of 0.3 s).
    The lists named in ``encoded`` hold their items as JSON already (UTF-8 bytes)."""
    parts: list[bytes] = []
    for key, value in data.items():
        name = json.dumps(key).encode("utf-8")
        if key in encoded and value:
            parts.append(name + b": [\n" + b",\n".join(value) + b"\n]")
        elif key in encoded:
            parts.append(name + b": []")
        elif isinstance(value, list) and value:
            items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(name + f": [\n{items}\n]".encode("utf-8"))
        else:
            parts.append(name + f": {json.dumps(value, ensure_ascii=False)}".encode("utf-8"))
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def _json_line(article: Article) -> str:
    return json.dumps(article.to_json(), ensure_ascii=False)


def articles_json(articles: Sequence[Article], generated: datetime | None = None,
                  fragments: Fragments | None = None) -> bytes:
    """The public export (spec/articles-json.md): articles in the given (newest-first) order;
    ``generated`` (the SOURCE_DATE_EPOCH time) only when given; lines kept in ``fragments`` are
    not made again."""
    # One record a line, each encoded by json's C encoder (an indented dump of tens of thousands
    # of records takes the pure-Python encoder and ten times as long).
    head = f'{{"schema_version": {SCHEMA_VERSION},'
    if generated is not None:
        head += f' "generated": {json.dumps(generated.isoformat())},'
    if fragments is not None:
        pieces = [fragments.piece(a, _json_line) for a in articles]
        fragments.save()
        if not pieces:
            return (head + ' "articles": []}\n').encode("utf-8")
        # one copy of the tens of megabytes, not one for each part added
        return b"".join([head.encode("utf-8"), b' "articles": [\n', b",\n".join(pieces), b"\n]}\n"])
    lines = ",\n".join(_json_line(a) for a in articles)
    return (head + (f' "articles": [\n{lines}\n]}}\n' if lines else ' "articles": []}\n')).encode("utf-8")


def _fragments(settings: Settings, key: str | None, name: str) -> Fragments | None:
    """The records' pieces of one export kept in the cache folder under ``key`` (site/exports.py),
    for an incremental build with a cache folder."""
    if key is None or settings.cache is None:
        return None
    folder = Path(settings.cache) / "exports"
    try:
        (folder / f"{name}.pickle").unlink(missing_ok=True)  # where an earlier version kept them
    except OSError:
        pass
    return Fragments(folder / f"{name}.db", key)


def exports_made(index: RenderIndex | None) -> dict[str, str]:
    """Each export's path and the key a build made it under, from its render index (the
    pipeline keeps them apart too, so that the next build starts the records' exports without
    reading the whole index first: ``RecordExports.start``)."""
    before = index.get(_EXPORTS_UNIT) if index is not None else None
    return {path: key for path, key, _ in before[1]} if before is not None else {}


def _work_folder(settings: Settings) -> Path | None:
    """Where the exports' process makes its files: the working folder, on the file system of
    the spare copy the writer brings up to date (so a file is moved there, not copied); None
    without a cache (a temporary folder then)."""
    return Path(settings.work_dir) if settings.cache is not None else None


def _looked_up(known: dict[str, str], make: Callable[[Article], str], articles: Sequence[Article]) -> list[str]:
    """The signature of each bulletin: looked up in ``known`` without a call per bulletin once
    made (the signatures of the groupings list about twenty bulletins for each one in the
    archive); ``make`` (which fills ``known``) for a list with one not signed yet."""
    try:
        return [known[a.id] for a in articles]
    except KeyError:
        return [make(a) for a in articles]


def theme_only(settings: Settings) -> bool:
    """Whether the pages are made from the packaged theme alone (no templates of the site's own,
    and the default theme): then what a page shows of a bulletin is known field by field
    (``_Renderer._shown_sig``)."""
    if Path(settings.theme).resolve() != DEFAULT_THEME:
        return False
    own = settings.templates
    if own is None or not Path(own).is_dir():
        return True
    return not any(path.is_file() for path in Path(own).rglob("*"))


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def _light_sig(node: Node | None) -> tuple[Any, ...] | None:
    """What a page shows of a grouping it links to: names and addresses along its trail."""
    if node is None:
        return None
    return tuple((n.label, n.url, n.description, n.code, n.successor) for n in node.trail())


def _node_sig(node: Node) -> tuple[Any, ...]:
    """What a grouping's own page shows of it: its trail, itself and its children (with counts)."""
    return (_light_sig(node), node.kind, node.key, tuple(node.roles), node.count,
            tuple((c.label, c.url, c.count, c.description, c.code, c.successor) for c in node.children))


_EXPORTS_UNIT = "exports"  # in the render index: each export's path with the key it was last made under
_RELATED_UNIT = "related"  # in the render index: the related lists and the digest of their inputs
_RELATED_NOTES = "related-notes"  # in the render index: (the render's key,) of the notes below
_RELATED_NOTE_PREFIX = "related-note "  # in the render index: a record's keys, order and day (build_index)


class _Prefixed(Mapping[str, Any]):
    """The entries of ``index`` whose name starts with ``prefix``, by the rest of their name
    (looked up one by one: nothing is copied)."""

    def __init__(self, index: Mapping[str, Any], prefix: str) -> None:
        self.index, self.prefix = index, prefix

    def __getitem__(self, key: str) -> Any:
        return self.index[self.prefix + key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.index.get(self.prefix + key, default)

    def __iter__(self) -> Iterator[str]:
        n = len(self.prefix)
        return (unit[n:] for unit in self.index if unit.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


_RECORDS_UNIT = "records"  # in the render index: (key, report or not, digest of the records' order) (``_settle``)
_RECORD_PREFIX = "record "  # in the render index: "record <id>" -> that record's state (``_settle``)
_FEED_PREFIX = "feed "  # in the render index: "feed <path>" -> (its key, [(path, key, None)]) (``feed``)
_STATE_PREFIX = "state "  # in the render index: "state <url>" -> a grouping's state (``_node_state``)


@dataclass(frozen=True)
class _Partial:
    """What ``_Renderer._settle_part`` found settled when not every grouping is: the bulletins
    whose own pages may differ (``unsettled``), the groupings whose names and addresses are the
    last build's (``light_ok``, by ``id``), the records the lists may show otherwise
    (``shown_dirty``), the groupings settled (``nodes``, by ``id``) and the last build's related
    lists (None: not known, no bulletin settled)."""

    unsettled: frozenset[str]
    light_ok: set[int]
    shown_dirty: frozenset[str]
    nodes: set[int]
    related: dict[str, Any] | None


# Sign every unit even when the groupings are known to be settled, and fail on a signature that
# changed (``_Renderer._settle``): set by the test suite.
CHECK_SETTLED = os.environ.get("DANVAN_CHECK_SETTLED") == "1"
# Fields of a light record that no grouping shows or groups by (only a bulletin's own page and
# the exports do): an edit that changes only these and the body's later paragraphs leaves every
# grouping as it was.
UNGROUPED = ("sha256", "word_count")


def grouped_digest(article: Article) -> str:
    """A digest of what the archive groups a record by and its lists show of it: the light
    record (``records.record_dict``: no body past the first paragraph, no images, evidence or
    diagnostics) without ``UNGROUPED``."""
    data = record_dict(article, light=True)
    for name in UNGROUPED:
        data.pop(name, None)
    return fingerprint(canonical(data))  # as a record's own fingerprint is made


class EarlyExports:
    """Whole-archive exports made by a forked process, each into a file of a temporary folder
    (in the working folder when there is one), while the parent goes on; ``finish`` waits for
    it. The writer then moves each file into the site (``ready``, ``Output.ready``); when the
    process failed (or never wrote a file), the maker makes the export itself, so an error is
    raised where it always was (by the writer, naming the file)."""

    def __init__(self, makers: dict[str, Callable[[], bytes]],
                 files: Mapping[str, Callable[[Path], object]] | None = None, near: Path | None = None) -> None:
        """``makers``: each export's bytes; ``files``: for some, a function writing the file
        itself (the SQLite export is a file to begin with); ``near``: a folder on the file system
        of the site being written (the working folder), where the files are made so that the
        writer moves them into place with a rename (``Output.ready``)."""
        import tempfile

        self.makers = makers
        self.files = {path: write for path, write in (files or {}).items() if path in makers}
        self.names = {path: f"{i}.bin" for i, path in enumerate(makers)}
        where = str(near) if near is not None and Path(near).is_dir() else None
        self.folder = tempfile.TemporaryDirectory(prefix="danvan-exports-", dir=where)
        self.ok = False
        # Objects made so far are left out of the collector's passes (as the forked writers'):
        # the child would otherwise touch, and so copy, the whole archive when it collects.
        with heap.pinned():
            self.process = heap.fork_context().Process(target=self._run, daemon=True)
            self.process.start()

    @staticmethod
    def possible() -> bool:
        return heap.can_fork()

    def _run(self) -> None:
        import os

        for path, make in self.makers.items():
            target = os.path.join(self.folder.name, self.names[path])
            write = self.files.get(path)
            if write is not None:
                write(Path(target + ".part"))
            else:
                with open(target + ".part", "wb") as out:
                    out.write(make())
            os.replace(target + ".part", target)  # whole or absent

    def finish(self) -> None:
        self.process.join()
        self.ok = self.process.exitcode == 0

    def close(self) -> None:
        """Stop the process if it still runs and remove its folder (what it made with it)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.ok = False
        self.folder.cleanup()

    def ready(self, path: str) -> Callable[[], Path | None] | None:
        """For ``Output.ready``: the file the process made for ``path``, once it has ended well
        (None before, or when it failed or never made it); None for a path it does not make."""
        if path not in self.names:
            return None

        def made() -> Path | None:
            found = Path(self.folder.name) / self.names[path]
            return found if self.ok and found.is_file() else None
        return made

    def maker(self, path: str, fallback: Callable[[], bytes]) -> Callable[[], bytes]:
        if path not in self.names:
            return fallback  # not made by the process (its key was the last build's)

        def make() -> bytes:
            if self.ok:
                try:
                    return (Path(self.folder.name) / self.names[path]).read_bytes()
                except OSError:
                    pass
            return fallback()
        return make


class RecordExports:
    """``api/articles.json``, ``api/articles.csv`` and ``api/articles.sqlite``: made of the
    records alone (their fields, addresses and duplicate links), not of the groupings.

    The pipeline starts them (``start``) as soon as the records have their addresses, before the
    archive is grouped: at 10,000 bulletins the three cost about 6 CPU seconds after an edit
    (the SQLite file 4.5 of them, its full-text index made anew), while grouping and going
    through the pages cost about 8 on the other core. Started with the pages, as they were
    until the tenth round, an edit waited 1–2 s for them at the end (docs/benchmarks.md)."""

    def __init__(self, records: list[Article], settings: Settings, global_key: str | None) -> None:
        self.records = records
        self.settings = settings
        self.global_key = global_key  # the content key: exports do not depend on the search index
        self.early: EarlyExports | None = None
        self.others: list[EarlyExports] = []  # the report tables' process (``_Renderer.start_exports``)
        self.started = False
        self._keys: dict[str, str] | None = None
        self._makers: dict[str, Callable[[], bytes]] | None = None

    def _fragments(self, name: str) -> Fragments | None:
        return _fragments(self.settings, self.global_key, name)

    def makers(self) -> dict[str, Callable[[], bytes]]:
        """Each export's path and maker, in the order the site yields them."""
        if self._makers is None:
            records = self.records
            makers: dict[str, Callable[[], bytes]] = {
                urls.API_ARTICLES: lambda: articles_json(records, self.settings.build_time,
                                                         self._fragments("articles-json")),
                urls.API_CSV: lambda: articles_csv(records, self._fragments("articles-csv")),
            }
            if fts5_available():
                makers[urls.API_SQLITE] = lambda: articles_sqlite(records, self._fragments("articles-sqlite"))
            self._makers = makers
        return self._makers

    def keys(self) -> dict[str, str]:
        """Each export's key: the content key, its path, the version of its format, and every
        record (its fingerprint) with the addresses and duplicate links the archive gave it and
        the build time they state. Made once."""
        if self._keys is None:
            import sqlite3

            made_of = _digest((self.settings.build_time, [
                (a.id, a.fingerprint, a.url, a.own_url, a.raw_url, a.duplicate_of,
                 [(s.id, s.similarity, s.duplicate_of) for s in a.sources]) for a in self.records]))
            versions = {urls.API_ARTICLES: "json", urls.API_CSV: "csv", urls.API_SQLITE: f"sqlite {sqlite3.sqlite_version}"}
            self._keys = {path: _digest((self.global_key, path, versions[path], made_of)) for path in self.makers()}
        return self._keys

    def start(self, made: Mapping[str, str] | None) -> None:
        """Make, in a forked process, the exports whose key is not the one the last build made
        them under (``made``: path -> key, ``exports_made`` of the last render index); once, and
        only where the build may use more than one process and with a key (an incremental
        build). Were ``made`` not what the index says, it would only cost time: an export made
        here and kept by the render is thrown away, one the render wants and this did not make
        is made by the writer."""
        if self.started:
            return
        self.started = True
        if self.global_key is None or self.settings.jobs <= 1 or not EarlyExports.possible():
            return
        made = made or {}
        keys = self.keys()
        changed = {path: make for path, make in self.makers().items() if made.get(path) != keys[path]}
        if changed:
            records = self.records
            # The SQLite file is written where the writer takes it from (not made in a temporary
            # folder and read back as bytes).
            files = {urls.API_SQLITE: lambda target: write_articles_sqlite(records, target,
                                                                           self._fragments("articles-sqlite"))}
            self.early = EarlyExports(changed, files, near=_work_folder(self.settings))

    def maker(self, path: str, fallback: Callable[[], bytes]) -> Callable[[], bytes]:
        """What the writer calls for ``path`` when the process's file was not moved into place
        (``ready``): that file's bytes, else ``fallback``."""
        return self.early.maker(path, fallback) if self.early is not None else fallback

    def ready(self, path: str) -> Callable[[], Path | None] | None:
        """``Output.ready`` for ``path``: the file the process made."""
        return self.early.ready(path) if self.early is not None else None

    def finish(self) -> None:
        """Wait for the process (before any writer reads what it made)."""
        if self.early is not None:
            self.early.finish()

    def close(self) -> None:
        """Once the site is written, or the build stopped before (an error): stop a process
        still running and remove the folder of every exports' process (in the working folder,
        which the user sees), not left to the garbage collector."""
        for early in (self.early, *self.others):
            if early is not None:
                early.close()


# unit ("node <url>", "article <id>") -> (signature, [(path, key, sitemap entry or None)])
RenderIndex = dict[str, tuple[str, list[tuple[str, str, "tuple[str, str | None] | None"]]]]


def _content_key(output: Output) -> str:
    """The writer's key of an output made with its content (see output.write)."""
    data = output.data()
    return "c " + hashlib.blake2b(data or b"", digest_size=16).hexdigest() if output.source is None else ""


def render_site(archive: Archive, settings: Settings, report: QualityReport | None = None,
                search: bool = True, global_key: str | None = None, previous: RenderIndex | None = None,
                index: RenderIndex | None = None,
                record_exports: RecordExports | None = None) -> Iterator[Output | KeptFiles]:
    """Every file of the site, in a fixed order (the files of a unit the last build wrote and
    nothing changed in as one ``KeptFiles``; ``outputs.each_output`` takes them apart): static files, home, groupings, the glossary,
    the quality report (when ``report`` is given), articles with their raw copies, the JSON and
    CSV exports, the Atom feeds, ``404.html``, ``robots.txt`` and (with a base URL) the sitemap.
    Paths never repeat. ``search`` says whether the search index (search.py) is written too."""
    renderer = _Renderer(archive, settings, report, global_key=_digest((global_key, search)) if global_key else None,
                         previous=previous, index=index,
                         record_exports=record_exports or RecordExports(archive.records, settings, global_key))
    shows = settings.shows
    hidden = {id(root) for root, kind in ((archive.people, "nguoi"), (archive.organisations, "to-chuc"),
                                          (archive.periods, "ky-bao-cao")) if not shows(kind)}
    renderer.start_exports()
    yield from renderer.static_files()
    yield renderer.home()
    for root in archive.groupings():
        if id(root) in hidden:
            continue
        for node in root.walk():
            yield from renderer.node_pages(node, section=root.url)
    if shows("thuat-ngu"):
        yield renderer.glossary_page()
    yield renderer.search_page(ready=search)
    if shows("thong-ke"):
        with profiling.timed("render:statistics page"):
            stats_page = renderer.stats_page()
        yield stats_page
    if report is not None and shows("bao-cao"):
        with profiling.timed("render:quality report page"):
            report_page = renderer.report_page(report)
        yield report_page
    for article in archive.records:
        yield from renderer.article_pages(article)
    yield renderer.json_export()
    yield renderer.csv_export()
    yield from renderer.sqlite_export()
    yield from renderer.report_tables()
    if report is not None and shows("bao-cao"):
        with profiling.timed("render:quality report json"):
            report_json_output = renderer.report_json(report)
        yield report_json_output
    if shows("feed"):
        yield from renderer.feeds()
    yield renderer.not_found_page()
    # Keep last: the sitemap lists every page rendered before it.
    yield from renderer.machine_files()
    renderer.keep_unused()
    renderer.finish_index()
    renderer.finish_exports()  # before the writer (which comes after the last output) reads them
