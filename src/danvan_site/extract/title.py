"""The headline: which line of the page is the title.

Candidates are the header lines next to the publication line (or, without one, the last
candidate line before the first paragraph); a line is no candidate when it is chrome, a date or
views line, an image name or a shortcode. Among candidates the one that reads most like the
body (shared word pairs with the text that follows) wins.
"""
from __future__ import annotations

from .lines import (BARE_NUMBER_RE, SHORTCODE_RE, Line, bigrams, is_drop, is_image, is_paragraph, is_site_header,
                    is_views_line, published_line, title_score, vocab)
from ..vntext import tone_key

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
    a, b = tone_key(text).strip(" .:"), tone_key(title).strip(" .:")
    if a == b:
        return True
    if min(len(a), len(b)) < 20:
        return False
    ga, gb = bigrams(text), bigrams(title)
    if not ga or not gb:
        return False
    return len(ga & gb) / max(len(ga), len(gb)) >= 0.85



def choose_title(lines: list[Line], date_idx: int | None, first_para_idx: int, context: str) -> int | None:
    def prev_candidate(i: int) -> int | None:
        j = i - 1
        while j >= 0:
            t = lines[j].text
            if t and is_candidate(lines[j]):
                return j
            if t and not (is_drop(t) or is_image(t) or BARE_NUMBER_RE.match(t) or is_views_line(t) is not None):
                return None
            j -= 1
        return None

    def next_candidate(i: int) -> int | None:
        j = i + 1
        while j < len(lines):
            t = lines[j].text
            if t and is_candidate(lines[j]):
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
        if after is not None and before is not None and (vocab().photo_prefix.match(lines[after].text) or vocab().photo_suffix.search(lines[after].text)):
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
    cands = [i for i in range(min(first_para_idx, len(lines))) if lines[i].text and is_candidate(lines[i])]
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


