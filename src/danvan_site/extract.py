"""Extract stage: a segmented bulletin -> an :class:`Article` record.

One small function per field, called in order from :data:`FIELD_EXTRACTORS`. Each takes the
extraction context (the source, its segments and the fields extracted before it) and returns
the field's value. Where the text does not settle a value the function returns None: a wrong
value is worse than a missing one.
"""
from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from . import gazetteer as gz
from . import profiling
from .dates import find_event_date
from .load import Source
from .models import Article, Author, Diagnostic, Image, Locality, MeetingType, Period, Person
from .segment import BYLINE_PREFIX_RE, BYLINE_SOFT_PREFIX_RE, ORG_AUTHOR_RE, Segments, segment, vocab
from .vntext import collapse, first_sentence, is_upper_text, modern_tones, sentences, tone_key, words


@dataclass
class Context:
    source: Source
    seg: Segments
    values: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    uncertain: dict[str, str] = field(default_factory=dict)

    def warn(self, message: str, field_name: str | None = None, line: int | None = None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.source.rel, message, line=line, field=field_name, hint=hint))

    @property
    def title(self) -> str:
        return self.values.get("title") or ""

    @property
    def body(self) -> list[str]:
        return self.values.get("body") or []

    @property
    def lead(self) -> str:
        return first_sentence(collapse(self.body[0])) if self.body else ""

    @property
    def event_sentence(self) -> str:
        """The sentence that reports the event: the first opening sentence with an event date or
        an organising verb ("Sáng ngày 04/02/2021, Đảng ủy xã X tổ chức ..."), else the first."""
        found = self.values.get("_event")
        opening = [s for p in self.body[:2] for s in sentences(collapse(p))][:6]
        if found is not None:
            for s in opening:
                if found.text in s:
                    return s
        for s in opening:
            if _ORGANISE_RE.search(s):
                return s
        return self.lead

    def line_of(self, sentence: str) -> int | None:
        """The file line of the body paragraph that holds a sentence."""
        for p in self.seg.body:
            if sentence and sentence in collapse(p.text):
                return p.line
        return None

    @property
    def all_text(self) -> str:
        return "\n".join(ln.text for ln in self.seg.lines if ln.text)


_ORGANISE_RE = re.compile(r"(?<!\w)(?:tổ chức|làm việc|giao ban|họp|tập huấn|tiếp xúc|đối thoại)(?!\w)", re.IGNORECASE)


# --- vocabularies ------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("danvan_site").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class TypeCue:
    slug: str
    label: str
    generic: bool
    pattern: re.Pattern[str]


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """One whole-word pattern for a list of cue phrases, matched on ``tone_key`` text."""
    if not cues:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(f"(?:{tone_key(c)})" for c in cues)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def meeting_types() -> list[TypeCue]:
    out = []
    for item in _data("meeting_types.yaml"):
        out.append(TypeCue(item["slug"], item["label"], bool(item.get("generic")), cue_pattern(item.get("cues", []))))
    return out


def meeting_type_by_slug(slug: str) -> MeetingType | None:
    for t in meeting_types():
        if t.slug == slug:
            return MeetingType(t.slug, t.label)
    return None


# --- simple fields ---------------------------------------------------------------------------

def extract_title(ctx: Context) -> str:
    if ctx.seg.title:
        return collapse(ctx.seg.title)
    ctx.warn("no headline found; the file name stands in as the title", "title",
             hint="add 'title: ...' to a sidecar file")
    return ctx.source.id


def extract_published(ctx: Context) -> datetime | date | None:
    if ctx.seg.published is None:
        ctx.warn("no publication date found", "published", hint="add 'published: YYYY-MM-DD' to a sidecar file")
    return ctx.seg.published


def extract_views(ctx: Context) -> int | None:
    return ctx.seg.views


def extract_section(ctx: Context) -> str | None:
    return ctx.seg.section


def extract_portal(ctx: Context) -> str | None:
    return ctx.seg.site_header


def extract_body(ctx: Context) -> list[str]:
    if not ctx.seg.body:
        ctx.warn("no body text found", "body")
    return [p.text for p in ctx.seg.body]


def extract_summary(ctx: Context) -> str | None:
    return collapse(ctx.body[0]) if ctx.body else None


def extract_word_count(ctx: Context) -> int:
    return sum(len(words(p)) for p in ctx.body)


def extract_images(ctx: Context) -> list[Image]:
    images = [Image(src) for src in ctx.seg.images]
    captions = [c.text for c in ctx.seg.captions if c.text]
    for i, cap in enumerate(captions):
        if i < len(images):
            images[i].caption = cap
        else:
            images.append(Image(None, cap))
    return images


def extract_event_date(ctx: Context) -> date | None:
    published = ctx.values.get("published")
    pub_date = published.date() if isinstance(published, datetime) else published
    found = find_event_date([collapse(p) for p in ctx.body], pub_date)
    ctx.values["_event"] = found
    return found.date if found else None


def extract_time_of_day(ctx: Context) -> str | None:
    found = ctx.values.get("_event")
    return found.time_of_day if found else None


# --- meeting type ------------------------------------------------------------------------------

_ORG_NAME_BEFORE = re.compile(r"(?:ban|ủy ban|uỷ ban|ubkt)\s*$", re.IGNORECASE)


def classify(text: str) -> MeetingType | None:
    """The meeting type named first in a text; a specific act beats a generic "hội nghị"."""
    key = tone_key(text)
    specific: list[tuple[int, TypeCue]] = []
    generic: list[tuple[int, TypeCue]] = []
    for cue in meeting_types():
        for m in cue.pattern.finditer(key):
            if _ORG_NAME_BEFORE.search(key[: m.start()]) and cue.slug == "kiem-tra-giam-sat":
                continue  # "Ban Kiểm tra", "Ủy ban Kiểm tra": a body, not an act
            (generic if cue.generic else specific).append((m.start(), cue))
            break
    pool = specific or generic
    if not pool:
        return None
    _, cue = min(pool, key=lambda x: x[0])
    return MeetingType(cue.slug, cue.label)


def extract_meeting_type(ctx: Context) -> MeetingType:
    found = classify(ctx.title)
    if found is None and ctx.body:
        found = classify(ctx.lead)
        if found is not None:
            ctx.uncertain["meeting_type"] = "tiêu đề không nêu loại hội nghị; lấy theo câu mở đầu bài"
    if found is None:
        ctx.uncertain["meeting_type"] = "tiêu đề và câu mở đầu không nêu hội nghị nào; xếp vào loại 'khác'"
        return MeetingType("khac", "khác")
    return found


# --- places ---------------------------------------------------------------------------------------

_LEVEL_WORDS = r"thị trấn|thị xã|thành phố|tp\.?|xã|phường|huyện|quận|tỉnh"
_LEVEL_RE = re.compile(rf"(?<!\w)({_LEVEL_WORDS})(?!\w)(?!\s*(?:ủy|uỷ)(?!\w))\s*", re.IGNORECASE)
_COMMITTEE_RE = re.compile(r"(?<!\w)(huyện|quận|thị|thành|tỉnh)\s*(?:ủy|uỷ)(?!\w)\s*", re.IGNORECASE)
_COMMITTEE_LEVEL = {"huyện": "huyện", "quận": "quận", "thị": "thị xã", "thành": "thành phố", "tỉnh": "tỉnh"}
_TOKEN_RE = re.compile(r"[^\s,;:()\[\]“”\"'.!?–—]+(?:-[^\s,;:()\[\]“”\"'.!?–—]+)*")


@dataclass(frozen=True)
class Mention:
    level: str
    name: str | None
    start: int
    end: int
    unit: gz.Unit | None = None


def _norm_level(word: str) -> str:
    w = word.lower().rstrip(".")
    return "thành phố" if w == "tp" else w


def find_units(text: str) -> list[Mention]:
    """Units named in a text: "phường Gia Thụy", "Quận uỷ Đống Đa", "TP.Pleiku", "huyện" (unnamed)."""
    g = gz.load()
    found: list[Mention] = []
    for rx, to_level in ((_LEVEL_RE, _norm_level), (_COMMITTEE_RE, lambda w: _COMMITTEE_LEVEL[w.lower()])):
        for m in rx.finditer(text):
            level = to_level(m.group(1))
            name, end = _name_after(text, m.end(), level, g)
            found.append(Mention(level, name, m.start(), end if name else m.end()))
    found.sort(key=lambda x: x.start)
    return found


def _name_after(text: str, pos: int, level: str, g: gz.Gazetteer) -> tuple[str | None, int]:
    tokens: list[tuple[str, int, int]] = []
    for tm in _TOKEN_RE.finditer(text, pos):
        gap = text[(tokens[-1][2] if tokens else pos): tm.start()]
        if tokens and gap.strip() not in ("", "-", "–"):
            break
        if not tokens and gap.strip():
            break
        tok = tm.group(0)
        if not (tok[0].isupper() or tok.isdigit()):
            break
        tokens.append((tok, tm.start(), tm.end()))
        if len(tokens) >= 6 or tok.isdigit():
            break
    if not tokens:
        return None, pos
    # Longest run the gazetteer knows at this level, else a run cut before a family name.
    for n in range(len(tokens), 0, -1):
        cand = text[tokens[0][1]: tokens[n - 1][2]]
        if g.find(cand, level):
            return cand, tokens[n - 1][2]
    if all(t[0].isupper() for t, _, _ in tokens if not t.isdigit()) and is_upper_text(" ".join(t for t, _, _ in tokens)):
        return None, pos  # ALL-CAPS text: only trust names the gazetteer knows
    surnames = _surnames()
    cut = len(tokens)
    for i, (tok, _, _) in enumerate(tokens):
        if i > 0 and tok in surnames and len(tokens) - i >= 2:
            cut = i
            break
    cut = min(cut, 4)
    return text[tokens[0][1]: tokens[cut - 1][2]], tokens[cut - 1][2]


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(_data("people.yaml")["surnames"])


_MAIN_VERBS = re.compile(
    r"(?<!\w)(?:đã |vừa |đã phối hợp |phối hợp |long trọng |chính thức )?"
    r"(tổ chức|làm việc|giao ban|sơ kết|tổng kết|họp|tập huấn|triển khai|kiểm tra|giám sát|tiếp xúc|đối thoại|"
    r"kỷ niệm|phát động|tuyên dương|biểu dương|khai mạc|bế mạc|ra quân|gặp mặt|họp mặt|ký kết|thăm|dự|tham dự|"
    r"chủ trì|chúc mừng|trao|tặng|bồi dưỡng|thành lập|ban hành|hội nghị|tọa đàm|tiếp)(?!\w)",
    re.IGNORECASE,
)
_GUEST_VERBS = {"dự", "tham dự", "thăm", "chúc mừng", "trao", "tặng", "tiếp"}
_ORG_START = re.compile(
    r"^(?:ban|đảng|ủy ban|uỷ ban|ubnd|ubmttq|mttq|mặt trận|hội|đoàn|thường trực|thường vụ|huyện ủy|huyện uỷ|"
    r"quận ủy|quận uỷ|thị ủy|thị uỷ|thành ủy|thành uỷ|tỉnh ủy|tỉnh uỷ|hđnd|khối|chi bộ|liên đoàn|tổ|bí thư|"
    r"chủ tịch|lãnh đạo|đại biểu|công an|trung tâm|phòng|sở|cụm|liên|câu lạc bộ|clb|cấp ủy|cấp uỷ|"
    r"xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|tp|hội đồng|văn phòng|đồng chí|ông|bà|đ/c)(?!\w)",
    re.IGNORECASE,
)
_LEAD_DATE = re.compile(
    r"^(?:\([^)]{1,25}\)\s*[-–—]?\s*|[^\s,]{1,15}(?:\s[^\s,]{1,15}){0,2}\s[-–—]\s+)?"
    r"(?:(?:vào\s+)?(?:sáng|chiều|tối|trưa|hồi|lúc|từ|trong|hôm)[^,]{0,40}?\d[\d/.\-]*(?:\s*(?:năm\s*)?\d{4})?\s*,?\s*"
    r"|ngày\s+\d[\d/.\-]*(?:\s*(?:và|đến)\s*\d[\d/.\-]*)?\s*,?\s*)",
    re.IGNORECASE,
)


@dataclass
class Subject:
    text: str
    verb: str
    guest: bool


def title_subject(title: str) -> Subject | None:
    head, sep, _ = title.partition(":")
    if sep and len(words(head)) <= 12 and (_ORG_START.match(head) or _is_place(head)):
        return Subject(head.strip(), ":", False)
    m = _MAIN_VERBS.search(title)
    if not m or m.start() == 0:
        return None
    subj = title[: m.start()].strip(" ,;-–")
    subj = re.split(r"\s+(?:phối hợp với|phối hợp cùng|cùng với|phối hợp)\s+", subj, maxsplit=1, flags=re.IGNORECASE)[0]
    if not subj or not (_ORG_START.match(subj) or _is_place(subj)):
        return None
    verb = m.group(1).lower()
    return Subject(subj, verb, verb in _GUEST_VERBS)


def _is_place(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(words(text)) <= 5 and bool(gz.load().find(text))


def lead_subject(lead: str) -> Subject | None:
    m = _MAIN_VERBS.search(lead)
    if not m:
        return None
    before = _LEAD_DATE.sub("", lead[: m.start()]).strip(" ,;-–")
    # "Ban Dân vận Tỉnh ủy phối hợp với UBND thành phố X tổ chức": the first body organises.
    before = re.split(r"\s+(?:phối hợp với|phối hợp cùng|cùng với|phối hợp)\s+", before, maxsplit=1, flags=re.IGNORECASE)[0]
    chunks = [c.strip() for c in re.split(r",\s*", before) if c.strip()]
    for i, c in enumerate(chunks):
        if _ORG_START.match(c) and not c.lower().startswith("tại"):
            subj = ", ".join(chunks[i:])
            verb = m.group(1).lower()
            return Subject(subj, verb, verb in _GUEST_VERBS)
    return None


def extract_organizer(ctx: Context) -> str | None:
    ts = title_subject(ctx.title)
    if ts and not ts.guest and not _PERSONISH.match(ts.text):
        return ts.text
    ls = lead_subject(ctx.event_sentence)
    if ls and not _PERSONISH.match(ls.text):
        return ls.text
    if ts and not ts.guest:
        return ts.text
    return None


_PERSONISH = re.compile(r"^(?:đồng chí|ông|bà|đ/c)\b", re.IGNORECASE)


def _lowest_named(mentions: list[Mention]) -> Mention | None:
    named = [m for m in mentions if m.name]
    if not named:
        return None
    tier = {"tỉnh": 0, "thành phố": 1, "huyện": 1, "quận": 1, "thị xã": 1, "xã": 2, "phường": 2, "thị trấn": 2}
    return max(named, key=lambda m: (tier[m.level] if not (m.level == "thành phố" and gz.load().province(m.name or "")) else 0, -m.start))


def _first_named(mentions: list[Mention]) -> Mention | None:
    return next((m for m in mentions if m.name), None)


def _header_text(ctx: Context) -> str:
    return "\n".join(ln.text for ln in ctx.seg.header)


def _explicit_provinces(text: str) -> list[str]:
    """Provinces the text names with a level word ("tỉnh Bắc Kạn", "thành phố Cần Thơ", "TP.HCM")."""
    g = gz.load()
    out: list[str] = []
    for m in find_units(text):
        if m.name and m.level in ("tỉnh", "thành phố"):
            p = g.province(m.name)
            if p is not None and p.province_level == m.level and p.province not in out:
                out.append(p.province)
    for m in re.finditer(r"TP\.?\s?HCM|TPHCM", text):
        if "Hồ Chí Minh" not in out:
            out.append("Hồ Chí Minh")
    return out


def _bare_provinces(text: str) -> list[str]:
    """Province names standing alone in header lines ("GIA LAI TV", "BÁO SƠN LA", "Đà Nẵng –")."""
    g = gz.load()
    out: list[str] = []
    k = gz.key(text)
    for pk, unit in g.provinces.items():
        if unit.province not in out and re.search(r"(?<!\w)" + re.escape(pk) + r"(?!\w)", k):
            out.append(unit.province)
    return out


_MERGER = date(2025, 7, 1)


def extract_locality(ctx: Context) -> Locality:
    g = gz.load()
    title, lead = ctx.title, ctx.event_sentence
    ts, ls = title_subject(title), lead_subject(lead)
    choice: Mention | None = None
    unnamed: str | None = None
    steps: list[list[Mention]] = []
    if ts and not ts.guest:
        steps.append(find_units(ts.text))
    if ls:
        steps.append(find_units(ls.text))
    title_units = find_units(title)  # in ALL-CAPS text only gazetteer names are read
    for mentions in steps:
        choice = _lowest_named(mentions)
        if choice:
            break
    if choice is None:
        choice = _first_named(title_units)
    if choice is None:
        unnamed = next((ms[0].level for ms in steps if ms), None)
    if choice is None and unnamed is None:
        choice = _lowest_named(find_units(lead))
    if choice is None and unnamed is None and title_units:
        unnamed = title_units[0].level
    header = _header_text(ctx)
    published = ctx.values.get("published")
    pub_date = published.date() if isinstance(published, datetime) else published
    post_merger = pub_date is not None and pub_date >= _MERGER
    text = ctx.all_text
    text_key = gz.key(text)
    explicit = _explicit_provinces(text)
    header_prov = _explicit_provinces(header) or _bare_provinces(header)
    agency = re.match(r"^([^\s,–—-][^,–—]{1,25}?)\s+[-–—]\s", ctx.body[0]) if ctx.body else None
    if agency:
        header_prov = header_prov or _bare_provinces(agency.group(1))
    loc = Locality()
    if choice is None and unnamed is not None:
        # "Ban Dân vận Thành ủy" on the Đà Nẵng portal: a province-level unit named by the portal.
        named_provinces = header_prov or explicit
        if unnamed in ("tỉnh", "thành phố") and len(set(named_provinces)) == 1:
            p = g.province(named_provinces[0])
            if p is not None and p.province_level == unnamed:
                choice = Mention(unnamed, p.province, 0, 0)
        if choice is None:
            same_level = {m.name for m in find_units(header) if m.level == unnamed and m.name}
            if len(same_level) == 1:
                choice = Mention(unnamed, same_level.pop(), 0, 0)
        if choice is None and ts is not None and _is_place(ts.text):
            # "Tam Kỳ kỷ niệm …" + "Ban Dân vận Thành ủy tổ chức …": the headline's bare place name.
            if g.find(ts.text, unnamed):
                choice = Mention(unnamed, ts.text.strip(), 0, 0)
    if choice is None:
        loc.level = unnamed
        if unnamed:
            ctx.uncertain["locality"] = f"văn bản nói đến một {unnamed} nhưng không nêu tên"
        provinces = explicit or header_prov
        if len(set(provinces)) == 1:
            loc.province = provinces[0]
        return loc
    loc.level, loc.name = choice.level, modern_tones(choice.name or "")
    if choice.name and choice.name.isdigit():
        loc.name = str(int(choice.name))
    unit: gz.Unit | None = None
    prov_set = set(explicit) | set(header_prov)
    if post_merger:
        # After the July 2025 reform: resolve on the units in force then (two levels).
        g2 = gz.load_2025()
        if g2 is not None:
            unit = gz.disambiguate(g2.find(choice.name or "", choice.level), text_key, prov_set)
            if unit is not None and unit.tier != 0 and unit.level not in gz.LEVELS_WARD:
                unit = None
    else:
        unit = gz.disambiguate(g.find(choice.name or "", choice.level), text_key, prov_set)
    if unit is not None:
        loc.name = modern_tones(unit.name)
        loc.province = modern_tones(unit.province)
        loc.code = unit.code
        if unit.district:
            loc.district = f"{unit.district_level} {modern_tones(unit.district)}"
            loc.district_level, loc.district_name = unit.district_level, modern_tones(unit.district)
        if not post_merger and unit.level in gz.LEVELS_WARD:
            later = gz.successors(unit.code)
            if later and later != [f"{unit.level} {unit.name}, {unit.province}"]:
                loc.successor = "; ".join(later)
    else:
        provinces = explicit or header_prov
        if loc.level in ("tỉnh",) or (loc.level == "thành phố" and g.province(loc.name or "")):
            p = g.province(loc.name or "")
            loc.province = p.province if p else None
        elif len(set(provinces)) == 1:
            loc.province = provinces[0]
        if post_merger and gz.load_2025() is None:
            ctx.uncertain["locality"] = "bài đăng sau khi sắp xếp đơn vị hành chính (7/2025) nhưng chưa cài danh mục đơn vị mới"
        elif post_merger:
            n = len(gz.load_2025().find(choice.name or "", choice.level))  # type: ignore[union-attr]
            ctx.uncertain["locality"] = (f"có {n} đơn vị (từ 7/2025) tên '{loc.level} {loc.name}'; văn bản không nói rõ đơn vị nào"
                                         if n else f"'{loc.level} {loc.name}' không có trong danh mục đơn vị từ 7/2025")
        elif not g.find(choice.name or "", choice.level):
            ctx.uncertain["locality"] = f"'{loc.level} {loc.name}' không có trong danh mục đơn vị hành chính"
        else:
            n = len(g.find(choice.name or "", choice.level))
            ctx.uncertain["locality"] = f"có {n} đơn vị tên '{loc.level} {loc.name}'; văn bản không nói rõ đơn vị nào"
        if loc.name and loc.province is None:
            ctx.warn(f"locality '{loc.level} {loc.name}' could not be placed in a province", "locality",
                     line=ctx.line_of(lead), hint="add 'locality: {province: ...}' to a sidecar file")
    return loc


# --- period ------------------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_NUMWORD = {"sáu": 6, "chín": 9, "ba": 3, "mười": 10, "hai": 2}
_PERIOD_RE = re.compile(
    r"(?<!\w)(?:"
    r"(?P<n>\d{1,2}|sáu|chín|ba)\s+tháng(?:\s+(?P<half>đầu|cuối))?(?:\s+năm)?(?:\s*(?P<ny>\d{4}))?"
    r"|quý\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*(?:/|năm|-)\s*(?P<qy>\d{4}))?"
    r"|tháng\s+(?P<m>\d{1,2})(?:\s*(?:/|năm)\s*(?P<my>\d{4}))?"
    r"|giai đoạn\s+(?P<g1>\d{4})\s*[-–]\s*(?P<g2>\d{4})"
    r"|(?P<years>\d{1,2})\s+năm(?=\s+(?:thực hiện|triển khai|hoạt động|xây dựng))"
    r"|năm\s+(?P<y>\d{4})"
    r")(?!\w)",
    re.IGNORECASE,
)
REVIEW_TYPES = {"so-ket", "tong-ket", "giao-ban", "lam-viec", "hoi-nghi", "trien-khai", "tuyen-duong", "kiem-tra-giam-sat"}


def _period_year(m: re.Match[str]) -> str | None:
    return m.group("ny") or m.group("qy") or m.group("my") or m.group("y")


def period_range(m: re.Match[str], year: int) -> tuple[date, date] | None:
    if m.group("n"):
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMWORD.get(m.group("n").lower(), 0)
        if not 1 <= n <= 12:
            return None
        if (m.group("half") or "").lower() == "cuối":
            return date(year, 13 - n, 1), date(year, 12, 31)
        return date(year, 1, 1), date(year, n, calendar.monthrange(year, n)[1])
    if m.group("q"):
        q = _ROMAN[m.group("q").lower()]
        end_month = q * 3
        return date(year, end_month - 2, 1), date(year, end_month, calendar.monthrange(year, end_month)[1])
    if m.group("m"):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            return None
        return date(year, mo, 1), date(year, mo, calendar.monthrange(year, mo)[1])
    if m.group("g1"):
        return date(int(m.group("g1")), 1, 1), date(int(m.group("g2")), 12, 31)
    if m.group("years"):
        n = int(m.group("years"))
        return date(year - n + 1, 1, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def find_period(text: str) -> re.Match[str] | None:
    return _PERIOD_RE.search(text)


def extract_period(ctx: Context) -> Period | None:
    mt: MeetingType = ctx.values["meeting_type"]
    if mt.slug not in REVIEW_TYPES:
        return None
    source_text = ctx.title
    m = find_period(source_text)
    if m is None and ctx.body:
        source_text = ctx.lead
        m = find_period(source_text)
    if m is None:
        return None
    label = m.group(0).strip()
    year_txt = _period_year(m)
    if year_txt is None and m.group("g1") is None:
        # Complete the year from a later period phrase of the same sentence, or the same phrase
        # written with its year elsewhere in the text.
        for later in _PERIOD_RE.finditer(source_text, m.end()):
            if _period_year(later):
                year_txt = _period_year(later)
                sep = "/" if "/" in later.group(0) else " năm "
                label = f"{label}{sep}{year_txt}" if m.group("q") or m.group("m") else f"{label} {year_txt}"
                break
        if year_txt is None:
            for para in [ctx.title, *ctx.body]:
                for other in _PERIOD_RE.finditer(para):
                    if _period_year(other) and tone_key(other.group(0)).startswith(tone_key(label)):
                        year_txt = _period_year(other)
                        label = other.group(0).strip()
                        break
                if year_txt:
                    break
    year = int(year_txt) if year_txt else None
    if year is None:
        ref = ctx.values.get("event_date") or ctx.values.get("published")
        if ref is None:
            return None
        year = ref.year
    rng = period_range(m, year)
    if rng is None:
        return None
    return Period(label, rng[0], rng[1])


# --- author -------------------------------------------------------------------------------------

_ROLE_WORDS_RE = re.compile(
    r"^(?:cán bộ|chủ tịch|phó|bí thư|trưởng|ủy viên|uỷ viên|cộng tác viên|ctv|phóng viên|pv|văn phòng|mttq|"
    r"ubnd|ủy ban|uỷ ban|hội|ban|đảng ủy|đảng uỷ|xã|phường|huyện|quận|thị trấn|thị xã|thành phố|tỉnh|tp|"
    r"trung tâm|đài|báo|chuyên viên|công chức|giáo viên|đoàn|bộ phận)\b",
    re.IGNORECASE,
)


def parse_byline(byline: str) -> Author | None:
    text = collapse(byline)
    if vocab().cms_accounts.fullmatch(text):
        return None
    text = BYLINE_PREFIX_RE.sub("", text)
    if re.fullmatch(r"[a-z0-9_.]{6,}", text):
        return None  # a CMS account name
    text = BYLINE_SOFT_PREFIX_RE.sub("", text) if len(words(text)) > 1 else text
    role = None
    paren = re.search(r"\s*\(([^()]*)\)\s*$", text)
    if paren and paren.start() > 0:
        role = paren.group(1).strip() or None
        text = text[: paren.start()].strip()
    if ORG_AUTHOR_RE.match(text) and not re.search(r"\s[-–—,]\s*", text):
        return Author(text, role)
    parts = re.split(r"\s*([-–—,])\s*", text)
    name = parts[0]
    i = 1
    while i + 1 < len(parts):
        piece = parts[i + 1]
        if _ROLE_WORDS_RE.match(piece) or (piece != piece.upper() and piece.lower() == piece and piece):
            role = text[text.find(piece):].strip() if role is None else role
            break
        name = f"{name} {parts[i]} {piece}" if parts[i] in "-–—" else f"{name}{parts[i]} {piece}"
        i += 2
    # "lê thường xã thạnh hưng": a unit after the name.
    lm = re.search(r"\s(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s", " " + name + " ")
    if lm and lm.start() > 0 and not ORG_AUTHOR_RE.match(name):
        role = role or name[lm.start():].strip()
        name = name[: lm.start() - 1].strip() if lm.start() > 0 else name
    name = _restore_dashes(name, text)
    if not name or vocab().cms_accounts.fullmatch(name):
        return None
    return Author(name.strip(), role)


def _restore_dashes(name: str, original: str) -> str:
    """Keep the separator between several authors as written ("Mỹ Hồng -Thanh Thanh")."""
    flat = re.sub(r"\s+", "", name)
    # the shortest prefix of the original whose letters equal the name's letters
    acc = ""
    for i, ch in enumerate(original):
        if not ch.isspace():
            acc += ch
        if acc == flat:
            return original[: i + 1].strip()
    return name


def extract_author(ctx: Context) -> Author | None:
    if not ctx.seg.byline:
        return None
    return parse_byline(ctx.seg.byline)


# --- people -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _people_vocab() -> dict[str, Any]:
    d = _data("people.yaml")
    titles = "|".join(sorted(d["titles"], key=len, reverse=True))
    heads = "|".join(sorted((re.escape(h) if not h.endswith(".") else h.replace(".", r"\.") for h in d["role_heads"]), key=len, reverse=True))
    stops = "|".join(sorted((re.escape(s) for s in d["role_stops"]), key=len, reverse=True))
    return {
        "title_re": re.compile(rf"(?<!\w)(?P<title>{titles})\s*:?\s+", re.IGNORECASE),
        "weak": set(d["weak_titles"]),
        "role_head_re": re.compile(rf"^(?:{heads})(?!\w)", re.IGNORECASE),
        "role_anywhere_re": re.compile(rf"(?<!\w)(?:{heads})(?!\w)", re.IGNORECASE),
        "role_stop_re": re.compile(rf"\s(?:{stops})(?!\w)", re.IGNORECASE),
        "surnames": frozenset(d["surnames"]),
        "not_names": frozenset(d["not_names"]),
    }


_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?")
# Capitalised words that end a name run: they start a role or a body, never a given name.
_BREAKERS = frozenset({"Ban", "Ủy", "Uỷ", "UBND", "UBMTTQ", "MTTQ", "HĐND", "Đảng", "Huyện", "Quận", "Tỉnh", "Xã",
                       "Phường", "Bí", "Chủ", "Trưởng", "Giám", "TUV", "UVTV", "Mặt", "Sở", "Cục", "Khối",
                       "Phòng", "Chánh", "Ủy viên", "Uỷ viên"})


def _read_name(text: str, pos: int) -> tuple[str | None, int]:
    """Read a capitalised personal name starting at pos; (name, end) or (None, pos)."""
    v = _people_vocab()
    toks: list[tuple[str, int, int]] = []
    i = pos
    while len(toks) < 6:
        m = _NAME_TOKEN.match(text, i)
        if not m:
            break
        tok = m.group(0)
        if not tok[0].isupper() or (toks and tok in _BREAKERS):
            break
        if len(tok) > 1 and tok.isupper():
            break  # an abbreviation (UBND, MTTQ) or ALL-CAPS text
        toks.append((tok, m.start(), m.end()))
        j = m.end()
        if j < len(text) and text[j] == " " and j + 1 < len(text) and text[j + 1] != " ":
            i = j + 1
            continue
        break
    if len(toks) < 2:
        return None, pos
    first = toks[0][0]
    if first in v["not_names"] and first not in v["surnames"]:
        return None, pos
    if first in _BREAKERS and first not in v["surnames"]:
        return None, pos
    name = text[toks[0][1]: toks[-1][2]]
    return name, toks[-1][2]


def _read_roles(text: str, pos: int) -> list[str]:
    v = _people_vocab()
    m = re.match(r"\s*(?:[-–—,]|\()\s*", text[pos:])
    if not m:
        return []
    rest = text[pos + m.end():]
    end = len(rest)
    for rx in (r";", r"\)", r"\.(?:\s|$)", r"\s(?:và|cùng)\s+(?:ông|bà|đồng chí|đ/c)\b", r"\s(?:ông|bà|đồng chí)\s"):
        mm = re.search(rx, rest, re.IGNORECASE)
        if mm:
            end = min(end, mm.start())
    stop = v["role_stop_re"].search(" " + rest[:end])
    if stop:
        end = min(end, max(0, stop.start() - 1))
    segment_text = rest[:end].strip(" ,")
    roles: list[str] = []
    for piece in re.split(r"\s*,\s*|\s+[-–—]\s+|\s*[-–—]\s*(?=[A-ZĐ])", segment_text):
        piece = piece.strip(" ,.-–—")
        if not piece:
            continue
        if not v["role_head_re"].match(piece):
            break
        roles.append(piece)
    return roles


# Lower-case words that may stand inside a role written before a name ("Phó Bí thư thường trực Huyện ủy").
_ROLE_FILLERS = frozenset("ủy uỷ xã phường huyện quận tỉnh thị trấn thành phố thường trực vụ ban chấp hành dân vận "
                          "mặt trận tổ quốc hội đồng nhân đảng bộ ủy ban uỷ ban thư chủ tịch trưởng phó".split())


def find_people(text: str, exclude: set[str]) -> list[Person]:
    v = _people_vocab()
    found: list[tuple[int, str, list[str]]] = []
    # 1. After a title word: "đồng chí X - role", "ông X, role", "Tiến sĩ X".
    for m in v["title_re"].finditer(text):
        name, end = _read_name(text, m.end())
        if not name:
            continue
        roles = _read_roles(text, end)
        title = m.group("title").lower()
        if title in v["weak"] and not roles:
            continue
        if title in ("ông", "bà", "anh", "chị") and not roles and name.split()[0] not in v["surnames"]:
            continue  # "đường Ông Ích Khiêm", "thành phố Bà Rịa": not a person
        if m.group("title")[0].isupper() and m.start() > 0 and re.search(
                r"(?:đường|phố|phường|xã|cầu|chợ|trường|chùa|đình|đền|thành phố|tỉnh|huyện|quận|tp\.?)\s*$",
                text[max(0, m.start() - 14): m.start()], re.IGNORECASE):
            continue
        if title in ("ông", "bà") and re.search(r"(?:hộ|gia đình|nhà|cụ|của|con|vợ|chồng)\s*$", text[max(0, m.start() - 12): m.start()], re.IGNORECASE):
            continue
        found.append((m.start(), name, roles))
    # 2. Items of a list after ":" or ";": "Các đồng chí: X, Phó Chủ tịch ...; Y - Bí thư ...".
    for m in re.finditer(r"[:;]\s*", text):
        name, end = _read_name(text, m.end())
        if not name:
            continue
        roles = _read_roles(text, end)
        if roles:
            found.append((m.end(), name, roles))
    # 3. A role, then the name: "Bí thư Tỉnh ủy Nguyễn Văn Đọc", "Bí thư Thành ủy Cần Thơ Nguyễn Văn Hiếu".
    for m in v["role_anywhere_re"].finditer(text):
        window = text[m.end(): m.end() + 60]
        for sm in re.finditer(r"(?<=\s)([^\W\d_]+)", window):
            tok = sm.group(1)
            if not (tok[0].isupper() or tok.lower() in _ROLE_FILLERS):
                break  # "đại biểu HĐND tỉnh gồm ông X": the role phrase ended before the name
            if tok not in v["surnames"]:
                continue
            between = text[m.end(): m.end() + sm.start()]
            name, end = _read_name(text, m.end() + sm.start())
            if name and len(words(name)) >= 3 and not re.search(r"[,.;:()]", between):
                found.append((m.end() + sm.start(), name, [collapse(text[m.start(): m.end() + sm.start()])]))
            break
    # 4. A full name in apposition with a role, with no title word: "Nguyễn Văn A, Bí thư Huyện ủy, cho biết".
    for m in re.finditer(r"(?:^|(?<=[\s(“\"]))([^\W\d_]+)", text):
        if m.group(1) not in v["surnames"] or m.group(1) in ("Ông", "Bà", "Anh", "Chị"):
            continue
        prev = re.search(r"(\S+)\s+$", text[max(0, m.start(1) - 30): m.start(1)])
        if prev and prev.group(1)[:1].isupper() and not prev.group(1).endswith((",", ";", ":", ".")):
            continue  # inside a longer capitalised run (a name already, or an organisation)
        name, end = _read_name(text, m.start(1))
        if not name or len(words(name)) < 3:
            continue
        roles = _read_roles(text, end)
        if roles and not text[end:end + 2].startswith("("):
            found.append((m.start(1), name, roles))
    found.sort(key=lambda x: x[0])
    people: dict[str, Person] = {}
    g = gz.load()
    for _, name, roles in found:
        name = collapse(name)
        k = tone_key(name)
        if k in exclude or g.province(name) is not None:
            continue
        if k not in people:
            people[k] = Person(name, [])
        for r in roles:
            if tone_key(r) not in {tone_key(x) for x in people[k].roles}:
                people[k].roles.append(r)
    return list(people.values())


def extract_people(ctx: Context) -> list[Person]:
    exclude: set[str] = set()
    author: Author | None = ctx.values.get("author")
    if author:
        exclude.add(tone_key(author.name))
    text = "\n".join([ctx.title, *[collapse(p) for p in ctx.body]])
    return find_people(text, exclude)


# --- organisations and abbreviations -----------------------------------------------------------

@dataclass(frozen=True)
class Organisation:
    name: str
    slug: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def organisations() -> list[Organisation]:
    return [Organisation(item["name"], item["slug"], cue_pattern(item["cues"])) for item in _data("organisations.yaml")]


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Abbreviation -> expansion, from data/abbreviations.yaml."""
    return {item["abbr"]: item["expansion"] for item in _data("abbreviations.yaml")}


@lru_cache(maxsize=1)
def _glossary_re() -> re.Pattern[str]:
    keys = sorted(glossary(), key=len, reverse=True)
    return re.compile(r"(?<![\w/-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w/-])")


def find_abbreviations(text: str) -> list[str]:
    """Glossary abbreviations used in a text, in order of first use."""
    seen: list[str] = []
    for m in _glossary_re().finditer(text):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def extract_organisations(ctx: Context) -> list[str]:
    """Organisations named in the title or body, in order of first mention."""
    key = tone_key("\n".join([ctx.title, *ctx.body]))
    found = []
    for org in organisations():
        m = org.pattern.search(key)
        if m:
            found.append((m.start(), org.name))
    return [name for _, name in sorted(found)]


def extract_abbreviations(ctx: Context) -> list[str]:
    return find_abbreviations("\n".join([ctx.title, *ctx.body]))


# --- the table ----------------------------------------------------------------------------------

FIELD_EXTRACTORS: list[tuple[str, Callable[[Context], Any]]] = [
    ("title", extract_title),
    ("published", extract_published),
    ("views", extract_views),
    ("section", extract_section),
    ("portal", extract_portal),
    ("body", extract_body),
    ("summary", extract_summary),
    ("word_count", extract_word_count),
    ("images", extract_images),
    ("event_date", extract_event_date),
    ("time_of_day", extract_time_of_day),
    ("meeting_type", extract_meeting_type),
    ("organizer", extract_organizer),
    ("locality", extract_locality),
    ("period", extract_period),
    ("author", extract_author),
    ("people", extract_people),
    ("organisations", extract_organisations),
    ("abbreviations", extract_abbreviations),
]


def extract(source: Source) -> Article:
    """Build the article record of one loaded bulletin."""
    if profiling.enabled():
        return _extract_timed(source)
    seg = segment(source.text)
    ctx = Context(source, seg)
    for name, fn in FIELD_EXTRACTORS:
        ctx.values[name] = fn(ctx)
    return _record(source, ctx)


def _extract_timed(source: Source) -> Article:
    """``extract`` with the time of each step recorded (``--profile``)."""
    started = time.perf_counter()
    seg = segment(source.text)
    profiling.add("extract:segment", time.perf_counter() - started)
    ctx = Context(source, seg)
    for name, fn in FIELD_EXTRACTORS:
        started = time.perf_counter()
        ctx.values[name] = fn(ctx)
        profiling.add(f"extract:{name}", time.perf_counter() - started)
    return _record(source, ctx)


def _record(source: Source, ctx: Context) -> Article:
    values = {k: v for k, v in ctx.values.items() if not k.startswith("_")}
    article = Article(id=source.id, source_file=source.rel, sha256=source.sha256, **values)
    article.diagnostics = list(source.diagnostics) + ctx.diagnostics
    article.uncertain = dict(ctx.uncertain)
    return article
