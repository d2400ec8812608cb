"""How names and headlines are shown to readers (Jinja filters of the theme).

One capitalisation rule for the whole site, as Vietnamese administrative writing has it
(Nghị định 30/2020/NĐ-CP, phụ lục II): a level word (*xã*, *phường*, *thị trấn*, *quận*,
*huyện*, *thị xã*, *thành phố*, *tỉnh*) and a meeting type (*sơ kết*, *làm việc*) are common
nouns, written in lower case inside a line ("phường Gia Thụy, quận Long Biên, Hà Nội"); a label
that stands on its own (a heading, a page title, a breadcrumb, a link in a list, a filter option,
an item of a result's facts) starts with a capital, and only its first letter changes ("Phường
Gia Thụy, quận Long Biên, Hà Nội", "Sơ kết").

* ``place_label(text)`` – a place standing on its own: first letter up, every later level word
  down ("Phường Gia Thụy, Quận Long Biên, Hà Nội" -> "Phường Gia Thụy, quận Long Biên, Hà Nội").
* ``place_inline(text)`` – a place inside a sentence: its level words in lower case.
* ``headline(article_or_text)`` – the display form of a headline. A headline written in capitals
  ("HỘI NÔNG DÂN XÃ PHƯỚC GIANG: HỘI NGHỊ TỔNG KẾT CÔNG TÁC DÂN VẬN…") is shown in sentence case
  ("Hội Nông dân xã Phước Giang: Hội nghị tổng kết công tác dân vận…"); any other headline is
  shown as written. Only the case of letters changes (``headline(t).lower() == t.lower()``),
  never a letter or its tone mark. What stays in capitals: the first letter of the headline, of
  each part after ":" or a full stop and of a quotation; abbreviations (MTTQ, UBND, HĐND, … from
  ``data/abbreviations.yaml`` and a few more); Roman numerals (lần thứ XI, quý II); the names of
  bodies of the political system (Đảng ủy, Huyện ủy, Ban Dân vận, Hội Nông dân, Mặt trận Tổ
  quốc, … with ``data/organisations.yaml``); and proper names where the text gives them: the
  record's own place, district, province, people and organiser, every unit of the gazetteer
  named after its level word ("XÃ MUỔI NỌI" -> "xã Muổi Nọi") and every province named.

The record is never changed: ``api/articles.json``, the feeds and the page's JSON-LD keep the
headline as the portal wrote it, and the bulletin's page shows it in its provenance section.

``FILTERS`` holds the filters for ``make_environment`` (``env.filters.update(display.FILTERS)``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from danvan_site.core.models import Article
from danvan_site.vn.sort import normalize_tone_placement

__all__ = ["FILTERS", "LEVEL_WORDS", "headline", "is_all_caps", "place_inline", "place_label", "sentence_case"]

# Level words of administrative units, longest first (so "thị xã" is read before "xã").
LEVEL_WORDS: tuple[str, ...] = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_LEVEL_ALT = "|".join(re.escape(w) for w in LEVEL_WORDS)
# A level word that follows the start of a line or a separator (", ", " – ", "; ", " - ").
_LATER_LEVEL = re.compile(r"(?<=[,;–—-] )(" + _LEVEL_ALT + r")(?= )", re.IGNORECASE)
_FIRST_LEVEL = re.compile(r"^(" + _LEVEL_ALT + r")(?= )", re.IGNORECASE)


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def place_inline(text: str | None) -> str:
    """A place inside a sentence: every level word in lower case."""
    if not text:
        return ""
    text = _FIRST_LEVEL.sub(lambda m: m.group(1).lower(), text)
    return _LATER_LEVEL.sub(lambda m: m.group(1).lower(), text)


def place_label(text: str | None) -> str:
    """A place standing on its own: the first letter up, the later level words down."""
    if not text:
        return ""
    return _capfirst(_LATER_LEVEL.sub(lambda m: m.group(1).lower(), text))


# --- headlines --------------------------------------------------------------------------------

# Abbreviations kept in capitals besides those of data/abbreviations.yaml.
_MORE_ABBREVIATIONS = (
    "TP", "TX", "TT", "CLB", "HTX", "THCS", "THPT", "TW", "TƯ", "ĐBQH", "UBKT", "NTM", "CNTT", "BHYT", "BHXH",
    "CCHC", "KT-XH", "TDTT", "VHVN", "ĐVTN", "UBMTTQVN", "COVID", "COVID-19", "MTTQVN", "HĐNĐ", "BCT", "VN",
)
# Bodies of the political system and fixed names, in their usual case. Inside a sentence-case
# headline they keep it; a longer name wins over a shorter one it contains.
_FIXED_NAMES = (
    "Việt Nam", "Hồ Chí Minh", "Đảng", "Đảng ủy", "Đảng bộ", "Đảng đoàn", "Đảng Cộng sản Việt Nam",
    "Huyện ủy", "Quận ủy", "Thị ủy", "Thành ủy", "Tỉnh ủy", "Huyện đoàn", "Quận đoàn", "Thị đoàn", "Thành đoàn",
    "Tỉnh đoàn", "Ban Thường vụ", "Ban Chấp hành", "Ban Bí thư", "Bộ Chính trị", "Ban Chỉ đạo", "Ban Dân vận",
    "Khối Dân vận", "Ban Tuyên giáo", "Ban Tổ chức", "Ban Kinh tế", "Ban Pháp chế", "Ban Văn hóa - Xã hội",
    "Ủy ban", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Kiểm tra", "Ủy ban Mặt trận Tổ quốc",
    "Mặt trận", "Mặt trận Tổ quốc", "Mặt trận Tổ quốc Việt Nam", "Hội Nông dân", "Hội Cựu chiến binh",
    "Hội Liên hiệp Phụ nữ", "Hội Phụ nữ", "Đoàn Thanh niên", "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Người cao tuổi", "Hội Chữ thập đỏ", "Hội Khuyến học", "Hội Cựu thanh niên xung phong",
    "Công đoàn", "Liên đoàn Lao động", "Quốc hội", "Chính phủ", "Trung ương", "Quy chế dân chủ",
    "Dân vận khéo", "Đại đoàn kết toàn dân tộc", "Quân đội nhân dân", "Công an nhân dân",
)
_ROMAN = re.compile(r"^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
# Short Roman numerals that are also Vietnamese syllables ("vi phạm", "xi măng", "li"): kept in
# capitals only after a word that numbers ("lần thứ V", "quý I", "khóa XI").
_AMBIGUOUS_ROMAN = {"i", "v", "x", "l", "c", "vi", "xi", "li", "ci", "lx", "xv", "xx"}
_NUMBERING = {"thứ", "khóa", "khoá", "quý", "kỳ", "lần", "đại", "hội", "số", "giai", "đoạn", "phần", "chương", "mục"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_COMMON_AFTER_LEVEL = {"hội", "ủy", "uỷ", "đoàn", "đội", "viên"}  # "xã hội", "huyện ủy", "tỉnh đoàn"


@lru_cache(maxsize=1 << 16)
def is_all_caps(text: str) -> bool:
    """Whether a headline is written in capitals: at least ten cased letters, at most one in
    ten of them in lower case (a stray "của" or "và" in lower case still counts).

    Kept per title: a bulletin's headline is shown on some thirty pages (its lists, its people's
    pages, the related lists); counting its letters each time was 2% of making the list pages
    (0.36 of 17.8 CPU-s for 10,700 pages of a 10,000-bulletin archive)."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    return upper + lower >= 10 and lower * 10 <= upper + lower


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(abbreviations, names) known to every headline."""
    from danvan_site.vocab import raw

    abbreviations = set(_MORE_ABBREVIATIONS)
    for entry in raw("abbreviations.yaml") or []:
        abbr = str(entry.get("abbr", "")).strip() if isinstance(entry, dict) else ""
        # Two letters with a vowel are syllables as well ("TU" tu bổ, "ĐU" đu quay): left out.
        if abbr and not (len(abbr) <= 2 and re.search(r"[AEIOUYĂÂÊÔƠƯ]", unicodedata.normalize("NFC", abbr))):
            abbreviations.add(abbr)
    names = set(_FIXED_NAMES)
    for entry in raw("organisations.yaml") or []:
        if isinstance(entry, dict) and entry.get("name"):
            names.add(str(entry["name"]))
    return tuple(sorted(abbreviations)), tuple(sorted(names))


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """(unit-name key -> the name as the gazetteer writes it, province key -> province name),
    for units before and after the 2025 reform; empty when the gazetteer cannot be read."""
    try:
        from danvan_site import gazetteer
    except ImportError:  # pragma: no cover - the package always has it
        return {}, {}
    units: dict[str, str] = {}
    provinces: dict[str, str] = {}
    books = []
    try:
        books.append(gazetteer.load())
    except Exception:  # noqa: BLE001 - a missing data package must not stop a page
        pass
    try:
        later = gazetteer.load_2025()
        if later is not None:
            books.append(later)
    except Exception:  # noqa: BLE001
        pass
    for book in books:
        for unit in book.units:
            units.setdefault(gazetteer.key(unit.name), unit.name)
            provinces.setdefault(gazetteer.key(unit.province), unit.province)
    return units, provinces


def _key(text: str) -> str:
    """Lower case, modern tone placement: one length per character as long as NFC allows it."""
    return normalize_tone_placement(text.lower())


class _Cased:
    """The letters of one headline with the case each will be shown in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        key = _key(text)
        self.key = key if len(key) == len(self.low) else self.low
        self.upper = [False] * len(text)

    def apply(self, start: int, pattern: str) -> None:
        """Give the letters from ``start`` the case of ``pattern`` (a name as it is written)."""
        for i, ch in enumerate(pattern):
            if start + i < len(self.upper) and ch.isalpha():
                self.upper[start + i] = ch.isupper()

    def name(self, written: str) -> None:
        """Every whole-word occurrence of ``written`` takes its case."""
        key = _key(written)
        if not key.strip() or len(key) != len(written):
            return
        for m in _whole_word(key).finditer(self.key):
            self.apply(m.start(), written)

    def up(self, index: int) -> None:
        if 0 <= index < len(self.upper):
            self.upper[index] = True

    def result(self) -> str:
        return "".join(ch.upper() if up else ch.lower() for ch, up in zip(self.text, self.upper))


@lru_cache(maxsize=8192)
def _whole_word(key: str) -> re.Pattern[str]:
    """``key`` as a whole word. Compiled once: a headline is matched against some seventy names
    (the fixed list and the record's own), more than ``re``'s own cache of 512 patterns holds
    over a build, so they were compiled again for every headline (15% of the time of putting
    10,000 headlines in sentence case)."""
    return re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")


def _words(cased: _Cased) -> list[re.Match[str]]:
    return list(_WORD.finditer(cased.key))


# What a unit's name follows: its level word ("xã", "tp."), or the name of its Party committee
# or Youth Union ("huyện ủy Cư Jút", "thành đoàn Hà Nội"); the text is in lower case with modern
# tone placement here.
_LEVEL_BEFORE = re.compile(r"(?<!\w)(?:" + _LEVEL_ALT + r"|tp|(?:huyện|quận|thị|thành|tỉnh) (?:ủy|đoàn))\.?\s+$")


def _place_names(cased: _Cased, words: list[re.Match[str]]) -> None:
    """Unit names after their level word (up to four syllables, the longest name known) and
    province names anywhere."""
    from danvan_site import gazetteer

    units, provinces = _places()
    if not units:
        return
    for i, w in enumerate(words):
        if w.group(0) in _COMMON_AFTER_LEVEL or not _LEVEL_BEFORE.search(cased.key, 0, w.start()):
            continue
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            span = cased.text[w.start():words[i + n - 1].end()]
            written = units.get(gazetteer.key(span))
            if written and len(written) == len(span):
                cased.apply(w.start(), written)
                break
    for n in (4, 3, 2):
        for i in range(len(words) - n + 1):
            span = cased.text[words[i].start():words[i + n - 1].end()]
            written = provinces.get(gazetteer.key(span))
            if written and len(written) == len(span):
                cased.apply(words[i].start(), written)


def sentence_case(text: str, names: Iterable[str] = ()) -> str:
    """``text`` (written in capitals) in sentence case, keeping in capitals what is listed in the
    module's docstring; ``names`` are proper names the record gives (places, people, bodies)."""
    text = unicodedata.normalize("NFC", text)
    cased = _Cased(text)
    if len(cased.low) != len(text):
        return text  # a letter whose lower case is longer: leave the headline as written
    abbreviations, fixed = _vocabulary()
    words = _words(cased)
    _place_names(cased, words)
    # Shorter names first, so that a longer one written over them wins; of two names of one
    # length (a record may give "CÀ MAU" and "Cà Mau"), the one with lower-case letters last, so
    # that it wins; then by the text: the order never depends on a set's (hash-seeded) order.
    for written in sorted({*fixed, *(n for n in names if n)},
                          key=lambda n: (len(n), any(ch.islower() for ch in n), n)):
        cased.name(written)
    # Roman numerals: "lần thứ XI", "quý II/2025", "khóa XIII"
    for i, w in enumerate(words):
        token = w.group(0)
        if not _ROMAN.match(token):
            continue
        after_number = i > 0 and words[i - 1].group(0) in _NUMBERING
        if token not in _AMBIGUOUS_ROMAN or after_number:
            for j in range(w.start(), w.end()):
                cased.up(j)
    # Abbreviations as whole words, in capitals as written in the list.
    for abbr in abbreviations:
        key = abbr.lower()
        for m in re.finditer(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", cased.low):
            cased.apply(m.start(), abbr)
    # The first letter of the headline, of each part after ":", ".", "!", "?" and of a quotation.
    first = re.search(r"[^\W\d_]", text)
    if first:
        cased.up(first.start())
    for m in re.finditer(r"(?:[:.!?]\s+|[“\"«(]\s*)([^\W\d_])", text):
        cased.up(m.start(1))
    return cased.result()


def _record_names(article: Article) -> list[str]:
    """Proper names the record gives: its place, district and province, the people named, the
    organiser and the organisations."""
    loc = article.locality
    names = [loc.name, loc.province, loc.district_name]
    if loc.district:
        names.append(loc.district)
    names += [p.name for p in article.people]
    if article.author is not None:
        names.append(article.author.name)
    names += list(article.organisations)
    if article.organizer:
        names.append(article.organizer)
    # a name with a level word keeps the level word in lower case ("quận Long Biên")
    return [place_inline(n) for n in names if n and not is_all_caps(n)]


def headline(value: Any) -> str:
    """The headline of an article (or a headline given as text) as readers see it."""
    if isinstance(value, Article):
        title = value.title or ""
        if not is_all_caps(title):
            return title
        return _headline_cached(title, tuple(_record_names(value)))
    title = "" if value is None else str(value)
    if not is_all_caps(title):
        return title
    return _headline_cached(title, ())


@lru_cache(maxsize=4096)
def _headline_cached(title: str, names: tuple[str, ...]) -> str:
    return sentence_case(title, names)


FILTERS = {
    "headline": headline,
    "place_label": place_label,
    "place_inline": place_inline,
}
