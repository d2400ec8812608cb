"""The headline: which line of the page is the title.

Candidates are the header lines next to the publication line (or, without one, the last
candidate line before the first paragraph); a line is no candidate when it is chrome, a date or
views line, an image name or a shortcode. Among candidates the one that reads most like the
body (shared word pairs with the text that follows) wins.
"""
from __future__ import annotations

import re

from danvan_site.vn.text import UPPER_CLASS, sentences, tone_key, words
from danvan_site.extract.choose import Candidate, Decision, choose
from danvan_site.extract.lines import (BARE_NUMBER_RE, SHORTCODE_RE, Line, bigrams, is_drop, is_image, is_paragraph, is_site_header,
                    is_views_line, published_line, shared_pairs, vocab)

def is_candidate(line: Line) -> bool:
    t = line.text
    if not t or is_drop(t) or is_image(t) or BARE_NUMBER_RE.match(t) or is_views_line(t) is not None:
        return False
    if published_line(t) is not None:
        return False
    if SHORTCODE_RE.search(t) or t.lower().startswith("[caption"):
        return False
    return True


def same_as_title(text: str, title: str) -> bool:
    """The headline printed again (as a sapo or under a picture): the same words, give or take
    a few. Texts of very different lengths are not compared further (most body paragraphs)."""
    if not 0.6 * len(title) <= len(text) <= 1.5 * len(title) + 10:
        return False
    a, b = tone_key(text).strip(" .:"), tone_key(title).strip(" .:")
    if a == b:
        return True
    if min(len(a), len(b)) < 20:
        return False
    ga, gb = bigrams(text), bigrams(title)
    if not ga or not gb:
        return False
    return len(ga & gb) / max(len(ga), len(gb)) >= 0.85



def choose_title(lines: list[Line], date_idx: int | None, first_para_idx: int, context: str,
                 learned: frozenset[int] = frozenset()) -> tuple[int | None, Decision]:
    """The headline's line index, and the decision with its candidates and reasons.

    With a publication line, the candidates are the nearest candidate lines above and below it
    (a portal prints its headline next to its date, on one side or the other); each is scored
    by how much it reads like the text that follows (its word pairs found in the lead sentence
    and in the next lines), its length (a headline has 6 to 45 words; a section or a portal's
    name a few), and signs of chrome (the page's first line, a portal's name, a signature).
    Without one, the last candidate line before the first paragraph. ``learned``: lines the
    corpus shows to be page chrome; they are passed over like signatures and score lower.
    """
    def usable(j: int) -> bool:
        return is_candidate(lines[j])

    def passable(j: int) -> bool:
        t = lines[j].text
        return not t or is_drop(t) or is_image(t) or bool(BARE_NUMBER_RE.match(t)) or is_views_line(t) is not None

    def nearest(i: int, step: int) -> int | None:
        """The nearest candidate line from ``i`` in one direction; a signature-like line
        ("PV", "Thu Hằng") between the date and the headline is passed over when a candidate
        stands beyond it."""
        j, signature = i + step, None
        while 0 <= j < len(lines):
            if lines[j].text and usable(j):
                if signature is None and (j in learned or looks_like_signature(lines[j].text)):
                    signature = j
                else:
                    return j
            elif not passable(j):
                break
            j += step
        return signature

    def prev_candidate(i: int) -> int | None:
        return nearest(i, -1)

    def next_candidate(i: int) -> int | None:
        return nearest(i, +1)

    if date_idx is not None:
        before = prev_candidate(date_idx)
        after = next_candidate(date_idx)
        if after is not None and is_paragraph(lines[after].text):
            after = None
        if after is not None and before is not None and (vocab().photo_prefix.match(lines[after].text) or vocab().photo_suffix.search(lines[after].text)):
            after = None
        options = [i for i in (before, after) if i is not None]
        if before is not None and is_site_header(lines[before].text) and after is not None:
            options = [after]
        if after is not None and not _rest(lines, after):
            options = [i for i in options if i != after] or options  # nothing follows it: it is the body
        if options:
            first = _first_nonblank(lines)
            cands = [_scored(lines, i, date_idx, first if len(options) > 1 else None, i in learned) for i in options]
            decision = choose("title", cands, floor=-0.7)  # a lone short headline still stands; a lone signature does not
            return decision.chosen.line - 1 if decision.chosen else None, decision  # type: ignore[operator]
    # No publication line: the last candidate line before the first paragraph.
    cands_i = [i for i in range(min(first_para_idx, len(lines))) if lines[i].text and usable(i)]
    cands_i = [i for i in cands_i if i not in learned] or cands_i
    cands_i = [i for i in cands_i if not is_site_header(lines[i].text)] or cands_i
    reason = ("dòng cuối cùng trước đoạn văn đầu tiên (trang không có dòng ngày đăng)",)
    if cands_i:
        i = cands_i[-1]
        return i, Decision("title", Candidate(lines[i].text, 1.0, f"dòng {lines[i].no}", reason, lines[i].no), considered=len(cands_i))
    if first_para_idx < len(lines):
        i = first_para_idx
        return i, Decision("title", Candidate(lines[i].text, 0.5, f"dòng {lines[i].no}", ("đoạn văn đầu tiên",), lines[i].no))
    return None, Decision("title", None)


def _scored(lines: list[Line], i: int, date_idx: int, first: int | None, learned: bool = False) -> Candidate:
    text = lines[i].text
    after = max(i, date_idx)
    rest = _rest(lines, after)
    lead = _lead(lines, after)
    grams = bigrams(text)
    shared_lead, shared_rest = shared_pairs(grams, lead), shared_pairs(grams, rest)
    lead_overlap = shared_lead / len(grams) if grams else 0.0
    rest_overlap = shared_rest / len(grams) if grams else 0.0
    n = len(words(text))
    # Both the share of the line's word pairs found in the text and how many they are: a short
    # line (a portal's name, a section) made of common pairs shares all of its few pairs.
    score = (0.5 * lead_overlap + 0.5 * min(shared_lead, 6) / 6) + 0.6 * (0.5 * rest_overlap + 0.5 * min(shared_rest, 6) / 6)
    reasons = [f"giống câu mở đầu {lead_overlap:.0%}", f"giống phần thân {rest_overlap:.0%}"]
    if n <= 3:
        score -= 0.6
        reasons.append(f"quá ngắn cho một tiêu đề ({n} từ)")
    elif n <= 5:
        score -= 0.25
        reasons.append(f"ngắn ({n} từ)")
    elif n <= 45:
        score += 0.2
    else:
        score -= 0.2
        reasons.append(f"quá dài ({n} từ)")
    if i == first:
        score -= 0.25
        reasons.append("dòng đầu tiên của trang (thường là tên cổng thông tin)")
    if is_site_header(text):
        score -= 0.8
        reasons.append("giống tên cổng thông tin")
    if text.endswith(":"):
        score -= 0.3
        reasons.append("kết thúc bằng dấu hai chấm")
    if looks_like_signature(text):
        score -= 0.5
        reasons.append("giống dòng ký tên")
    if learned:
        score -= 0.5
        reasons.append("dòng lặp lại ở nhiều bài khác của kho (khung trang)")
    side = "trên" if i < date_idx else "dưới"
    reasons.append(f"ngay {side} dòng ngày đăng")
    return Candidate(text, score, f"dòng {lines[i].no}", tuple(reasons), lines[i].no)


def _lead(lines: list[Line], i: int) -> str:
    """The first two sentences of the first paragraph-like line after line ``i``."""
    for ln in lines[i + 1: i + 12]:
        if ln.text and is_paragraph(ln.text):
            return " ".join(sentences(ln.text)[:2])
    return ""


def looks_like_signature(text: str) -> bool:
    """A header line that signs the article: "Thu Hằng", "NGỌC TRÂM", "PV", "Theo TTXVN",
    "Tin, ảnh: Hoàng Yến" (a name run of 1-5 capitalised words, an agency, a byline prefix)."""
    from danvan_site.extract.byline import BYLINE_PREFIX_RE, BYLINE_SOFT_PREFIX_RE  # byline reads this module's neighbours

    t = _SYMBOLS.sub("", text).strip()
    if not t or re.search(r"\d", t):
        return False
    ws = t.split()
    if BYLINE_PREFIX_RE.match(t) and len(ws) <= 8:
        return True
    if BYLINE_SOFT_PREFIX_RE.match(t) and len(ws) <= 5:
        return True
    if len(ws) == 1 and re.fullmatch(r"[A-ZĐ]{2,4}", t):
        return True  # PV, BTV, TTXVN
    return len(ws) <= 5 and all(_NAME_WORD.fullmatch(w) for w in ws) and not is_site_header(t)


_SYMBOLS = re.compile(r"^[^\w(\"“]+", re.UNICODE)
_NAME_WORD = re.compile(r"(?:{U}[\w'’]*|(?:{U}\.)+{U}?[\w]*)".replace("{U}", UPPER_CLASS))
def _first_nonblank(lines: list[Line]) -> int | None:
    return next((i for i, ln in enumerate(lines) if ln.text), None)


def _rest(lines: list[Line], i: int) -> str:
    return " ".join(ln.text for ln in lines[i + 1: i + 40] if ln.text)


