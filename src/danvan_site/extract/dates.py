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

from ..vntext import collapse

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
_YMD = r"(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"
_WORDY = r"(?:ngày\s+)?(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})\s*(?:năm|,)\s*(?P<y3>\d{4})"
DATE_RE = re.compile(rf"(?:{_DMY}|{_YMD}|{_WORDY})", re.IGNORECASE)
TIME_RE = re.compile(
    r"(?<![\d/.])(?P<h>\d{1,2})\s*(?::|h|giờ)\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?(?:\s*(?:phút))?"
    r"(?:\s*(?P<ap>AM|PM|SA|CH|a\.m\.|p\.m\.|sáng|chiều|tối)\b)?",
    re.IGNORECASE,
)
WEEKDAY_RE = re.compile(r"\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])\b", re.IGNORECASE)


@dataclass(frozen=True)
class PublishedLine:
    published: datetime | date
    views: int | None
    start: int  # where the date text starts in the line (for a date glued to a title)


def parse_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    if g.get("d"):
        d, mo, y = int(g["d"]), int(g["m"]), int(g["y"])
    elif g.get("d2"):
        d, mo, y = int(g["d2"]), int(g["m2"]), int(g["y2"])
    else:
        d, mo, y = int(g["d3"]), int(g["m3"]), int(g["y3"])
    try:
        return date(y, mo, d)
    except ValueError:
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


def _residue_is_empty(text: str, labels: re.Pattern[str], views_label: re.Pattern[str]) -> bool:
    text = labels.sub(" ", text)
    text = views_label.sub(" ", text)
    text = WEEKDAY_RE.sub(" ", text)
    return not re.search(r"[^\W\d_]", text)  # no letters left


def parse_published_line(line: str, labels: re.Pattern[str], views_label: re.Pattern[str]) -> PublishedLine | None:
    """Parse a whole line that is only a publication date (with time, weekday, labels, views)."""
    text = collapse(line)
    if not text or len(text) > 120:
        return None
    dm = DATE_RE.search(text)
    if not dm:
        return None
    d = parse_date(dm)
    if d is None:
        return None
    rest = text[: dm.start()] + " " + text[dm.end():]
    tm = TIME_RE.search(rest)
    t = parse_time(tm) if tm else None
    views = None
    vm = re.search(rf"(?:{views_label.pattern})\s*:?\s*(\d[\d.,\s]*)", rest, re.IGNORECASE)
    if vm:
        views = parse_count(vm.group(1))
        rest = rest[: vm.start()] + " " + rest[vm.end():]
    if tm:
        rest = TIME_RE.sub(" ", rest, count=1)
    if not _residue_is_empty(rest, labels, views_label):
        return None
    if re.search(r"\d", re.sub(r"[\s|,\-–—:()\[\]/.]", "", labels.sub(" ", rest))):
        return None
    published: datetime | date = datetime.combine(d, t, VN_TZ) if t else d
    return PublishedLine(published, views, dm.start())


def split_glued_date(line: str, labels: re.Pattern[str], views_label: re.Pattern[str]) -> tuple[str, PublishedLine] | None:
    """A title line with a publication date glued to its end: "Tiêu đề 12/03/2019 08:15"."""
    text = collapse(line)
    # The look-behind starts a match only at the start of a run of separators: the leftmost
    # match is the same, but a long run of dashes or spaces is no longer tried from each of its
    # characters (a 200,000-dash line took hours).
    m = re.search(
        rf"(?<![\s(\[|–—-])[\s(\[|–—-]*(?:(?:{labels.pattern})\s*:?\s*)?(?:{WEEKDAY_RE.pattern}\s*,?\s*)?"
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
