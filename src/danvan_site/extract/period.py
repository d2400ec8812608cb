"""Reporting period: the period a review meeting looks back on or plans for.

The first period phrase of the headline, else of the opening sentence; its year completed
from a later phrase of the same sentence or the same phrase written with its year elsewhere
("6 tháng đầu năm" + "... 6 tháng đầu năm 2022"). Only meetings that review a period carry one
(``reviews_period`` in ``data/meeting_types.yaml``): a dialogue "năm 2024" has no period.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from danvan_site.core.models import MeetingType, Period
from danvan_site.vn.text import collapse, sentences, tone_key
from danvan_site.vocab import review_types
from danvan_site.extract.context import Context


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
    """The first period phrase of a text. A count that is the end of a name ("xã Sơn Kim 2 tháng
    04 năm 2022": the commune Sơn Kim 2) starts no period."""
    pos = 0
    while (m := _PERIOD_RE.search(text, pos)) is not None:
        prev = re.search(r"(\w+)\s+$", text[max(0, m.start() - 20): m.start()]) if m.group("n") else None
        if prev and prev.group(1)[0].isupper() and not prev.group(1).isupper():  # "Kim 2", not "KẾT 6"
            pos = m.end("n")  # read on from "tháng 04 năm 2022"
            continue
        return m
    return None


def extract_period(ctx: Context) -> Period | None:
    mt: MeetingType = ctx.values["meeting_type"]
    if mt.slug not in review_types():
        return None
    # The headline's first period phrase, else the first sentence of the opening paragraph that
    # states one ("Hội nghị lần thứ 7 ... . Hội nghị sơ kết công tác 6 tháng đầu năm 2022 ...").
    source_text = ctx.title
    m = find_period(source_text)
    if m is None and ctx.body:
        for sentence in sentences(collapse(ctx.body[0])):
            m = find_period(sentence)
            if m is not None:
                source_text = sentence
                break
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


