"""Clean and segment stage: a raw bulletin's lines -> title, publication line, body, captions,
byline and page chrome.

Portals wrap a bulletin in their own chrome (site header, section, breadcrumbs, share and print
widgets, comment boxes, related-news lists, visit counters). The rules here are general: the
publication-date line anchors the header; the title is the header line next to it that reads
most like the body; the body runs until the first end-of-article marker; the byline is the
short signature line at its end; captions are short scene lines between paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

import yaml

from . import dates
from .vntext import collapse, is_upper_text, sentences, tone_key, words


@dataclass
class Line:
    no: int  # 1-based line number in the normalised file
    raw: str
    text: str  # whitespace collapsed (NBSP -> space), stripped


@dataclass
class Paragraph:
    text: str  # as in the file, stripped (keeps no-break spaces); hard wraps joined
    line: int


@dataclass
class Segments:
    lines: list[Line]
    title: str | None = None
    title_line: int | None = None
    published: datetime | date | None = None
    published_line: int | None = None
    views: int | None = None
    views_line: int | None = None
    section: str | None = None
    site_header: str | None = None
    header: list[Line] = field(default_factory=list)  # lines before the body (context)
    body: list[Paragraph] = field(default_factory=list)
    captions: list[Paragraph] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    byline: str | None = None
    byline_line: int | None = None
    chrome: list[Line] = field(default_factory=list)  # dropped lines, for the report


@dataclass(frozen=True)
class Vocab:
    stop: re.Pattern[str]
    drop: re.Pattern[str]
    site_header: re.Pattern[str]
    views: re.Pattern[str]
    date_labels: re.Pattern[str]
    cms_accounts: re.Pattern[str]


def _alt(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    data = yaml.safe_load(resources.files("danvan_site").joinpath("data/chrome.yaml").read_text(encoding="utf-8"))
    return Vocab(
        stop=_alt(data["stop"]),
        drop=_alt(data["drop"]),
        site_header=_alt(data["site_header"]),
        views=re.compile(data["views"], re.IGNORECASE),
        date_labels=re.compile(data["date_labels"], re.IGNORECASE),
        cms_accounts=re.compile(data["cms_accounts"], re.IGNORECASE),
    )


IMAGE_RE = re.compile(r"^(?:\S*/)?[\w\-.%~]+\.(?:png|jpe?g|gif|webp|bmp|svg|tiff?)(?:\?\S*)?$", re.IGNORECASE)
IMAGES_IN_LINE_RE = re.compile(r"(?:^|\s)((?:\S*/)?[\w\-.%~]+\.(?:png|jpe?g|gif|webp|bmp))(?=\s|$)", re.IGNORECASE)
SHORTCODE_RE = re.compile(r"\[caption[^\]]*\](?P<body>.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
SHORTCODE_IMG_RE = re.compile(r"<img[^>]*\bsrc=[\"']?([^\"'\s>]+)", re.IGNORECASE)
PHOTO_PREFIX_RE = re.compile(r"^\(?\s*(?:ảnh|hình|photo|ảnh minh họa|ảnh minh hoạ)\s*:\s*", re.IGNORECASE)
PHOTO_SUFFIX_RE = re.compile(r"\(\s*(?:ảnh|hình|photo)\s*(?::|-)?[^()]*\)\s*\.?$", re.IGNORECASE)
BARE_NUMBER_RE = re.compile(r"^\d[\d.,]*$")

# Event-lead openings: "Chiều ngày 15/07/2021", "Ngày 25/6/2022,", "(QNO) - Sáng qua 11.10",
# "Đà Nẵng – Ngày 20-4,", "Từ ngày 01 đến ...", "Vào hồi 15h30".
LEAD_RE = re.compile(
    r"^(?:\S.{0,30}?\s[-–—]\s+|\([^)]{1,20}\)\s*[-–—]?\s*)?"
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\b|(?:vào\s+)?(?:hồi|lúc)\s+\d|(?:từ|trong|vào|hôm)\s+(?:\S+\s+)?ngày\s+\d|ngày\s+\d|\d{1,2}[/.-]\d{1,2}\b)",
    re.IGNORECASE,
)
AGENCY_TAG_RE = re.compile(r"^(?:\([^)]{1,25}\)|[A-ZĐ][\w.]{1,12}(?:\s[\w.]+){0,2})\s*[-–—]\s+\S")
CAPTION_OPENERS = re.compile(
    r"^(?:quang cảnh|toàn cảnh|các đại biểu|đại biểu|lãnh đạo|đồng chí|đ/c|ông|bà|anh|chị|đoàn|"
    r"các đồng chí|các vị|cán bộ|người dân|bí thư|chủ tịch|phó|trưởng|thành viên|hội viên|đoàn viên|"
    r"tặng|trao|ban tổ chức|btc|hình ảnh|một số hình ảnh|khung cảnh|tiết mục|văn nghệ|chụp ảnh)\b",
    re.IGNORECASE,
)
SPEECH_VERBS = re.compile(r"\b(?:đã|đề nghị|yêu cầu|nhấn mạnh|cho biết|khẳng định|chỉ đạo các|nêu rõ|thông tin|báo cáo)\b", re.IGNORECASE)
TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", ")", "./.")


def _mk_lines(text: str) -> list[Line]:
    return [Line(i + 1, raw, collapse(raw)) for i, raw in enumerate(text.split("\n"))]


def is_drop(text: str) -> bool:
    return bool(vocab().drop.fullmatch(text))


def is_stop(text: str) -> bool:
    return bool(vocab().stop.fullmatch(text))


def views_in(text: str) -> int | None:
    """The article's own view counter in a line ("Lượt xem: 159", "Số lượt xem: 1.234")."""
    v = vocab()
    m = re.search(rf"(?:^|[|\-–,(]\s*|\s)(?:{v.views.pattern})\s*:?\s*(\d[\d.,]*)\b", text, re.IGNORECASE)
    return dates.parse_count(m.group(1)) if m else None


def is_views_line(text: str) -> int | None:
    v = vocab()
    m = re.fullmatch(rf"(?:{v.views.pattern})\s*:?\s*(\d[\d.,]*)\s*(?:lượt)?", text, re.IGNORECASE)
    return dates.parse_count(m.group(1)) if m else None


def published_line(text: str) -> dates.PublishedLine | None:
    v = vocab()
    return dates.parse_published_line(text, v.date_labels, v.views)


def is_image(text: str) -> bool:
    if IMAGE_RE.match(text):
        return True
    parts = text.split()
    return len(parts) > 1 and all(IMAGE_RE.match(p) for p in parts)


def is_lead(text: str) -> bool:
    return bool(LEAD_RE.match(text))


def is_paragraph(text: str) -> bool:
    """Reads like a body paragraph rather than a headline or a chrome line."""
    n = len(words(text))
    if n >= 55:
        return True
    if is_lead(text) and n >= 8:
        return True
    if len(sentences(text)) >= 2 and n >= 12:
        return True
    return text.endswith((".", "./.", "…", ":")) and n >= 22 and not is_upper_text(text)


def _bigrams(text: str) -> set[tuple[str, str]]:
    ws = re.findall(r"\w+", tone_key(text))
    return set(zip(ws, ws[1:]))


def title_score(text: str, context: str) -> float:
    grams = _bigrams(text)
    if not grams:
        return -1.0
    ctx = _bigrams(context)
    overlap = len(grams & ctx) / len(grams)
    n = len(words(text))
    bonus = 0.3 if n >= 6 else (-0.5 if n <= 3 else 0.0)
    return overlap + bonus


def is_site_header(text: str) -> bool:
    return bool(vocab().site_header.fullmatch(text))


def _is_candidate(line: Line) -> bool:
    t = line.text
    if not t or is_drop(t) or is_image(t) or BARE_NUMBER_RE.match(t) or is_views_line(t) is not None:
        return False
    if published_line(t) is not None:
        return False
    if SHORTCODE_RE.search(t) or t.lower().startswith("[caption"):
        return False
    return True


def _same_as_title(text: str, title: str) -> bool:
    a, b = tone_key(text).strip(" .:"), tone_key(title).strip(" .:")
    if a == b:
        return True
    if min(len(a), len(b)) < 20:
        return False
    ga, gb = _bigrams(text), _bigrams(title)
    if not ga or not gb:
        return False
    return len(ga & gb) / max(len(ga), len(gb)) >= 0.85


def segment(text: str) -> Segments:
    """Split a normalised bulletin into its parts."""
    lines = _mk_lines(text)
    seg = Segments(lines=lines)
    nonblank = [ln for ln in lines if ln.text]
    if not nonblank:
        return seg

    # 1. The first paragraph-like line bounds the header.
    first_para_idx = next((i for i, ln in enumerate(lines) if ln.text and is_paragraph(ln.text)), len(lines))

    # 2. The publication line: a whole date line in the header, or just after the title.
    date_idx = None
    # It may stand after the first paragraph-like line only when that line is a long headline
    # (seed 003), not the lead of the body: then the date belongs to the page's foot.
    limit = first_para_idx
    if first_para_idx < len(lines) and not is_lead(lines[first_para_idx].text):
        nxt = next((j for j in range(first_para_idx + 1, len(lines))
                    if lines[j].text and not (is_drop(lines[j].text) or is_image(lines[j].text)
                                              or BARE_NUMBER_RE.match(lines[j].text))), None)
        limit = (nxt + 1) if nxt is not None else first_para_idx
    for i, ln in enumerate(lines[: min(len(lines), limit)]):
        if not ln.text:
            continue
        parsed = published_line(ln.text)
        if parsed is not None:
            date_idx = i
            seg.published = parsed.published
            seg.published_line = ln.no
            if parsed.views is not None:
                seg.views, seg.views_line = parsed.views, ln.no
            break

    # 3. The title; without a date line, a header line may carry the date glued to its end.
    glued_title: str | None = None
    if date_idx is None:
        for i, ln in enumerate(lines[: min(len(lines), first_para_idx)]):
            glued = dates.split_glued_date(ln.text, vocab().date_labels, vocab().views) if ln.text else None
            if glued is not None:
                glued_title, date_idx = glued[0], i
                seg.published, seg.published_line = glued[1].published, ln.no
                break
    context = " ".join(ln.text for ln in lines[(date_idx or 0) + 1:][:40])
    title_idx = date_idx if glued_title is not None else _choose_title(lines, date_idx, first_para_idx, context)
    if title_idx is not None:
        seg.title = glued_title if glued_title is not None else lines[title_idx].text
        seg.title_line = lines[title_idx].no

    header_end = max(i for i in (title_idx, date_idx, -1) if i is not None)
    # 4. Views counter standing alone next to the publication line (seed 001's "68").
    if date_idx is not None and seg.views is None:
        for j in (date_idx - 1, date_idx + 1):
            if 0 <= j < len(lines) and j != title_idx and BARE_NUMBER_RE.match(lines[j].text or "x"):
                seg.views = dates.parse_count(lines[j].text)
                seg.views_line = lines[j].no
                header_end = max(header_end, j)
                break

    # 5. Site header and section: the lines above the title / date.
    top = min(i for i in (title_idx, date_idx) if i is not None) if (title_idx is not None or date_idx is not None) else 0
    above = [ln for ln in lines[:top] if ln.text and not is_image(ln.text)]
    _site_and_section(seg, above)
    seg.header = [ln for ln in lines[: header_end + 1] if ln.text]

    # 6. Body region: after the header up to the first end-of-article marker.
    start = header_end + 1
    region: list[Line] = []
    for ln in lines[start:]:
        if ln.text and is_stop(ln.text) and (region and any(r.text for r in region)):
            seg.chrome.extend(x for x in lines[ln.no - 1:] if x.text)
            break
        region.append(ln)
    _body(seg, region)
    # A views label anywhere (e.g. under the byline) when none was near the title.
    if seg.views is None:
        for ln in lines:
            v = is_views_line(ln.text) if ln.text else None
            if v is not None:
                seg.views, seg.views_line = v, ln.no
                break
    return seg


def _choose_title(lines: list[Line], date_idx: int | None, first_para_idx: int, context: str) -> int | None:
    def prev_candidate(i: int) -> int | None:
        j = i - 1
        while j >= 0:
            t = lines[j].text
            if t and _is_candidate(lines[j]):
                return j
            if t and not (is_drop(t) or is_image(t) or BARE_NUMBER_RE.match(t) or is_views_line(t) is not None):
                return None
            j -= 1
        return None

    def next_candidate(i: int) -> int | None:
        j = i + 1
        while j < len(lines):
            t = lines[j].text
            if t and _is_candidate(lines[j]):
                return j
            if t and not (is_drop(t) or is_image(t) or BARE_NUMBER_RE.match(t) or is_views_line(t) is not None):
                return None
            j += 1
        return None

    if date_idx is not None:
        before = prev_candidate(date_idx)
        after = next_candidate(date_idx)
        if after is not None and is_paragraph(lines[after].text):
            after = None
        if after is not None and before is not None and (PHOTO_PREFIX_RE.match(lines[after].text) or PHOTO_SUFFIX_RE.search(lines[after].text)):
            after = None
        options = [i for i in (before, after) if i is not None]
        if before is not None and is_site_header(lines[before].text) and after is not None:
            options = [after]
        if after is not None and not _rest(lines, after):
            options = [i for i in options if i != after] or options  # nothing follows it: it is the body
        if before is not None and before == _first_nonblank(lines) and after in options and len(options) == 2:
            # The very first line of the page is usually the portal's name.
            if title_score(lines[after].text, _rest(lines, after)) >= title_score(lines[before].text, _rest(lines, after)):
                options = [after]
        if options:
            scored = [(title_score(lines[i].text, _rest(lines, max(i, date_idx))), -abs(i - date_idx), -i, i) for i in options]
            return max(scored)[3]
    # No publication line: the last candidate line before the first paragraph.
    cands = [i for i in range(min(first_para_idx, len(lines))) if lines[i].text and _is_candidate(lines[i])]
    cands = [i for i in cands if not is_site_header(lines[i].text)] or cands
    if cands:
        return cands[-1]
    if first_para_idx < len(lines):
        return first_para_idx
    return None


def _first_nonblank(lines: list[Line]) -> int | None:
    return next((i for i, ln in enumerate(lines) if ln.text), None)


def _rest(lines: list[Line], i: int) -> str:
    return " ".join(ln.text for ln in lines[i + 1: i + 40] if ln.text)


def _site_and_section(seg: Segments, above: list[Line]) -> None:
    crumbs = [ln for ln in above if re.search(r"\s(?:>|»|›)\s", ln.text)]
    plain = [ln for ln in above if ln not in crumbs and not is_drop(ln.text)]
    seg.chrome.extend(above)
    if plain and (len(plain) >= 2 or is_site_header(plain[0].text) or (crumbs and plain[0].no < crumbs[0].no)):
        seg.site_header = plain[0].text
        plain = plain[1:]
    section = None
    if crumbs:
        section = re.split(r"\s(?:>|»|›)\s", crumbs[-1].text)[-1].strip()
    elif plain:
        section = plain[-1].text
    if section:
        # "Tin tức Thành Phố Tin tức Thành Phố": a label printed twice.
        half = section.split()
        if len(half) % 2 == 0 and half[: len(half) // 2] == half[len(half) // 2:]:
            section = " ".join(half[: len(half) // 2])
        if is_upper_text(section) or section == section.lower():
            section = section[:1].upper() + section[1:].lower()
        seg.section = section


def _looks_like_caption(text: str) -> bool:
    if PHOTO_PREFIX_RE.match(text) or PHOTO_SUFFIX_RE.search(text):
        return len(words(text)) <= 40
    n = len(words(text))
    if n > 30 or len(sentences(text)) > 1:
        return False
    if not text.endswith(TERMINAL):
        return True
    if text.endswith((":", ";")):
        return False
    return (
        n <= 25
        and bool(CAPTION_OPENERS.match(text))
        and text.count(",") <= 1
        and not SPEECH_VERBS.search(text)
        and not is_lead(text)
    )


def _join_wrapped(region: list[Line]) -> list[Paragraph]:
    """Consecutive lines of one paragraph (hard-wrapped text) are joined with a space."""
    out: list[Paragraph] = []
    prev: Line | None = None
    for ln in region:
        if not ln.text:
            prev = None
            continue
        text = ln.raw.strip()
        if prev is not None and out:
            last = out[-1].text
            nxt = ln.text
            continues = (last.endswith(",") or (not last.endswith(TERMINAL) and nxt[:1].islower()))
            if continues and not is_drop(nxt) and not is_image(nxt):
                out[-1] = Paragraph(last + " " + text, out[-1].line)
                prev = ln
                continue
        out.append(Paragraph(text, ln.no))
        prev = ln
    return out


BYLINE_PREFIX_RE = re.compile(
    r"^(?:nguồn|tác giả|t/h|th|tin(?:\s*(?:,|và|-|&)\s*ảnh)?|tin\s*bài|bài(?:\s*(?:,|và|-|&)\s*ảnh)?|bài viết|"
    r"người viết|ảnh|tổng hợp|theo|ctv|cộng tác viên|pv|phóng viên|btv|bbt|biên tập)\s*[:.]\s*",
    re.IGNORECASE,
)
BYLINE_SOFT_PREFIX_RE = re.compile(r"^(?:ctv|pv|phóng viên|cộng tác viên|theo)\s+(?=\S)", re.IGNORECASE)


def looks_like_byline(text: str) -> bool:
    """A short signature line: "Mỹ Nhiên", "T/h: Thùy Dương", "Nguyễn Văn Hùng-Chủ tịch Hội CCB"."""
    t = text.strip()
    if not t or is_drop(t) or published_line(t) is not None:
        return False
    if BYLINE_PREFIX_RE.match(t):
        return True
    if BYLINE_SOFT_PREFIX_RE.match(t) and len(words(t)) <= 8 and not t.endswith((".", ";", ":")):
        return True  # "Theo Báo Quảng Nam", "CTV Khánh Phượng", "PV Minh Anh"
    if len(words(t)) > 14 or re.search(r"[.!?:;]$", t) and not re.search(r"\b[A-ZĐ]\.[A-ZĐ]?\.?$", t):
        return False
    # (?<!\s): the same split, without trying every space of a long run of spaces as a start.
    head = re.split(r"(?<!\s)\s*[-–—(,]\s*", BYLINE_SOFT_PREFIX_RE.sub("", t), maxsplit=1)[0].strip()
    hw = words(head)
    if ORG_AUTHOR_RE.match(head) and len(hw) <= 10 and not re.search(r"[.!?;:]$", t) and not _SENTENCE_VERB_RE.search(head):
        return True  # "Ban Tuyên giáo và Dân vận Đảng ủy phường", "Ban biên tập phường Đông Xuyên"
    if not hw or len(hw) > 6:
        return False
    if is_lead(t) or _SENTENCE_VERB_RE.search(head):
        return False
    if all(_name_token(w) for w in hw):
        return True
    if head == head.lower() and 2 <= len(hw) <= 6 and not re.search(r"\d", head):
        return True
    return bool(ORG_AUTHOR_RE.match(head))


_SENTENCE_VERB_RE = re.compile(
    r"\b(?:là|được|đã|sẽ|đang|của|cho|với|trong|này|những|các|tổ chức|thực hiện|trao|tặng|phát biểu|chụp|dự|"
    r"tham dự|chủ trì|tại|thăm|kiểm tra|làm việc)\b", re.IGNORECASE)
ORG_AUTHOR_RE = re.compile(
    r"^(?:ban|văn phòng|quận|huyện|phường|xã|thị trấn|thị xã|thành phố|tỉnh|ubnd|ủy ban|uỷ ban|đảng ủy|đảng uỷ|hội|đoàn|"
    r"mttq|mặt trận|trung tâm|báo|đài|cổng|trang|tòa soạn|bộ phận|tổ)\b",
    re.IGNORECASE,
)


def _name_token(w: str) -> bool:
    w = w.strip("\"'“”()")
    if not w:
        return False
    if re.fullmatch(r"(?:[A-ZĐÀ-Ỹ]\.)+[A-ZĐÀ-Ỹ]?[\w]*\.?", w):  # initials: T.X, T.XUÂN
        return True
    return w[0].isupper() and not any(ch.isdigit() for ch in w)


def _body(seg: Segments, region: list[Line]) -> None:
    kept: list[Line] = []
    for ln in region:
        t = ln.text
        if not t:
            kept.append(ln)
            continue
        sc = SHORTCODE_RE.search(t)
        if sc or t.lower().startswith("[caption"):
            inner = sc.group("body") if sc else t
            for src in SHORTCODE_IMG_RE.findall(inner):
                seg.images.append(src)
            cap = collapse(re.sub(r"<[^>]+>|\[/?caption[^\]]*\]", " ", inner))
            if cap:
                seg.captions.append(Paragraph(cap, ln.no))
            seg.chrome.append(ln)
            continue
        if is_image(t):
            for src in t.split():
                if src not in seg.images:
                    seg.images.append(src)
            seg.chrome.append(ln)
            continue
        views = is_views_line(t)
        if views is not None:
            if seg.views is None:
                seg.views, seg.views_line = views, ln.no
            seg.chrome.append(ln)
            continue
        if is_drop(t) or published_line(t) is not None or (seg.title and not kept_text(kept) and _same_as_title(t, seg.title)):
            if seg.published is None and (p := published_line(t)) is not None:
                seg.published, seg.published_line = p.published, ln.no
            seg.chrome.append(ln)
            continue
        if re.fullmatch(r"[\W_]+", t) and not re.search(r"\w", t):
            seg.chrome.append(ln)
            continue
        kept.append(ln)

    paragraphs = _join_wrapped(kept)
    # Byline: the last short signature line.
    if paragraphs and looks_like_byline(paragraphs[-1].text) and len(paragraphs) > 1:
        seg.byline = collapse(paragraphs[-1].text)
        seg.byline_line = paragraphs[-1].line
        paragraphs = paragraphs[:-1]
    # A byline at the start: "Tin, ảnh: X" just under the title.
    if seg.byline is None and paragraphs and BYLINE_PREFIX_RE.match(paragraphs[0].text) and len(words(paragraphs[0].text)) <= 10:
        seg.byline = collapse(paragraphs[0].text)
        seg.byline_line = paragraphs[0].line
        paragraphs = paragraphs[1:]
    body: list[Paragraph] = []
    for i, p in enumerate(paragraphs):
        t = collapse(p.text)
        prefixed = bool(PHOTO_PREFIX_RE.match(t))
        if prefixed or (body and _looks_like_caption(t)) or (not body and _looks_like_caption(t) and len(words(t)) <= 12 and i + 1 < len(paragraphs)):
            seg.captions.append(Paragraph(PHOTO_PREFIX_RE.sub("", t).strip(), p.line))
            continue
        body.append(p)
    seg.body = body


def kept_text(kept: list[Line]) -> bool:
    return any(ln.text for ln in kept)
