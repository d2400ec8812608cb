"""What one line of a raw bulletin is: its shape and content, independent of any one portal.

Each predicate here reads one line's text (whitespace collapsed): a chrome widget, an end-of-
article marker, a publication-date line, a views counter, an image file name, a lead sentence,
a paragraph, a caption. Segmentation (``segment.py``) combines them with the line's neighbours
to give every line its role. The words behind them are in ``data/chrome.yaml`` and
``data/segment.yaml`` (loaded by :mod:`danvan_site.vocab`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from danvan_site import vocab as vocabulary
from danvan_site.vn.sort import normalize_tone_placement
from danvan_site.vn.text import UPPER_CLASS, collapse, is_upper_text, sentences, tone_key, words
from danvan_site.extract import dates


@dataclass
class Line:
    no: int  # 1-based line number in the normalised file
    raw: str
    text: str  # whitespace collapsed (NBSP -> space), stripped


@dataclass
class Paragraph:
    text: str  # as in the file, stripped (keeps no-break spaces); hard wraps joined
    line: int



@dataclass(frozen=True)
class Vocab:
    stop: re.Pattern[str]
    drop: re.Pattern[str]
    site_header: re.Pattern[str]
    views: re.Pattern[str]
    date_labels: re.Pattern[str]
    cms_accounts: re.Pattern[str]
    caption_openers: re.Pattern[str]
    photo_prefix: re.Pattern[str]
    photo_suffix: re.Pattern[str]
    body_markers: re.Pattern[str]
    caption_verbs: re.Pattern[str]
    credit_tail: re.Pattern[str]
    gallery: re.Pattern[str]
    discourse: re.Pattern[str]


def _alt(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _words_re(items: list[str], head: str = "", tail: str = r"(?!\w)") -> re.Pattern[str]:
    return re.compile(rf"{head}(?:{vocabulary.alternation(items)}){tail}", re.IGNORECASE)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    chrome = vocabulary.raw("chrome.yaml")
    seg = vocabulary.raw("segment.yaml")
    photo = vocabulary.alternation(seg["photo_words"])
    return Vocab(
        stop=_alt(chrome["stop"]),
        drop=_alt(chrome["drop"]),
        site_header=_alt(chrome["site_header"]),
        views=re.compile(chrome["views"], re.IGNORECASE),
        date_labels=re.compile(chrome["date_labels"], re.IGNORECASE),
        cms_accounts=re.compile(chrome["cms_accounts"], re.IGNORECASE),
        caption_openers=_words_re(seg["caption_openers"], head="^"),
        photo_prefix=re.compile(rf"^\(?\s*(?:{photo})\s*:\s*", re.IGNORECASE),
        photo_suffix=re.compile(rf"\(\s*(?:{photo})\s*(?::|-)?[^()]*\)\s*\.?$", re.IGNORECASE),
        body_markers=_words_re(seg["body_markers"], head=r"(?<!\w)"),
        caption_verbs=_words_re(seg["caption_verbs"], head=r"(?<!\w)"),
        # "… phát biểu tại hội nghị. Ảnh: Nguyễn Hoàn." / "… (Ảnh: Minh Anh)": a photo credit closing the line
        credit_tail=re.compile(rf"(?:^|[.!?…]\s+|\s[-–—]\s*)\(?\s*(?:{photo})\s*:\s*(?:[^\W\d_]\.)*[^.!?]{{1,60}}[.)]?\s*$", re.IGNORECASE),
        gallery=_alt(seg["gallery_openers"]),
        discourse=_words_re(seg["discourse_openers"], head="^"),
    )


# An image file name or path, or what a scraper leaves of one: "anh1.jpg", "/uploads/x.png?w=800",
# ".jpg)" (the end of a cut link), "![](…/x.jpg)" (a Markdown image).
IMAGE_RE = re.compile(r"^(?:!\[[^\]]*\]\(\S*?)?(?:\S*/)?[\w\-.%~]*\.(?:png|jpe?g|gif|webp|bmp|svg|tiff?)(?:\?\S*)?[)\]]?$", re.IGNORECASE)
IMAGES_IN_LINE_RE = re.compile(r"(?:^|\s)((?:\S*/)?[\w\-.%~]+\.(?:png|jpe?g|gif|webp|bmp))(?=\s|$)", re.IGNORECASE)
SHORTCODE_RE = re.compile(r"\[caption[^\]]*\](?P<body>.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
SHORTCODE_IMG_RE = re.compile(r"<img[^>]*\bsrc=[\"']?([^\"'\s>]+)", re.IGNORECASE)
BARE_NUMBER_RE = re.compile(r"^\d[\d.,]*$")

# Event-lead openings: "Chiều ngày 15/07/2021", "Ngày 25/6/2022,", "(QNO) - Sáng qua 11.10",
# "Đà Nẵng – Ngày 20-4,", "Từ ngày 01 đến ...", "Vào hồi 15h30".
LEAD_RE = re.compile(
    r"^(?:\S.{0,30}?\s[-–—]\s+|\([^)]{1,20}\)\s*[-–—]?\s*)?"
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\b|(?:vào\s+)?(?:hồi|lúc)\s+\d|(?:từ|trong|vào|hôm)\s+(?:\S+\s+)?ngày\s+\d|ngày\s+\d|\d{1,2}[/.-]\d{1,2}\b)",
    re.IGNORECASE,
)
AGENCY_TAG_RE = re.compile(r"^(?:\([^)]{1,25}\)|[A-ZĐ][\w.]{1,12}(?:\s[\w.]+){0,2})\s*[-–—]\s+\S")
TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", ")", "./.")


def mk_lines(text: str) -> list[Line]:
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


@lru_cache(maxsize=4096)
def published_line(text: str) -> dates.PublishedLine | None:
    """(Remembered: segmentation asks it of a line up to three times; the answer is frozen.)"""
    v = vocab()
    return dates.parse_published_line(text, v.date_labels, v.views)


def is_image(text: str) -> bool:
    if IMAGE_RE.match(text):
        return True
    parts = text.split()
    return len(parts) > 1 and all(IMAGE_RE.match(p) for p in parts)


def is_lead(text: str) -> bool:
    return bool(LEAD_RE.match(text))


@lru_cache(maxsize=4096)
def is_paragraph(text: str) -> bool:
    """Reads like a body paragraph rather than a headline or a chrome line. (Remembered: the
    chrome lesson, the header, the title and the body each ask it of the same lines.)"""
    n = len(words(text))
    if n >= 55:
        return True
    if is_lead(text) and n >= 8:
        return True
    if len(sentences(text)) >= 2 and n >= 12:
        return True
    return text.endswith((".", "./.", "…", ":")) and n >= 22 and not is_upper_text(text)


def bigrams(text: str) -> set[tuple[str, str]]:
    ws = re.findall(r"\w+", tone_key(text))
    return set(zip(ws, ws[1:]))


_WORD_RE = re.compile(r"\w+")


def shared_pairs(grams: set[tuple[str, str]], text: str) -> int:
    r"""``len(grams & bigrams(text))``, without making the set of every word pair of ``text``.

    The title's few pairs are looked for in the long text that follows it (up to 40 lines): its
    words, each between single spaces, hold " a b " exactly when "a" and "b" are consecutive
    words. The words are those of ``tone_key``: its white space and dash steps change only what
    ``\w`` does not match, so they are skipped (half the time of ``bigrams`` on a whole bulletin).
    """
    if not grams:
        return 0
    folded = unicodedata.normalize("NFC", normalize_tone_placement(text).casefold())
    spaced = " " + " ".join(_WORD_RE.findall(folded)) + " "
    return sum(1 for a, b in grams if f" {a} {b} " in spaced)


def is_site_header(text: str) -> bool:
    return bool(vocab().site_header.fullmatch(text))



def caption_reason(text: str, first: bool = False, followed: bool = True) -> str | None:
    """Why a body-region paragraph is a photo caption (or a gallery lead-in), or None.

    Captions are short one-sentence lines describing a picture: a credit ("… Ảnh: Nguyễn
    Hoàn."), a line with no closing punctuation ("Quang cảnh hội nghị"), a portrait (a name
    and roles only: "Ông X, Phó Chủ tịch …, Chủ tịch Công đoàn phường."), or a scene opened by a
    person, group or event word with a present-tense photo verb and none of the words a
    report's sentences carry ("đã", "được", "nhấn mạnh", "để" …). ``first``: the paragraph
    opens the body; only a line without closing punctuation (a subtitle) or a credit is a
    caption there, since the lead may be short. ``followed``: more body follows it.
    """
    v = vocab()
    n = len(words(text))
    if v.photo_prefix.match(text) or v.photo_suffix.search(text) or v.credit_tail.search(text):
        return "ghi chú ảnh (tên người chụp)" if n <= 45 else None
    if text.endswith(":") and v.gallery.fullmatch(text.rstrip(":").strip()) and n <= 30:
        return "lời dẫn bộ ảnh"
    if n > 30 or len(sentences(text)) > 1 or is_lead(text):
        return None
    if not text.endswith(TERMINAL):
        if first:
            return "dòng phụ đề dưới tiêu đề" if followed else None
        return "dòng ngắn không có dấu câu (chú thích ảnh)"
    if first or text.endswith((":", ";")) or v.body_markers.search(text) or v.discourse.match(text):
        return None
    if _portrait(text):
        return "chú thích ảnh chân dung (tên và chức vụ)"
    if n <= 30 and v.caption_openers.match(text) and (text.count(",") <= 1 or v.caption_verbs.search(text)):
        return "chú thích ảnh (cảnh, người, hành động)"
    return None


def looks_like_caption(text: str) -> bool:
    return caption_reason(text) is not None


_PORTRAIT = re.compile(
    r"^(?:(?i:ông|bà|đồng chí|đ/c|anh|chị)\s+)?{U}[\w'’]*(?:\s+{U}[\w'’]*){1,4}\s*[,–—-]\s*(?P<roles>.+?)\.?$"
    .replace("{U}", UPPER_CLASS))


def _portrait(text: str) -> bool:
    """A name followed by roles only ("Ông Phạm Tuấn Tú, Phó Chủ tịch Thường trực …, Chủ tịch
    Công đoàn phường."): every comma-separated piece after the name opens with a role word."""
    m = _PORTRAIT.match(text)
    if not m:
        return False
    from danvan_site.extract.people import role_head  # people reads lines' predicates; imported late
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s*|\s+[-–—]\s+", m.group("roles")) if p.strip()]
    return bool(pieces) and all(role_head(p) for p in pieces) and not vocab().caption_verbs.search(m.group("roles"))
