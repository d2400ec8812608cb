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

from danvan_site import gazetteer as gz
from danvan_site.vn.text import collapse, is_upper_text, words
from danvan_site.extract import dates
from danvan_site.extract.byline import BYLINE_PREFIX_RE, looks_like_byline
from danvan_site.extract.lines import (BARE_NUMBER_RE, SHORTCODE_IMG_RE, SHORTCODE_RE, TERMINAL, Line, Paragraph, is_drop, is_image,
                    caption_reason, is_lead, is_paragraph, is_site_header, is_stop, is_views_line, mk_lines,
                    published_line,
                    vocab)
from danvan_site.extract.choose import Candidate, Decision
from danvan_site.extract.chrome import MAX_LINE_CHARS, line_key, wrapped
from danvan_site.extract.title import choose_title, looks_like_signature, same_as_title


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
    caption_reasons: list[str] = field(default_factory=list)  # why each caption is one
    date_byline: str | None = None  # a name on the publication line ("Nguyễn Hoàn ... 07/09/2025 08:10")
    date_byline_line: int | None = None
    foot_date: bool = False  # the publication line stands at the page's foot
    title_decision: Decision | None = None
    published_how: str = ""  # where the publication date was read
    learned: frozenset[int] = frozenset()  # indices of lines the corpus shows to be chrome


def segment(text: str, chrome_keys: frozenset[str] = frozenset()) -> Segments:
    """Split a normalised bulletin into its parts. ``chrome_keys``: the keys of this file's lines
    that the corpus shows to be page chrome (:mod:`.chrome`)."""
    lines = mk_lines(text)
    seg = Segments(lines=lines)
    if chrome_keys:
        texts = [ln.text for ln in lines]
        seg.learned = frozenset(i for i, ln in enumerate(lines)
                                if ln.text and len(ln.text) <= MAX_LINE_CHARS and line_key(ln.text) in chrome_keys
                                and not wrapped(texts, i))
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
            seg.published_how = "dòng ngày đăng ở đầu bài"
            if parsed.views is not None:
                seg.views, seg.views_line = parsed.views, ln.no
            if parsed.byline is not None:
                seg.date_byline, seg.date_byline_line = parsed.byline, ln.no
            break

    # 3. The title; without a date line, a header line may carry the date glued to its end.
    glued_title: str | None = None
    if date_idx is None:
        for i, ln in enumerate(lines[: min(len(lines), first_para_idx)]):
            glued = dates.split_glued_date(ln.text, vocab().date_labels, vocab().views) if ln.text else None
            if glued is not None:
                glued_title, date_idx = glued[0], i
                seg.published, seg.published_line = glued[1].published, ln.no
                seg.published_how = "ngày đăng dính ở cuối dòng tiêu đề"
                break
    context = " ".join(ln.text for ln in lines[(date_idx or 0) + 1:][:40])
    if glued_title is not None:
        title_idx = date_idx
        seg.title_decision = Decision("title", Candidate(glued_title, 1.0, f"dòng {lines[date_idx].no}",
                                                         ("dòng tiêu đề có ngày đăng dính ở cuối",), lines[date_idx].no))
    else:
        title_idx, seg.title_decision = choose_title(lines, date_idx, first_para_idx, context, learned=seg.learned)
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

    # 4b. A signature next to the publication line, below the headline: newspapers print the
    # writer there ("Thu Hằng", "NGỌC TRÂM", "PV", "Theo TTXVN").
    if date_idx is not None and title_idx is not None and seg.date_byline is None:
        for j in _neighbours(lines, date_idx):
            t = lines[j].text
            if j > title_idx and j != date_idx and looks_like_signature(t) and not gz.load().find(t):
                seg.date_byline, seg.date_byline_line = t, lines[j].no
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
    tail_from = _learned_tail(lines, start, seg.learned)
    for ln in lines[start:]:
        if ln.text and (is_stop(ln.text) or ln.no - 1 == tail_from) and (region and any(r.text for r in region)):
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
                seg.caption_reasons.append("chú thích ảnh trong mã [caption] của WordPress")
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
        p = published_line(t)
        if is_drop(t) or p is not None or (seg.title and not kept_text(kept) and same_as_title(t, seg.title)):
            if p is not None and _better_foot_date(seg, p):
                # A publication line at the page's foot ("quantri gửi vào 25/09/2019", then
                # "25/09/2019 18:32"): the first, unless a later one gives the same day with its time.
                seg.published, seg.published_line = p.published, ln.no
                seg.published_how = "dòng ngày đăng ở cuối trang"
                if p.views is not None:
                    seg.views, seg.views_line = p.views, ln.no
                if p.byline is not None and seg.date_byline is None:
                    seg.date_byline, seg.date_byline_line = p.byline, ln.no
                seg.foot_date = True
            seg.chrome.append(ln)
            continue
        if re.fullmatch(r"[\W_]+", t) and not re.search(r"\w", t):
            seg.chrome.append(ln)
            continue
        if ln.no - 1 in seg.learned and not t.endswith(_SENTENCE_END) and not looks_like_byline(t):
            seg.chrome.append(ln)  # a line the corpus repeats around its bulletins
            continue
        kept.append(ln)

    paragraphs = _join_wrapped(kept)
    # Byline: the last short signature line.
    if paragraphs and looks_like_byline(paragraphs[-1].text) and len(paragraphs) > 1:
        seg.byline = collapse(paragraphs[-1].text)
        seg.byline_line = paragraphs[-1].line
        paragraphs = paragraphs[:-1]
    elif len(paragraphs) > 2:
        # The signature closes the article; what a page prints after it (hashtags, reactions,
        # comments, related headlines no marker announced) is not the article. Look at the
        # few lines after the last full paragraph.
        last = max((k for k, p in enumerate(paragraphs) if is_paragraph(collapse(p.text))), default=None)
        if last is not None:
            for k in range(last + 1, min(last + 4, len(paragraphs))):
                if looks_like_byline(paragraphs[k].text):
                    seg.byline = collapse(paragraphs[k].text)
                    seg.byline_line = paragraphs[k].line
                    seg.chrome.extend(Line(p.line, p.text, collapse(p.text)) for p in paragraphs[k + 1:])
                    paragraphs = paragraphs[:k]
                    break
    # A byline at the start: "Tin, ảnh: X" just under the title.
    if seg.byline is None and paragraphs and BYLINE_PREFIX_RE.match(paragraphs[0].text) and len(words(paragraphs[0].text)) <= 10:
        seg.byline = collapse(paragraphs[0].text)
        seg.byline_line = paragraphs[0].line
        paragraphs = paragraphs[1:]
    body: list[Paragraph] = []
    texts = [collapse(p.text) for p in paragraphs]
    # followed[i]: a paragraph-like line comes after paragraph i
    followed_by = [False] * (len(texts) + 1)
    for i in range(len(texts) - 1, -1, -1):
        followed_by[i] = followed_by[i + 1] or is_paragraph(texts[i])
    rows = _table_rows(texts)
    for i, p in enumerate(paragraphs):
        t = texts[i]
        if i in rows:
            body.append(p)  # a row of a table flattened into text ("Đàng Thị Ngọc Lài | Chủ tịch")
            continue
        if seg.title and same_as_title(t, seg.title):
            seg.chrome.append(Line(p.line, p.text, t))  # the headline repeated under a picture
            continue
        followed = followed_by[i + 1]
        reason = caption_reason(t, first=not body, followed=followed)
        if reason is None and not body and i + 1 < len(paragraphs) and len(words(t)) <= 12:
            reason = caption_reason(t)  # a short caption above the lead ("Quang cảnh hội nghị.")
        if reason is not None:
            seg.captions.append(Paragraph(vocab().photo_prefix.sub("", t).strip(), p.line))
            seg.caption_reasons.append(reason)
            continue
        body.append(p)
    # A gallery lead-in or a caption left at the very end ("Một số hình ảnh tại hội nghị:").
    while len(body) > 1 and collapse(body[-1].text).endswith(":") and not is_paragraph(collapse(body[-1].text)):
        seg.captions.append(Paragraph(collapse(body[-1].text), body[-1].line))
        seg.caption_reasons.append("dòng dẫn cuối bài không còn gì theo sau")
        body.pop()
    seg.body = body


_SENTENCE_END = (".", "!", "?", "…", "./.", '."', '.”')


def _learned_tail(lines: list[Line], start: int, learned: frozenset[int]) -> int | None:
    """Where the page's trailing furniture begins: after the last paragraph (and the last
    publication or views line after it), the first learned chrome line that a word list does not
    already drop and that does not sign the article — "Bài viết cùng chủ đề" of a template no
    word list knows, a credit or a footer the portal prints under every bulletin. None when
    there is none."""
    if not learned:
        return None
    # The last paragraph-like line, looked for from the end: the lines after the body are few.
    last_para = next((i for i in range(len(lines) - 1, start - 1, -1) if lines[i].text and is_paragraph(lines[i].text)), None)
    if last_para is None:
        return None
    floor = last_para
    seen = 0  # non-blank lines since the last paragraph
    for i in range(last_para + 1, len(lines)):
        t = lines[i].text
        if not t:
            continue
        seen += 1
        if is_stop(t):
            break
        if published_line(t) is not None or is_views_line(t) is not None or BYLINE_PREFIX_RE.match(t):
            floor = i  # the article's own furniture: a foot date, its views, "Tác giả: ..."
        elif seen <= 4 and looks_like_byline(t):
            floor = i  # a signature close under the text (a footer comes further down)
    for i in sorted(j for j in learned if j > floor):
        t = lines[i].text
        if not (is_drop(t) or looks_like_byline(t)):
            return i
    return None


def _table_rows(texts: list[str]) -> set[int]:
    """Paragraphs that are rows of a table a scraper flattened with bars: two or more
    consecutive lines with the same number of cells ("TT | Họ và tên | Chức danh", then
    "1 | Phạm Ngọc Bảo Trâm | Chủ tịch"). They are content, not captions."""
    rows: set[int] = set()
    i = 0
    while i < len(texts):
        cells = texts[i].count(" | ")
        j = i
        while cells and j + 1 < len(texts) and texts[j + 1].count(" | ") == cells:
            j += 1
        if cells and j > i:
            rows.update(range(i, j + 1))
        i = j + 1
    return rows


def _neighbours(lines: list[Line], i: int) -> list[int]:
    """The nearest non-blank, non-chrome line above and below line ``i``."""
    out = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and (not lines[j].text or is_drop(lines[j].text)):
            j += step
        if 0 <= j < len(lines):
            out.append(j)
    return out


def _better_foot_date(seg: Segments, p: dates.PublishedLine) -> bool:
    if seg.published is None:
        return True
    if not seg.foot_date:
        return False  # the header's publication line stands
    same_day = (seg.published.date() if isinstance(seg.published, datetime) else seg.published) == (
        p.published.date() if isinstance(p.published, datetime) else p.published)
    return same_day and not isinstance(seg.published, datetime) and isinstance(p.published, datetime)


def kept_text(kept: list[Line]) -> bool:
    return any(ln.text for ln in kept)

