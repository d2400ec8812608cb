"""Reading dates as Vietnamese portals and bulletins write them (day first, always).

Two jobs: recognise a *publication line* ("Ngày đăng 16/07/2021 | 10:09 | Lượt xem: 159",
"12/07/2023 - 01:01 PM", "Thứ Sáu, 26/07/2019 - 10:05", "13/6/2023 9:30:12 SA", ...) and find
the *event date* in a body ("Chiều ngày 15/07/2021", "Vào hồi 15h30 ngày 09/7/2020",
"Sáng qua 11.10", "Từ ngày 01 đến 05/4/2021", "Sáng 22-4").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from functools import lru_cache
from typing import Any

from danvan_site import vocab as vocabulary
from danvan_site.vn.text import UPPER_CLASS, collapse, tone_key, trim_piece

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    d = vocabulary.raw("dates.yaml")
    return {
        "months_vi": {tone_key(k): int(v) for k, v in d["months_vi"].items()},
        "months_en": {k.lower(): int(v) for k, v in d["months_en"].items()},
        "weekday": "|".join(f"(?:{w})" for w in d["weekdays"]),
        "poster": re.compile(rf"^(?:{vocabulary.alternation(d['poster_words'])})\s*:?\s*", re.IGNORECASE),
    }


_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
_YMD = r"(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"
_WORDY = r"(?:ngày\s+)?(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})\s*(?:năm|,)?\s*(?P<y3>\d{4})"


@lru_cache(maxsize=1)
def date_re() -> re.Pattern[str]:
    """A full date (day, month and year) as portals print it: "16/07/2021", "2021-07-16",
    "16 tháng 7 năm 2021", "12 Tháng Tám, 2022", "August 12, 2022", "12 Aug 2022"."""
    w = _words()
    vi = "|".join(re.escape(k) for k in sorted(w["months_vi"], key=len, reverse=True))
    en = "|".join(re.escape(k) for k in sorted(w["months_en"], key=len, reverse=True))
    month_words = (rf"(?:ngày\s+)?(?P<d4>\d{{1,2}})\s+tháng\s+(?P<mw4>{vi})(?!\w)\s*,?\s*(?:năm\s+)?(?P<y4>\d{{4}})"
                   rf"|(?P<d5>\d{{1,2}})\s+(?P<mw5>{en})\.?,?\s+(?P<y5>\d{{4}})"
                   rf"|(?P<mw6>{en})\.?\s+(?P<d6>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y6>\d{{4}})")
    return re.compile(rf"(?<![\w/.-])(?:{_DMY}|{_YMD}|{_WORDY}|{month_words})(?![\w/])", re.IGNORECASE)


class _DateRe:
    """``DATE_RE``: the pattern of :func:`date_re`, built from the data files on first use."""

    def __getattr__(self, attr: str) -> Any:
        return getattr(date_re(), attr)


DATE_RE = _DateRe()
TIME_RE = re.compile(
    r"(?<![\d/.])(?P<h>\d{1,2})\s*(?::|h|giờ)\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?(?:\s*(?:phút))?"
    r"(?:\s*(?P<ap>AM|PM|SA|CH|a\.m\.|p\.m\.|sáng|chiều|tối)\b)?(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PublishedLine:
    """A publication line: the date (and time) it gives, and what else stands on it."""

    published: datetime | date
    views: int | None
    start: int  # where the date text starts in the line (for a date glued to a title)
    byline: str | None = None  # a name beside the date ("Nguyễn Hoàn (báo lao động) 07/09/2025 08:10")
    section: str | None = None  # a section label beside it ("Thứ bảy, 17/01/2015 16:59:14 | Mặt trận")


def parse_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    w = _words()
    try:
        if g.get("d"):
            d, mo, y = int(g["d"]), int(g["m"]), int(g["y"])
        elif g.get("d2"):
            d, mo, y = int(g["d2"]), int(g["m2"]), int(g["y2"])
        elif g.get("d3"):
            d, mo, y = int(g["d3"]), int(g["m3"]), int(g["y3"])
        elif g.get("d4"):
            d, mo, y = int(g["d4"]), w["months_vi"][tone_key(g["mw4"])], int(g["y4"])
        elif g.get("d5"):
            d, mo, y = int(g["d5"]), w["months_en"][g["mw5"].lower()], int(g["y5"])
        else:
            d, mo, y = int(g["d6"]), w["months_en"][g["mw6"].lower()], int(g["y6"])
        return date(y, mo, d)
    except (ValueError, KeyError, TypeError):
        return None


def parse_time(m: re.Match[str]) -> time | None:
    h, mi = int(m.group("h")), int(m.group("mi"))
    ap = (m.group("ap") or "").lower().replace(".", "")
    if ap in ("pm", "ch", "chiều", "tối") and h < 12:
        h += 12
    elif ap in ("am", "sa", "sáng") and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


# A run of capitalised name words (or initials), 1 to 5 of them, optionally with a unit in
# brackets after it: "Nguyễn Hoàn (báo lao động)", "PV", "T.XUÂN", "Hồng Nhung".
_NAME_RUN = re.compile(r"^(?:{U}[\w'’.]*)(?:\s+{U}[\w'’.]*){0,4}(?:\s*\([^()]{1,40}\))?$".replace("{U}", UPPER_CLASS))
_SEPARATORS = re.compile(r"\s*(?:\||§|•|·|/(?!\d))\s*")


def parse_published_line(line: str, labels: re.Pattern[str], views_label: re.Pattern[str]) -> PublishedLine | None:
    """Parse a line that is a publication line: one full date, perhaps a time, and nothing else
    but words a portal puts beside them (labels, a weekday, a views counter, the poster's name,
    a section label after a bar).

    Everything left after the date and time is split at bars and read piece by piece; a piece
    that is none of those (a sentence, an unexplained number) means the line is not a
    publication line: a headline that mentions a date, a lead "Ngày 12/3/2020, ...". The
    evidence is the shape of the residue, not the portal, so unseen templates read the same.
    """
    text = collapse(line)
    if not text or len(text) > 140:
        return None
    matches = list(date_re().finditer(text))
    if not matches:
        return None
    dm = matches[0]
    d = parse_date(dm)
    if d is None:
        return None
    # A second date is allowed only as a labelled update time ("Cập nhật: ..."): keep the first.
    rest = text[: dm.start()] + " § " + text[dm.end():]
    for other in matches[1:]:
        rest = rest.replace(other.group(0), " § ", 1)
    tm = TIME_RE.search(rest)
    t = parse_time(tm) if tm else None
    if tm:
        rest = rest[: tm.start()] + " § " + rest[tm.end():]
    views = None
    vm = (re.search(rf"(?:{views_label.pattern})\s*:?\s*(\d[\d.,]*)", rest, re.IGNORECASE)
          or re.search(rf"(?<![\w.,])(\d[\d.,]*)\s*(?:{views_label.pattern})(?!\w)", rest, re.IGNORECASE))
    if vm:
        views = parse_count(vm.group(1))
        rest = rest[: vm.start()] + " § " + rest[vm.end():]
    # A short label of words the list lacks, before the date and its colon ("Ngày tạo:", "Thời
    # điểm đăng:"): a label by its shape.
    rest = re.sub(r"^\s*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s*(?=§)", " § ", rest)
    rest = labels.sub(" § ", rest)
    rest = re.sub(rf"(?<!\w)(?:{_words()['weekday']})(?!\w)", " § ", rest, flags=re.IGNORECASE)
    byline = section = None
    pieces = [trim_piece(p) for p in _SEPARATORS.split(rest)]
    for piece in pieces:
        if not piece:
            continue
        kind = _residue_kind(piece)
        if kind is None:
            return None
        if kind == "name" and byline is None:
            byline = piece
        elif kind == "section" and section is None and "|" in text:
            section = piece
        elif kind == "section":
            return None
    published: datetime | date = datetime.combine(d, t, VN_TZ) if t else d
    return PublishedLine(published, views, dm.start(), byline=byline, section=section)


def _residue_kind(piece: str) -> str | None:
    """What a leftover piece of a publication line is: "cms", "name", "section" or None."""
    if re.fullmatch(r"[\W_]*", piece):
        return "cms"
    from danvan_site.extract.lines import vocab  # (lines imports this module)
    if vocab().cms_accounts.fullmatch(piece) or re.fullmatch(r"[a-z][a-z0-9_.]{3,}", piece):
        return "cms"  # "admin_p3", "quantri gửi vào"
    if re.search(r"\d", piece):
        return None  # an unexplained number: not a date line's furniture
    if re.fullmatch(r"\d*\s*(?:bình luận|comments?|lượt thích|likes?)", piece, re.IGNORECASE):
        return "cms"
    named = _words()["poster"].sub("", piece).strip()
    if named != piece and (vocab().cms_accounts.fullmatch(named) or re.fullmatch(r"[a-z][a-z0-9_.]{3,}", named)):
        return "cms"  # "by admin", "bởi quantri"
    if named and _NAME_RUN.match(named) and len(named.split()) <= 8:
        return "name"
    n = len(piece.split())
    if n <= 5 and not piece.endswith(".") and piece[:1].isupper():
        return "section"
    return None


def split_glued_date(line: str, labels: re.Pattern[str], views_label: re.Pattern[str]) -> tuple[str, PublishedLine] | None:
    """A title line with a publication date glued to its end: "Tiêu đề 12/03/2019 08:15"."""
    text = collapse(line)
    # The look-behind starts a match only at the start of a run of separators: the leftmost
    # match is the same, but a long run of dashes or spaces is no longer tried from each of its
    # characters (a 200,000-dash line took hours).
    m = re.search(
        rf"(?<![\s(\[|–—-])[\s(\[|–—-]*(?:(?:{labels.pattern})\s*:?\s*)?(?:(?:{_words()['weekday']})\s*,?\s*)?"
        rf"(?:\d{{1,2}}\s*:\s*\d{{2}}\s*[|,\-–]?\s*)?"
        rf"{DATE_RE.pattern}"
        rf"(?:\s*[|,\-–]?\s*\d{{1,2}}\s*:\s*\d{{2}}(?:\s*:\s*\d{{2}})?(?:\s*(?:AM|PM|SA|CH))?)?\s*[)\]]?\s*$",
        text,
        re.IGNORECASE,
    )
    if not m or m.start() == 0:
        return None
    head = text[: m.start()].rstrip(" -–—|(")
    joint = text[len(head): m.end()]
    if len(head.split()) < 4 or head.endswith(("ngày", "Ngày")) or (head[-1:].isdigit() and re.match(r"\s*[-–]", joint)):
        return None
    if head.count("(") > head.count(")"):  # "(15/10/1930-15/10/2020)": the date closes a range
        return None
    parsed = parse_published_line(text[m.start():], labels, views_label)
    if parsed is None:
        return None
    return head, parsed


def parse_count(text: str) -> int | None:
    digits = re.sub(r"[.,\s]", "", text)
    return int(digits) if digits.isdigit() else None


# --- event dates in the body -------------------------------------------------------------

_TOD = r"(?:(?P<tod>sáng|chiều|tối|trưa|đêm)|hôm nay|hôm qua)"
_EVENT = re.compile(
    r"(?:"
    rf"{_TOD}\s+(?:(?:hôm\s+)?(?:qua|nay|mai)\s+)?(?:\(?\s*)?(?:ngày\s+)?"
    r"|(?:vào\s+)?(?:hồi\s+|lúc\s+)?(?P<h>\d{1,2})\s*(?:h|giờ|:)\s*(?P<mi>\d{2})?\s*(?:phút\s*)?(?:,\s*)?(?:(?P<tod2>sáng|chiều|tối)\s+)?(?:ngày\s+)"
    r"|(?:(?:từ|trong|vào|hôm)\s+)?(?:(?:hai|ba|2|3|các)\s+)?ngày\s+"
    r")"
    r"(?P<d>\d{1,2})"
    r"(?:\s*(?:và|đến|tới|,|–|-)\s*(?:ngày\s+)?\d{1,2}(?=\s*[/.\-]\s*\d{1,2}))?"
    r"(?:(?P<sep>\s*[/.\-]\s*)(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}))?|\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|,)\s*(?P<y2>\d{4}))?)"
    r"(?![\d/])",
    re.IGNORECASE,
)
# A date that belongs to a document reference ("Quyết định số 825-QĐ/QU ngày 13/4/2022").
_DOC_REF = re.compile(
    r"(?:\bsố\s+\S+\s*$|\b(?:quyết định|nghị quyết|chỉ thị|kế hoạch|công văn|thông báo|kết luận|hướng dẫn|quy định|"
    r"thông tư|nghị định|luật|đề án|chương trình|văn bản|tờ trình|báo cáo|công điện|quyết định)\b[^,.;]{0,60}$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventDate:
    date: date
    time_of_day: str | None
    text: str


def time_of_day_from_hour(hour: int) -> str:
    if hour < 11:
        return "sáng"
    if hour < 13:
        return "trưa"
    if hour < 18:
        return "chiều"
    return "tối"


def find_event_date(paragraphs: list[str], published: date | None, max_paragraphs: int = 2) -> EventDate | None:
    """The first event date stated in the opening paragraphs, or None.

    A date needs a cue ("ngày", "Sáng", "Chiều", "hồi 15h30 ngày"); dates of documents are
    skipped; a missing year comes from the publication date (the year before when that would
    put the event after publication); dates far from publication are not event dates.
    """
    for para in paragraphs[:max_paragraphs]:
        for m in _EVENT.finditer(para):
            if _DOC_REF.search(para[max(0, m.start() - 80): m.start()]):
                continue
            day = int(m.group("d"))
            month = int(m.group("m") or m.group("m2"))
            year_txt = m.group("y") or m.group("y2")
            if year_txt:
                year = int(year_txt)
            elif published is not None:
                year = published.year
            else:
                continue
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if not year_txt and published is not None and found > published + timedelta(days=1):
                try:
                    found = date(year - 1, month, day)
                except ValueError:
                    continue
            if published is not None and not (published - timedelta(days=370) <= found <= published + timedelta(days=7)):
                continue
            tod = (m.group("tod") or m.group("tod2") or "").lower() or None
            if tod is None and m.group("h"):
                tod = time_of_day_from_hour(int(m.group("h")))
            if tod == "đêm":
                tod = "tối"
            return EventDate(found, tod, m.group(0))
    return None
