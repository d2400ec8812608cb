"""The byline: which line signs the bulletin, and the author's name in it.

A signature is a short line at the end of the body (or just under the title) that names a
person or a unit: "Mỹ Nhiên", "T/h: Thùy Dương", "Nguyễn Văn Hùng-Chủ tịch Hội CCB", "Ban biên
tập phường Đông Xuyên". ``parse_byline`` keeps the name and moves a role or unit after a dash,
in brackets or after the name into ``role``; CMS account names are no authors. The words are in
``data/segment.yaml`` (prefixes, organisation heads, role words) and ``data/chrome.yaml`` (CMS
accounts).
"""
from __future__ import annotations

import re
from functools import lru_cache

from danvan_site import vocab as vocabulary
from danvan_site.core.models import Author
from danvan_site.vn.text import UPPER_CLASS, collapse, words
from danvan_site.extract.lines import is_drop, is_lead, published_line, vocab


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    seg = vocabulary.raw("segment.yaml")
    prefixes = "|".join(f"(?:{p})" for p in seg["byline_prefixes"])
    return {
        "prefix": re.compile(rf"^(?:{prefixes})\s*[:.]\s*", re.IGNORECASE),
        "soft": re.compile(rf"^(?:{vocabulary.alternation(seg['byline_soft_prefixes'])})\s+(?=\S)", re.IGNORECASE),
        "sentence": re.compile(rf"(?<!\w)(?:{vocabulary.alternation(seg['sentence_verbs'])})(?!\w)", re.IGNORECASE),
        "org": re.compile(rf"^(?:{vocabulary.alternation(seg['org_author_heads'])})(?!\w)", re.IGNORECASE),
        "role": re.compile(rf"^(?:{vocabulary.alternation(seg['byline_role_words'])})(?!\w)", re.IGNORECASE),
    }


class _Lazy:
    """A module-level name for a pattern built from the data files on first use."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getattr__(self, attr: str):  # match, search, sub, fullmatch...
        return getattr(_patterns()[self.key], attr)


# Emoji and bullets a page puts before a signature ("✍️ Tin, ảnh: ...", "• PV").
_LEADING_SYMBOLS = re.compile(r"^[^\w(\"“'‘]+")
BYLINE_PREFIX_RE = _Lazy("prefix")
BYLINE_SOFT_PREFIX_RE = _Lazy("soft")
ORG_AUTHOR_RE = _Lazy("org")
_SENTENCE_VERB_RE = _Lazy("sentence")
_ROLE_WORDS_RE = _Lazy("role")


def looks_like_byline(text: str) -> bool:
    """A short signature line: "Mỹ Nhiên", "T/h: Thùy Dương", "Nguyễn Văn Hùng-Chủ tịch Hội CCB"."""
    t = _LEADING_SYMBOLS.sub("", text.strip())  # "✍️ Tin, ảnh: Hoàng Yến"
    if not t or is_drop(t) or published_line(t) is not None or is_footer(t):
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



# "Ủy ban nhân dân Quận 2 - Thành phố Hồ Chí Minh": a unit and, after a dash, its province: the
# address line of a portal's footer (or header), not a signature.
_FOOTER = re.compile(r"\s[-–—]\s*(?i:thành phố|tp\.?|tỉnh)\s+" + UPPER_CLASS)
_INITIALS = re.compile(r"(?:{U}\.)+{U}?[\w]*\.?".replace("{U}", UPPER_CLASS))


def is_footer(text: str) -> bool:
    return bool(ORG_AUTHOR_RE.match(text) and _FOOTER.search(text))


def _name_token(w: str) -> bool:
    w = w.strip("\"'“”()")
    if not w:
        return False
    if _INITIALS.fullmatch(w):  # initials: T.X, T.XUÂN
        return True
    return w[0].isupper() and not any(ch.isdigit() for ch in w)



def parse_byline(byline: str) -> Author | None:
    text = _LEADING_SYMBOLS.sub("", collapse(byline))
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
        if _ROLE_WORDS_RE.match(piece) or _UNIT_PIECE.search(piece) or (piece != piece.upper() and piece.lower() == piece and piece):
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


# A piece after a dash that names a unit or a committee ("BDV Huyện ủy Ninh Phước", "LĐLĐ tỉnh"):
# the writer's unit, never a second writer's name.
_UNIT_PIECE = re.compile(r"(?<!\w)(?:(?:huyện|tỉnh|thành|quận|thị|đảng)\s*(?:ủy|uỷ|đoàn)|ubnd|ubmttq|mttq|hđnd|xã|phường|"
                         r"huyện|quận|tỉnh|thị xã|thị trấn|thành phố|tp\.?)(?!\w)", re.IGNORECASE)


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
