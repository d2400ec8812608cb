"""Full-text search: a Pagefind index of every bulletin, built at build time.

Each article becomes one Pagefind *custom record* (``search_records``): the text a reader may
search for (title, place, meeting type, period, organiser, people and their roles,
organisations, body; not the byline), with the tone of "oa", "oe" and "uy" syllables put in one
place ("Thuỵ" -> "Thủy", as ``vnsort.normalize_tone_placement``), followed by an ASCII-folded
copy of all of it ("dang uy phuong gia thuy"). Pagefind can fold tone and shape marks by itself, but it
keeps "đ" a letter of its own, so without the folded copy "dang uy" would not find "Đảng ủy".
The folded copy is made word by word (a word with no ASCII form, "–", stays as it is), so word
``n + i`` of the content is word ``i`` folded, ``n`` being ``meta["words"]``: the search page
maps a match in the folded copy back to the words as written.

The search page (theme/static/search.js) asks Pagefind to match diacritics exactly
(``exactDiacritics``) and puts the query's tones in the same place: a query typed with
diacritics ("Đống Đa") finds those words only (not every "đồng"), and a query typed without
them ("dong da", "dan van kheo") finds the folded copy. It never shows Pagefind's excerpt (which
could show the folded copy, and is HTML made of the text): it splits the record's ``content`` at
white space as Pagefind counts words, takes Pagefind's match ``locations``, maps those in the
folded copy back (``- words``) and shows the passage of the body (from word ``meta["body"]``)
with the most matches, the matched words in ``<mark>`` and everything else as text; the title's
matches (its first ``meta["title_words"]`` words) are marked in the title. ``meta`` also gives
what a result shows: the title in its display form (``site/display.py``: a headline written in
capitals in sentence case), date, place, meeting type and the bulletin's own summary (shown
when there is no query, only filters).

Filters are identities, never names: ``tinh`` (province), ``huyen`` (district), ``xa``
(commune, ward or town), each the key of the place's node in the archive's tree of places
(``place_key``: the unit's official code when it is known, else the path of its place page
under ``dia-phuong/``, "ha-noi/quan-long-bien"), ``loai`` (meeting-type slug) and ``nam``
(year). Five communes called "xã Hiệp Hòa" in five provinces are five values. The labels of
those values and their parents, which the page needs to show "Xã Hiệp Hòa – huyện Hiệp Hòa –
tỉnh Bắc Giang" and to let a province narrow the lists below it, are written with the bundle
(``FILTER_FILE``, ``pagefind/bo-loc.json``, ``filter_data``): the page loads them only when the
reader opens the filters or the address names one. Places not known sit in the province list as "Chưa rõ tỉnh,
thành phố" (``chua-ro-tinh``) and "Chưa xác định địa phương" (``chua-xac-dinh``). Sort key:
``ngay``, the filing date in ISO form ("2021-07-16", with the publication time when known:
"2021-07-16T10:09"), so sorting it descending gives the site's newest-first order; undated
bulletins get "0000-00-00" and come last.

The index is made by the ``pagefind`` program (the ``pagefind[bin]`` package ships it) run as
``pagefind --service``, spoken to directly with the same messages its Python wrapper sends: the
wrapper answers at most ten messages a second, far too slow for thousands of bulletins. The
bundles come back in memory and become ``Output``s under ``pagefind/``, written with the rest of
the site, with the filter file. When the program is missing or fails, ``build_search`` returns
no outputs and a warning; the site is complete without search (the search page then says so).

The index is in parts (``split_parts``): one per year, newest first, the undated bulletins last;
a year of more than ``PART_MAX`` (2,500) bulletins is cut at fixed points of its calendar (halves
of the year, quarters, months, days), so an added bulletin moves no boundary unless a part
overflows. Pagefind holds ~0.3 MB a bulletin while it indexes and cannot add to an index: parts
bound both its memory (the largest program ~0.8 GB whatever the archive) and what an edit costs
(its part is indexed again, the others come from the store, each under a key of its records,
``_part_key``). Up to ``settings.jobs`` programs run side by side (one keeps ~0.8 core busy),
each given its part as soon as the part's records are made (``_plan``, ``_Indexer``).
Each part is a bundle of its own: the oldest beside ``pagefind.js``, the others in
``pagefind/<part>/`` without Pagefind's script, listed newest first in ``PARTS_FILE``
(``pagefind/phan.json``); every record has the filter ``phan`` (its part). The search page merges
them into one Pagefind instance (``mergeIndex``) and takes the results part by part for newest
first (Pagefind merges parts by score).

Pagefind answers each query word, in each index, with the index's words that begin with it, else
with the longest index word the query word begins with, else leaves the word out. Split in parts,
a part that lacks a word the whole archive has would answer for the other words, or with a
shorter word ("dang uy gia thuy" in a year without "thuy" finds its "thu"). So the build writes
``WORDS_FILE`` (``pagefind/tu.json``, ``words_file``): which parts know which index words; the
page resolves each query word on the whole archive's words as one index would and searches only
the parts that hold what it resolves to; the results are then those of one index (a browser test
builds the same bulletins both ways and compares). The parts' words come from one small index of
their distinct words (``_token_words``), not from decoding the parts' indexes. A vocabulary record
in every part was the other way considered: with it a new word anywhere (46% of the synthetic
bulletins carry a word, mostly a number or a date, that no other has) would index every part again.
"""
from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import os
import posixpath
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from danvan_site.archive import urls
from danvan_site.archive.groups import Archive, Node
from danvan_site.core.config import Settings
from danvan_site.core.models import Article
from danvan_site.store.fingerprints import site_fingerprint
from danvan_site.store.state import load_state, save_state
from danvan_site.site.display import headline, place_inline, place_label
from danvan_site.site.render import Output, place_text
from danvan_site.vn.dates import format_date
from danvan_site.vn.sort import fold, normalize_tone_placement, sort_key

if TYPE_CHECKING:
    from danvan_site.store.db import Store

__all__ = [
    "BUNDLE",
    "FILTER_FILE",
    "PARTS_FILE",
    "WORDS_FILE",
    "SUMMARY_MAX",
    "SearchPart",
    "SearchRecord",
    "SearchResult",
    "SearchUnavailable",
    "article_record",
    "filter_data",
    "place_key",
    "place_keys",
    "search_records",
    "split_parts",
    "find_executable",
    "run_pagefind",
    "build_search",
]

BUNDLE = posixpath.dirname(urls.SEARCH_BUNDLE) + "/"  # "pagefind/", relative to the site root
# The filters' labels and parents, beside pagefind.js (search.js reads it from there).
FILTER_FILE = f"{BUNDLE}bo-loc.json"
SUMMARY_MAX = 260  # characters of the summary shown with each result (as on the list pages)
UNDATED = "0000-00-00"  # sort value of bulletins with no date: last when sorted newest first
PROVINCE_UNKNOWN_KEY = "chua-ro-tinh"
PLACE_UNKNOWN_KEY = "chua-xac-dinh"
# The list of the index's parts, newest first, beside pagefind.js (search.js merges them).
PARTS_FILE = f"{BUNDLE}phan.json"
# The words each part's index knows, for the search page to ask every part what one index would
# be asked (``words_file``).
WORDS_FILE = f"{BUNDLE}tu.json"
# Bulletins in one part at most: Pagefind holds about 0.3 MB per bulletin while it indexes, so a
# part of 2,500 stays under 1 GB, whatever the size of the archive.
PART_MAX = 2500
UNDATED_PART = "khong-ngay"
_STATE = "search"  # the store's state: the parts of the last build; "search:<part>": a bundle

# Files of the bundle the site does not use: Pagefind's own ready-made interfaces. The search
# page has its own (theme/static/search.js), which loads only pagefind.js.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")

_DEFAULT_TIMEOUT = 300.0  # seconds to wait for any one answer of the Pagefind program

# Characters that would change how the content splits into words: Pagefind's page splits at
# JavaScript's white space (\ufeff is one, Python's split does not know it) and at zero-width
# spaces instead when the text holds one.
_INVISIBLE = re.compile("[\u200b\ufeff]")


class SearchUnavailable(Exception):
    """The index could not be built; the message says why, in plain words."""


@dataclass(frozen=True)
class SearchRecord:
    """One Pagefind custom record: what is indexed for one article and what a result shows."""

    url: str  # the article's page, relative to the site root: "bai-viet/<slug>/index.html"
    content: str  # the searchable text, then its ASCII-folded copy
    language: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]

    def request(self, index_id: int) -> dict[str, Any]:
        return {"type": "AddRecord", "index_id": index_id, "url": self.url, "content": self.content,
                "language": self.language, "meta": self.meta, "filters": self.filters, "sort": self.sort}


@dataclass
class SearchResult:
    outputs: list[Output] = field(default_factory=list)
    warning: str | None = None
    records: int = 0


# --- the records -----------------------------------------------------------------------------


def _truncate(text: str, limit: int = SUMMARY_MAX) -> str:
    """At most ``limit`` characters, cut at a space, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # drop the word the limit cuts into
    return cut.rstrip(" ,;:.-–") + "…"


def _sort_value(article: Article) -> str:
    """The filing date, with the publication time when the portal gives one: the same order as
    ``archive.newest_first_key`` (on one day, bulletins with a time before those without)."""
    day = article.sort_date
    if day is None:
        return UNDATED
    if isinstance(article.published, datetime):
        return f"{day.isoformat()}T{article.published.hour:02d}:{article.published.minute:02d}"
    return day.isoformat()


def _language(settings: Settings) -> str:
    """Pagefind wants an ISO 639-1 code: "vi" of "vi", "vi-VN" or "vi_VN"."""
    code = (settings.language or "vi").replace("_", "-").split("-")[0].strip().lower()
    return code if code.isascii() and code.isalpha() else "vi"


def _words(text: str) -> list[str]:
    return _INVISIBLE.sub("", text).split()


def _searchable_parts(article: Article, place: str | None) -> tuple[list[str], list[str]]:
    """(the parts before the body, the body's paragraphs), each part one line of words."""
    parts: list[str] = [article.title]
    if place:
        parts.append(place)
    loc = article.locality
    if loc.successor:
        parts.append(loc.successor)
    parts.append(article.meeting_type.label)
    if article.period is not None:
        parts.append(article.period.label)
    if article.organizer:
        parts.append(article.organizer)
    for person in article.people:
        parts.append(", ".join([person.name, *person.roles]) if person.roles else person.name)
    parts.extend(article.organisations)
    body = list(article.body)  # not the byline: "Thùy Dương" would answer every "thuy"

    def clean(items: list[str]) -> list[str]:
        joined = (" ".join(_words(p)) for p in items if p)
        return [line for line in joined if line]

    return clean(parts), clean(body)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """``fold`` of one word, or the word when it has no ASCII form. Words repeat: a build folds
    each distinct word once (folding every word took 1.1 of 1.7 CPU-ms per bulletin)."""
    return fold(word) or word


def _folded_words(words: list[str]) -> list[str]:
    """Each word without diacritics ("Đảng" -> "dang"); a word with no ASCII form stays."""
    return [_fold_word(w) for w in words]


def article_record(article: Article, language: str = "vi", place: Node | None = None,
                   keys: dict[int, str] | None = None) -> SearchRecord:
    """The search record of one article (its ``url`` must be set: the archive stage does it).

    ``place`` is the article's node in the archive's tree of places and ``keys`` the keys of
    the tree's nodes (``place_keys``): with them the record gets the place filters."""
    loc = article.locality
    where = place_text(loc)
    known_place = where if (loc.name or loc.level or loc.province or loc.district) else None
    head, body = _searchable_parts(article, known_place)
    lines = [normalize_tone_placement(line) for line in head + body]
    words = [w for line in lines for w in line.split()]
    folded = _folded_words(words)
    content = "\n".join(lines) + "\n" + " ".join(folded)
    title_words = len(normalize_tone_placement(" ".join(_words(article.title))).split())
    body_at = sum(len(line.split()) for line in lines[: len(head)])
    summary = article.summary or (article.body[0] if article.body else "")
    shown_title = " ".join(_words(headline(article))) or article.title
    meta = {
        "title": shown_title,
        "date": format_date(article.sort_date) if article.sort_date else "",
        "iso": article.sort_date.isoformat() if article.sort_date else "",
        "place": place_label(where),
        "type": article.meeting_type.label[:1].upper() + article.meeting_type.label[1:],
        "summary": _truncate(summary) if summary else "",
        "words": str(len(words)),
        "title_words": str(title_words),
        "body": str(body_at),
    }
    filters: dict[str, list[str]] = {}
    if place is not None and keys is not None:
        for node in place.trail():
            key = keys.get(id(node))
            if key is None:
                continue
            if node.kind in ("province", "unknown"):
                filters["tinh"] = [key]
            elif node.kind == "district":
                filters["huyen"] = [key]
            elif node.kind == "unit":
                filters["xa"] = [key]
    filters["loai"] = [article.meeting_type.slug]
    if article.sort_date is not None:
        filters["nam"] = [f"{article.sort_date.year:04d}"]
    return SearchRecord(
        url=urls.output_path(article.url),
        content=content,
        language=language,
        meta=meta,
        filters=filters,
        sort={"ngay": _sort_value(article)},
    )


# --- places: keys, labels, parents --------------------------------------------------------------


def _gazetteer_code(node: Node) -> str | None:
    """A province's or district's code from the gazetteer, when its name settles it."""
    try:
        from danvan_site import gazetteer
        book = gazetteer.load()
    except Exception:  # noqa: BLE001 - without the data package, keys are paths
        return None
    if node.kind == "province":
        unit = book.province(node.label)
        return unit.code if unit is not None else None
    if node.kind == "district" and node.parent is not None and node.parent.kind == "province":
        province = book.province(node.parent.label)
        _, level, name = (node.key.split("|") + ["", ""])[:3]  # "d|quận|long biên"
        if province is None or not name:
            return None
        # district codes have three digits (a city named as its province is one too)
        found = [u for u in book.find(name) if len(u.code) == 3 and u.province == province.province
                 and (not level or u.level == level)]
        return found[0].code if len(found) == 1 else None
    return None


def place_key(node: Node) -> str:
    """A place node's key in the search filters: its official code when known (from the
    bulletins filed there, or for a province or district from the gazetteer), else the path of
    its page under ``dia-phuong/`` ("ha-noi/quan-long-bien"); the two places not known are
    "chua-ro-tinh" and "chua-xac-dinh"."""
    if node.kind in ("province", "district", "unit"):
        code = node.code or _gazetteer_code(node)
        if code:
            return code
    path = node.url.removeprefix(urls.LOCALITIES).strip("/")
    return path or node.key


def place_keys(archive: Archive) -> dict[int, str]:
    """``id(node)`` -> key, for every place node; two nodes of one unit (filed with and without
    its district) share its code."""
    return {id(node): place_key(node) for node in archive.localities.walk() if node.kind != "root"}


def _province_inline(node: Node) -> str:
    """"tỉnh Bắc Giang", "thành phố Hà Nội" (the level from the gazetteer), else the name."""
    try:
        from danvan_site import gazetteer
        unit = gazetteer.load().province(node.label)
    except Exception:  # noqa: BLE001
        unit = None
    return f"{unit.province_level} {node.label}" if unit is not None else node.label


def filter_data(archive: Archive, keys: dict[int, str] | None = None) -> dict[str, Any]:
    """What the search page's filters list, as JSON: for each place its key, its label on its
    own and inside a line, and the keys of its province and district; the meeting types (slug,
    label) and the years, newest first.

    ``tinh``: [key, label, inline]; ``huyen``: [key, label, inline, province key];
    ``xa``: [key, label, inline, province key, district key or ""]. Provinces in alphabetical
    order with the places not known last; districts and communes by name (level word aside),
    then by their parents."""
    keys = keys if keys is not None else place_keys(archive)
    provinces: dict[str, list[str]] = {}
    districts: dict[str, tuple[Any, list[str]]] = {}
    units: dict[str, tuple[Any, list[str]]] = {}
    for node in archive.localities.walk():
        if node.kind == "root" or not node.articles:
            continue
        key = keys[id(node)]
        province = next((n for n in node.trail() if n.kind in ("province", "unknown")), None)
        district = next((n for n in node.trail() if n.kind == "district"), None)
        province_key = keys[id(province)] if province is not None else ""
        district_key = keys[id(district)] if district is not None else ""
        if node.kind == "province":
            provinces.setdefault(key, [key, node.label, _province_inline(node)])
        elif node.kind == "unknown":
            label = "Chưa xác định địa phương" if node.url == urls.LOCALITY_UNKNOWN else node.label
            provinces.setdefault(key, [key, label, label[:1].lower() + label[1:]])
        else:
            name_key = node.key.partition("|")[2]
            level, _, name = name_key.partition("|")
            order = (sort_key(name), sort_key(level), sort_key(node.description or node.label))
            entry = [key, place_label(node.label), place_inline(node.label), province_key]
            if node.kind == "district":
                old = districts.get(key)
                if old is None or len(entry[3]) > len(old[1][3]):
                    districts[key] = (order, entry)
            else:
                entry.append(district_key)
                old = units.get(key)
                if old is None or (len(entry[4]), len(entry[3])) > (len(old[1][4]), len(old[1][3])):
                    units[key] = (order, entry)
    unknown_last = sorted(provinces.values(),
                          key=lambda p: (p[0] in (PROVINCE_UNKNOWN_KEY, PLACE_UNKNOWN_KEY), sort_key(p[1]), p[0]))
    years = sorted({f"{a.sort_date.year:04d}" for a in archive.articles if a.sort_date is not None}, reverse=True)
    used = {a.meeting_type.slug for a in archive.articles}
    kinds = [[mt.slug, mt.label[:1].upper() + mt.label[1:]] for mt in archive.vocabulary if mt.slug in used]
    known = {k[0] for k in kinds}
    extra = {a.meeting_type.slug: a.meeting_type.label for a in archive.articles if a.meeting_type.slug not in known}
    kinds += [[slug, label[:1].upper() + label[1:]] for slug, label in sorted(extra.items())]
    return {
        "tinh": unknown_last,
        "huyen": [entry for _, entry in sorted(districts.values(), key=lambda d: (d[0], d[1][0]))],
        "xa": [entry for _, entry in sorted(units.values(), key=lambda u: (u[0], u[1][0]))],
        "loai": kinds,
        "nam": years,
    }


def filter_file(archive: Archive, keys: dict[int, str] | None = None) -> bytes:
    """``filter_data`` as compact JSON (UTF-8)."""
    return json.dumps(filter_data(archive, keys), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def search_records(archive: Archive, settings: Settings, keys: dict[int, str] | None = None) -> list[SearchRecord]:
    """One record per article, in the archive's (newest-first) order."""
    language = _language(settings)
    keys = keys if keys is not None else place_keys(archive)
    return [article_record(a, language, archive.locality_of.get(a.id), keys) for a in archive.articles]


# --- the Pagefind program --------------------------------------------------------------------


def find_executable() -> Path | None:
    """The ``pagefind`` program: ``$PAGEFIND_BINARY_PATH``, the one in the ``pagefind[bin]``
    package, or one on the PATH; None when there is none."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    if get_executable is not None:
        try:
            found = get_executable()
        except (OSError, ImportError):
            found = None
        if found is not None:
            return Path(found)
    try:
        from pagefind_bin import get_executable as bin_executable
    except ImportError:
        bin_executable = None
    if bin_executable is not None:
        try:
            return Path(bin_executable())
        except (OSError, ImportError):
            pass
    external = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(external) if external else None


class _Service:
    """``pagefind --service``: base64-encoded JSON messages, each followed by a comma, on stdin;
    answers the same way on stdout, each naming the ``message_id`` it answers."""

    def __init__(self, executable: Path, workdir: str, timeout: float) -> None:
        # Pagefind reads settings from PAGEFIND_* variables and from a pagefind.yml/.toml/.json
        # in its working folder: neither may change the index, so both are left out.
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
        try:
            self.proc = subprocess.Popen(
                [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, cwd=workdir, env=env,
            )
        except OSError as exc:
            raise SearchUnavailable(f"the Pagefind program {executable} could not be started "
                                    f"({exc.strerror or exc})") from exc
        self.timeout = timeout
        self.answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr = bytearray()
        self.write_error: BaseException | None = None
        self.next_id = 0
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        pending = bytearray()  # the message being read (the bundle's is one large message)
        try:
            while True:
                chunk = self.proc.stdout.read1(1 << 16)
                if not chunk:
                    break
                start = 0
                while (comma := chunk.find(b",", start)) >= 0:
                    pending += chunk[start:comma]
                    self._deliver(bytes(pending))
                    pending.clear()
                    start = comma + 1
                pending += chunk[start:]
        finally:
            self.answers.put(None)

    def _deliver(self, message: bytes) -> None:
        try:
            decoded = json.loads(base64.b64decode(message.strip(), validate=True))
        except (ValueError, binascii.Error):
            decoded = {"payload": {"type": "Error", "message": "an answer that is not a message"}}
        if isinstance(decoded, dict):
            self.answers.put(decoded)

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr += line
            del self.stderr[:-4000]

    def message(self, payload: dict[str, Any]) -> bytes:
        self.next_id += 1
        text = json.dumps({"message_id": self.next_id, "payload": payload}, ensure_ascii=False)
        return base64.b64encode(text.encode("utf-8")) + b","

    def send(self, messages: Sequence[bytes]) -> None:
        """Write ``messages`` from a thread, so that a full stdout pipe cannot stall both sides."""

        def write() -> None:
            assert self.proc.stdin is not None
            try:
                for chunk in messages:
                    self.proc.stdin.write(chunk)
                self.proc.stdin.flush()
            except (OSError, ValueError) as exc:
                self.write_error = exc

        threading.Thread(target=write, daemon=True).start()

    def answer(self) -> dict[str, Any]:
        try:
            item = self.answers.get(timeout=self.timeout)
        except queue.Empty:
            raise SearchUnavailable(f"the Pagefind program gave no answer in {self.timeout:.0f} s") from None
        if item is None:
            said = self.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f": {said[-1]}" if said else ""
            raise SearchUnavailable(f"the Pagefind program stopped unexpectedly{detail}")
        payload = item.get("payload")
        if not isinstance(payload, dict):
            raise SearchUnavailable("the Pagefind program gave an answer without a payload")
        if payload.get("type") == "Error":
            raise SearchUnavailable(f"the Pagefind program reported an error: {payload.get('message')}")
        return payload

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run_pagefind(records: Sequence[SearchRecord], executable: Path | None = None, language: str = "vi",
                 timeout: float = _DEFAULT_TIMEOUT) -> dict[str, bytes]:
    """Index ``records`` with the Pagefind program; the bundle's files (path -> bytes), the
    ready-made interfaces left out. Raises ``SearchUnavailable`` with the reason."""
    executable = executable or find_executable()
    if executable is None:
        raise SearchUnavailable("the Pagefind program was not found (install it with: pip install 'pagefind[bin]')")
    with tempfile.TemporaryDirectory(prefix="danvan-pagefind-") as workdir:
        service = _Service(executable, workdir, timeout)
        try:
            service.send([service.message({"type": "NewIndex", "config": {"force_language": language}})])
            created = service.answer()
            index_id = created.get("index_id")
            if created.get("type") != "NewIndex" or not isinstance(index_id, int):
                raise SearchUnavailable("the Pagefind program did not create an index")
            messages = [service.message(r.request(index_id)) for r in records]
            messages.append(service.message({"type": "GetFiles", "index_id": index_id}))
            service.send(messages)
            bundle: list[dict[str, Any]] | None = None
            for _ in messages:
                payload = service.answer()
                if payload.get("type") == "GetFiles":
                    bundle = payload.get("files")
            if service.write_error is not None:
                raise SearchUnavailable(f"could not talk to the Pagefind program ({service.write_error})")
        finally:
            service.close()
    if not isinstance(bundle, list) or not bundle:
        raise SearchUnavailable("the Pagefind program returned no files")
    files: dict[str, bytes] = {}
    for item in bundle:
        path = str(item.get("path", "")).replace("\\", "/").lstrip("/")
        if not path or path.startswith(_UNUSED_PREFIXES):
            continue
        try:
            files[path] = base64.b64decode(item.get("content", ""), validate=True)
        except (ValueError, binascii.Error) as exc:
            raise SearchUnavailable(f"the Pagefind program returned an unreadable file '{path}'") from exc
    if "pagefind.js" not in files:
        raise SearchUnavailable("the Pagefind program returned no pagefind.js")
    return _stabilise(dict(sorted(files.items())))


# --- a stable bundle --------------------------------------------------------------------------
#
# Pagefind keeps filters in hash maps, so the order of the values inside each filter file and of
# the filters listed in the metadata file changes from run to run, and with it those files' names
# (hashes of their content) and the metadata hash in pagefind-entry.json. Everything else it
# writes is stable. ``_stabilise`` decodes those files (gzip, the "pagefind_dcd" signature, then
# CBOR), sorts the lists, encodes them again and names them by a hash of the new content. Each
# file is first checked to encode back to exactly its own bytes; if one does not (a future
# Pagefind with another layout), the bundle is kept as Pagefind wrote it.

_SIGNATURE = b"pagefind_dcd"


class _CborError(ValueError):
    pass


def _cbor_decode(data: bytes) -> Any:
    """The subset of CBOR Pagefind writes: integers, byte and text strings, arrays, maps,
    false/true/null, all of definite length."""

    def head(pos: int) -> tuple[int, int, int]:
        if pos >= len(data):
            raise _CborError("truncated")
        major, info = data[pos] >> 5, data[pos] & 31
        pos += 1
        if info < 24:
            return major, info, pos
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None or pos + size > len(data):
            raise _CborError(f"unsupported length {info}")
        return major, int.from_bytes(data[pos : pos + size], "big"), pos + size

    def item(pos: int) -> tuple[Any, int]:
        major, value, pos = head(pos)
        if major == 0:
            return value, pos
        if major == 1:
            return -1 - value, pos
        if major in (2, 3):
            end = pos + value
            if end > len(data):
                raise _CborError("truncated")
            raw = data[pos:end]
            return (raw if major == 2 else raw.decode("utf-8")), end
        if major == 4:
            out = []
            for _ in range(value):
                element, pos = item(pos)
                out.append(element)
            return out, pos
        if major == 5:
            mapping = {}
            for _ in range(value):
                key, pos = item(pos)
                mapping[key], pos = item(pos)
            return mapping, pos
        if major == 7 and value in (20, 21, 22):
            return {20: False, 21: True, 22: None}[value], pos
        raise _CborError(f"unsupported item {major}/{value}")

    value, end = item(0)
    if end != len(data):
        raise _CborError("trailing bytes")
    return value


def _cbor_encode(value: Any) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
        raise _CborError("integer too large")

    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else (0xF5 if value else 0xF4)])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise _CborError(f"cannot encode {type(value).__name__}")


def _unpack(content: bytes) -> Any:
    data = content if content.startswith(_SIGNATURE) else gzip.decompress(content)
    if not data.startswith(_SIGNATURE):
        raise _CborError("no signature")
    body = data[len(_SIGNATURE) :]
    value = _cbor_decode(body)
    if _cbor_encode(value) != body:
        raise _CborError("does not encode back to the same bytes")
    return value


def _pack(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, value: Any, length: int, taken: set[str]) -> str:
    digest = hashlib.sha256(_cbor_encode(value)).hexdigest()
    while f"{prefix}{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{prefix}{digest[:length]}"


def _stabilise(files: dict[str, bytes]) -> dict[str, bytes]:
    """``files`` with the filter files, the metadata file and the entry file in a fixed order
    and under names that depend only on their content (see above)."""
    try:
        entry = json.loads(files["pagefind-entry.json"])
        languages = entry["languages"]
        out = dict(files)
        for language, info in sorted(languages.items()):
            old_meta = f"pagefind.{info['hash']}.pf_meta"
            meta = _unpack(files[old_meta])
            filters, sorts = meta[3], meta[4]
            renamed: dict[str, str] = {}
            taken: set[str] = set()
            for name, old_hash in sorted(filters, key=lambda f: f[0]):
                old_path = f"filter/{old_hash}.pf_filter"
                filter_name, values = _unpack(files[old_path])
                canonical = [filter_name, sorted(values, key=lambda v: v[0])]
                new_hash = _name(f"{language}_", canonical, 7, taken)
                taken.add(new_hash)
                renamed[name] = new_hash
                del out[old_path]
                out[f"filter/{new_hash}.pf_filter"] = _pack(canonical)
            meta[3] = [[name, renamed[name]] for name, _ in sorted(filters, key=lambda f: f[0])]
            meta[4] = sorted(sorts, key=lambda s: s[0])
            new_meta_hash = _name(f"{language}_", meta, 10, set())
            del out[old_meta]
            out[f"pagefind.{new_meta_hash}.pf_meta"] = _pack(meta)
            info["hash"] = new_meta_hash
        entry["languages"] = dict(sorted(languages.items()))
        out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (KeyError, IndexError, TypeError, ValueError, OSError, EOFError):
        return files  # a layout this code does not know: keep Pagefind's own bundle
    return dict(sorted(out.items()))


# --- the parts of the index -------------------------------------------------------------------


@dataclass
class SearchPart:
    """A part of the index: one Pagefind bundle, searched with the others on the search page."""

    id: str  # "2021", "2021-t07-12" (months 7 to 12), "2021-t07", "2021-t07-n01-16", "khong-ngay"
    records: list[SearchRecord]
    count: int | None = None  # its bulletins, when its records were not made (its bundle was kept)

    @property
    def size(self) -> int:
        return len(self.records) if self.count is None else self.count

    @property
    def folder(self) -> str:
        """Its folder under ``pagefind/`` when it is not the primary part: "2021/"."""
        return f"{self.id}/"


def _chunked(label: str, items: list[SearchRecord], limit: int) -> list[tuple[str, list[SearchRecord]]]:
    """Records of one day (or undated) beyond ``limit``: pieces of ``limit`` in order of date and
    address, the newest piece first. Only an archive with thousands of bulletins on one day (or
    without a date) comes here."""
    if len(items) <= limit:
        return [(label, items)]
    ordered = sorted(items, key=lambda r: (r.sort.get("ngay", ""), r.url))
    pieces = [ordered[i : i + limit] for i in range(0, len(ordered), limit)]
    return [(f"{label}-p{k + 1}", piece) for k, piece in reversed(list(enumerate(pieces)))]


def _split_year(year: str, items: list[SearchRecord], limit: int) -> list[tuple[str, list[SearchRecord]]]:
    """A year's records in pieces of at most ``limit``, the newest first: the whole year, else
    halves of its months (1-6, 7-12), halved again while too big, down to a month, then halves of
    its days, down to a day. The boundaries are fixed points of the calendar, so adding or
    editing a bulletin moves none unless a piece crosses ``limit``."""

    def days(month: int, lo: int, hi: int, part: list[SearchRecord]) -> list[tuple[str, list[SearchRecord]]]:
        if not part:
            return []
        label = f"{year}-t{month:02d}-n{lo:02d}" + (f"-{hi:02d}" if hi != lo else "")
        if len(part) <= limit or lo == hi:
            return _chunked(label, part, limit)
        mid = (lo + hi) // 2
        later = [r for r in part if int(r.sort["ngay"][8:10]) > mid]
        earlier = [r for r in part if int(r.sort["ngay"][8:10]) <= mid]
        return days(month, mid + 1, hi, later) + days(month, lo, mid, earlier)

    def months(lo: int, hi: int, part: list[SearchRecord]) -> list[tuple[str, list[SearchRecord]]]:
        if not part:
            return []
        if len(part) <= limit:
            label = year if (lo, hi) == (1, 12) else f"{year}-t{lo:02d}" + (f"-{hi:02d}" if hi != lo else "")
            return [(label, part)]
        if lo == hi:
            return days(lo, 1, 31, part)
        mid = (lo + hi) // 2
        later = [r for r in part if int(r.sort["ngay"][5:7]) > mid]
        earlier = [r for r in part if int(r.sort["ngay"][5:7]) <= mid]
        return months(mid + 1, hi, later) + months(lo, mid, earlier)

    return months(1, 12, items)


def split_parts(records: Sequence[SearchRecord], limit: int | None = None) -> list[SearchPart]:
    """The parts of the index, newest first: one per year (by the sort date), a year of more
    than ``limit`` bulletins cut at fixed points of its calendar (``_split_year``), the undated
    bulletins last. Each record gets the filter ``phan`` (its part), by which the search page
    lists the results of one part at a time when it sorts them newest first."""
    limit = max(1, limit if limit is not None else PART_MAX)
    years: dict[str, list[SearchRecord]] = {}
    undated: list[SearchRecord] = []
    for record in records:
        day = record.sort.get("ngay", UNDATED)[:10]
        if day == UNDATED or not day[:4].isdigit():
            undated.append(record)
        else:
            years.setdefault(day[:4], []).append(record)
    pieces: list[tuple[str, list[SearchRecord]]] = []
    for year in sorted(years, reverse=True):
        pieces += _split_year(year, years[year], limit)
    if undated:
        pieces += _chunked(UNDATED_PART, undated, limit)
    return [_part(label, part) for label, part in pieces]


def _part(label: str, records: Sequence[SearchRecord]) -> SearchPart:
    """The part ``label`` of ``records``, each given the filter ``phan`` (its part)."""
    return SearchPart(label, [replace(r, filters={**r.filters, "phan": [label]}) for r in records])


def _part_key(part: SearchPart, language: str, program: tuple[str, int, int]) -> str:
    """What a part's bundle depends on: its records, the language and the Pagefind program."""
    return hashlib.blake2b(repr((part.id, part.records, language, program)).encode(), digest_size=16).hexdigest()


def _inputs_key(label: str, items: Sequence[Article], language: str, program: tuple[str, int, int],
                archive: Archive, keys: dict[int, str]) -> str | None:
    """What a part's records are made from (``article_record``), known without making them: each
    bulletin's record (its fingerprint), address and place filters (the kind and key of each
    place above it), the language, the program and the code that makes records and pages (the
    site's fingerprint). Equal to the last build's: its records are too, and its bundle is kept
    without making them (10,000 bulletins' records and keys cost ~5 CPU-s, for an edit that
    indexes one part). None when a record has no fingerprint (no store): the records are made."""
    h = hashlib.blake2b(repr((label, language, program, site_fingerprint())).encode(), digest_size=16)
    located = archive.locality_of
    for a in items:
        if not a.fingerprint:
            return None
        place = located.get(a.id)
        trail = tuple((n.kind, keys.get(id(n))) for n in place.trail()) if place is not None else None
        h.update(repr((a.fingerprint, a.url, trail)).encode())
    return h.hexdigest()


class _Indexer:
    """Pagefind programs, ``jobs`` at a time, each given one part as soon as its records are
    made: the first programs run while the next parts' records are being made (making the records
    of 10,000 bulletins, their keys and their words takes some 10 s of Python, which used to come
    before any program started). One program keeps about one core busy (measured: 3.5 CPU-s in
    4.2 s for 1,000 bulletins), so programs side by side use the others. With one job, each part
    is indexed when it is given."""

    def __init__(self, executable: Path, language: str, jobs: int) -> None:
        self.executable, self.language = executable, language
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="pagefind") if jobs > 1 else None
        self.futures: dict[str | None, Any] = {}
        self.done: dict[str | None, dict[str, bytes]] = {}

    def add(self, pid: str | None, records: list[SearchRecord]) -> None:
        if self.pool is None:
            self.done[pid] = run_pagefind(records, executable=self.executable, language=self.language)
        else:
            self.futures[pid] = self.pool.submit(run_pagefind, records, self.executable, self.language)

    def results(self) -> dict[str | None, dict[str, bytes]]:
        """Every part's bundle (None: the vocabulary's); raises the first ``SearchUnavailable``."""
        for pid, future in self.futures.items():
            self.done[pid] = future.result()
        return self.done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _plan(articles: Sequence[Article], language: str) -> list[tuple[str, list[Article]]]:
    """The parts of the index and their bulletins, newest first, cut as ``split_parts`` cuts the
    records (by the sort date, then the address: all it reads), before any record is made."""
    stubs = [SearchRecord(url=urls.output_path(a.url), content="", language=language, meta={"i": str(i)},
                          filters={}, sort={"ngay": _sort_value(a)}) for i, a in enumerate(articles)]
    return [(part.id, [articles[int(r.meta["i"])] for r in part.records]) for part in split_parts(stubs)]


def _jobs(settings: Settings) -> int:
    """Pagefind programs at once: ``settings.jobs``, 0 meaning one per core."""
    if settings.jobs:
        return max(1, settings.jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# The files Pagefind's script needs once, beside pagefind.js: the parts merged into the primary
# one are read for their entry, metadata, word, filter and fragment files only.
_PART_FILES = ("pagefind-entry.json", "index/", "fragment/", "filter/")


def _part_file(path: str) -> bool:
    return path.startswith(_PART_FILES) or (path.startswith("pagefind.") and path.endswith(".pf_meta"))


def _bundle_outputs(parts: Sequence[SearchPart], bundles: dict[str, dict[str, bytes]],
                    known: dict[str, Sequence[str]]) -> list[Output]:
    """The parts' files under ``pagefind/``: the primary part (the oldest: the one least likely to
    change, or to stop being the oldest) with Pagefind's script, the others each in its folder;
    ``PARTS_FILE``, the parts newest first, which the search page merges; and, with more than
    one part, ``WORDS_FILE`` (``words_file``)."""
    primary = parts[-1]
    outputs: list[Output] = []
    listed = []
    for part in parts:
        files = bundles[part.id]
        if part is primary:
            outputs += [Output(f"{BUNDLE}{path}", content) for path, content in files.items()]
            listed.append([part.id, "", part.size])
        else:
            outputs += [Output(f"{BUNDLE}{part.folder}{path}", content) for path, content in files.items()
                        if _part_file(path)]
            listed.append([part.id, part.folder, part.size])
    manifest = json.dumps({"phan": listed}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    outputs = sorted(outputs, key=lambda o: o.path) + [Output(PARTS_FILE, manifest)]
    if len(parts) > 1:
        outputs.append(Output(WORDS_FILE, words_file(parts, known)))
    return outputs


def _index_words(files: dict[str, bytes]) -> set[str]:
    """The words a bundle's index holds, as Pagefind keeps them (lowercase, without tone and shape
    marks, "đ" kept): the keys of its word chunks (``index/*.pf_index``). Slow (CBOR in Python:
    ~3.5 CPU-s for 1,000 bulletins): only when ``_token_words`` cannot say."""
    words: set[str] = set()
    for path, content in files.items():
        if path.startswith("index/") and path.endswith(".pf_index"):
            for entry in _unpack(content)[0]:
                words.add(entry[0])
    return words


def _tokens(records: Sequence[SearchRecord]) -> set[str]:
    """The distinct white-space-separated words the records give Pagefind to index: their
    content's and their metadata's (Pagefind indexes the values of ``meta`` too)."""
    tokens: set[str] = set()
    for record in records:
        tokens.update(record.content.split())
        for value in record.meta.values():
            tokens.update(value.split())
    return tokens


_VOCABULARY = "tu-vung/index.html"  # the address of the one record of ``_token_words``'s index


def _vocabulary_record(tokens: Sequence[str], language: str) -> SearchRecord:
    return SearchRecord(url=_VOCABULARY, content=" ".join(tokens), language=language, meta={}, filters={}, sort={})


def _token_words(tokens: Sequence[str], files: dict[str, bytes]) -> dict[str, frozenset[str]] | None:
    """What Pagefind makes of each of ``tokens`` (the words it indexes for it: "Đảng," -> "đang";
    none for "–"), read from ``files``, the bundle of the one record ``_vocabulary_record(tokens)``:
    word ``i`` of its content is ``tokens[i]``, so each index word's locations say which tokens
    gave it. One small index of the distinct words costs ~2% of the parts' (a syllable language
    repeats its words); decoding the parts' own indexes costs as much as making them. None when the
    locations do not line up with the tokens (a token Pagefind splits in two)."""
    found: list[set[str]] = [set() for _ in tokens]
    try:
        for path, content in files.items():
            if not (path.startswith("index/") and path.endswith(".pf_index")):
                continue
            for entry in _unpack(content)[0]:
                word = entry[0]
                pages = list(entry[1]) + [page for variant in entry[2] for page in variant[1]]
                for page in pages:
                    # a negative number -(w + 1) starts the locations of weight w, the first as
                    # it is, each next one as the difference from the one before
                    at = None
                    for value in page[1]:
                        if value < 0:
                            at = None
                            continue
                        at = value if at is None else at + value
                        found[at].add(word)
    except (KeyError, IndexError, TypeError, ValueError, EOFError, OSError):
        return None
    for token, words in zip(tokens, found):
        plain = token.lower()
        if plain.isascii() and plain.isalnum() and plain not in words:
            return None  # out of line: "abc" gives "abc" (and "KBang" "bang" too: camel case)
    return {token: frozenset(words) for token, words in zip(tokens, found)}


def words_file(parts: Sequence[SearchPart], known: dict[str, Sequence[str]]) -> bytes:
    """Which parts know which words, as JSON: ``{"tu": [["0 2", "word word ..."], ...]}``, each
    group the words known to exactly those parts (numbered as in ``PARTS_FILE``), words sorted;
    ``known``: each part's index words.

    Pagefind answers each word of a query with the index's words that begin with it, else with
    the longest index word it begins with, else leaves the word out; so a part that lacks a word
    the other parts know would answer for the other words alone ("dang uy gia thuy" in a year
    without "thuy" would find every "thu"). The search page looks each query word up here, as
    Pagefind would in one index of every part, and leaves out the parts that cannot hold a match
    (``partsFor`` in search.js). Made again at no cost when a word comes or goes: no part is
    indexed again for it."""
    owners: dict[str, list[int]] = {}
    for number, part in enumerate(parts):
        for word in known[part.id]:
            owners.setdefault(word, []).append(number)
    groups: dict[str, list[str]] = {}
    for word, numbers in owners.items():
        groups.setdefault(" ".join(map(str, numbers)), []).append(word)
    listed = [[key, " ".join(sorted(words))] for key, words in sorted(groups.items())]
    return json.dumps({"tu": listed}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_search(archive: Archive, settings: Settings, cache: Store | None = None) -> SearchResult:
    """The search bundle as ``Output``s under ``pagefind/``, the filter file (``FILTER_FILE``)
    and the list of parts (``PARTS_FILE``) with it, or no outputs and a warning.

    The index is made in parts (``split_parts``, planned on the bulletins by ``_plan``), each its
    own Pagefind bundle; the parts' records are made the biggest part first, and each part goes
    to a Pagefind program as soon as they are (``_Indexer``). With a ``cache`` (the store), each
    part's bundle is kept under its key (``_part_key``) and reused while its records are the
    same: Pagefind cannot add to an index, so an edited bulletin makes its part again, and only
    it."""
    if not settings.search:
        return SearchResult([], None, 0)  # turned off (--no-search or "search: false"): no warning
    articles = archive.articles
    if not articles:
        return SearchResult([], None, 0)  # nothing to search: no index (the search page says so)
    executable = find_executable()
    if executable is None:  # no bundle can be reused either: the program is part of their keys
        return SearchResult([], "search index not built: the Pagefind program was not found (install it "
                            "with: pip install 'pagefind[bin]'); the site works without search", len(articles))
    keys = place_keys(archive)
    filters = Output(FILTER_FILE, filter_file(archive, keys))
    language = _language(settings)
    try:
        stat = executable.stat()
    except OSError:
        stat = None  # run_pagefind says what is wrong with it
    program = (str(executable), stat.st_size, stat.st_mtime_ns) if stat is not None else None
    plan = _plan(articles, language)
    parts: dict[str, SearchPart] = {}
    part_keys: dict[str, str] = {}
    bundles: dict[str, dict[str, bytes]] = {}
    known: dict[str, Sequence[str]] = {}  # each part's index words, for WORDS_FILE
    tokens: dict[str, set[str]] = {}  # the words of the parts indexed now
    input_keys: dict[str, str | None] = {}  # what the records of the parts indexed now were made from
    indexer = _Indexer(executable, language, _jobs(settings))
    try:
        # The biggest part first, so that the last program to finish has a small one.
        for label, items in sorted(plan, key=lambda p: (-len(p[1]), p[0])):
            saved = inputs = None
            if cache is not None and program is not None:
                saved = load_state(cache, f"{_STATE}:{label}")
                if isinstance(saved, tuple) and len(saved) == 3:
                    saved = (*saved, None)  # kept by an earlier version: by its records' key only
                saved = saved if isinstance(saved, tuple) and len(saved) == 4 else None
                inputs = _inputs_key(label, items, language, program, archive, keys)
            if saved is not None and inputs is not None and saved[3] == inputs:
                # The same records as the last build's: its bundle, without making them.
                parts[label] = SearchPart(label, [], count=len(items))
                part_keys[label], bundles[label], known[label] = saved[0], saved[1], saved[2]
                continue
            part = parts[label] = _part(label, [article_record(a, language, archive.locality_of.get(a.id), keys)
                                                for a in items])
            if program is not None:
                part_keys[label] = _part_key(part, language, program)
                if saved is not None and saved[0] == part_keys[label]:
                    # Other inputs (another code), the same records: the bundle is kept too.
                    bundles[label], known[label] = saved[1], saved[2]
                    if inputs != saved[3]:
                        save_state(cache, f"{_STATE}:{label}", (*saved[:3], inputs))
                    continue
                input_keys[label] = inputs
            tokens[label] = _tokens(part.records)
            indexer.add(label, part.records)
        if tokens:
            every = sorted(set().union(*tokens.values()))
            indexer.add(None, [_vocabulary_record(every, language)])
            made = indexer.results()
            vocabulary = made.pop(None, None)
            token_words = _token_words(every, vocabulary) if vocabulary is not None else None
            for label in tokens:
                if token_words is not None:
                    known[label] = sorted(set().union(*(token_words[t] for t in tokens[label])))
                else:
                    known[label] = sorted(_index_words(made[label]))
                bundles[label] = made[label]
                if cache is not None and program is not None:
                    save_state(cache, f"{_STATE}:{label}",
                               (part_keys[label], made[label], known[label], input_keys.get(label)))
    except SearchUnavailable as exc:
        return SearchResult([], f"search index not built: {exc}; the site works without search", len(articles))
    finally:
        indexer.close()
    ordered = [parts[label] for label, _ in plan]
    if cache is not None:
        before = load_state(cache, _STATE)
        now = [p.id for p in ordered]
        if before != now:  # the parts of the last build that are gone: their bundles are not kept
            for pid in before if isinstance(before, list) else []:
                if pid not in now:
                    save_state(cache, f"{_STATE}:{pid}", None)
            save_state(cache, _STATE, now)
    return SearchResult(_bundle_outputs(ordered, bundles, known) + [filters], None, len(articles))
