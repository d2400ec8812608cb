"""Vietnamese text helpers used by extraction: NFC, tone placement, folding, sentences, words."""
from __future__ import annotations

import re
import unicodedata

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# An open syllable ending in oa/oe/uy (old style puts the tone on the second vowel).
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) into one space, and strip."""
    return _WS.sub(" ", text).strip()


def modern_tones(text: str) -> str:
    """Write oa/oe/uy syllables with the tone on the first vowel ("uỷ" -> "ủy", "hoà" -> "hòa").

    This is the spelling the gold records and most portals use; both spellings are one word.
    """
    decomposed = unicodedata.normalize("NFD", text)
    if not any(ch in TONE_MARKS for ch in decomposed):
        return nfc(text)

    def move(m: re.Match[str]) -> str:
        first, second, tone = m.group(1), m.group(2), m.group(3)
        if first in "oO" and second not in "aAeE":
            return m.group(0)
        if first in "uU" and second not in "yY":
            return m.group(0)
        return first + tone + second

    return unicodedata.normalize("NFC", _OLD_TONE.sub(move, decomposed))


def tone_key(text: str) -> str:
    """Key on which "Thủy"/"Thuỷ", "Hòa"/"Hoà" and case variants are equal."""
    return modern_tones(collapse(text)).casefold()


def fold(text: str) -> str:
    """Lowercase ASCII: tone and vowel marks removed, đ -> d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_upper_text(text: str) -> bool:
    """True when the letters of the text are (almost) all capitals: an ALL-CAPS line."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.9


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", text.strip()) if w]


def is_capitalised(word: str) -> bool:
    word = word.lstrip("(\"'“‘[")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


# Abbreviations after which a full stop does not end a sentence ("TP. Hồ Chí Minh").
_ABBREVIATIONS = {"tp", "ts", "ths", "pgs", "gs", "bs", "ks", "tx", "tt", "q", "p", "h", "x", "tr", "st", "mr", "ms", "no", "đ/c", "v.v", "pgs.ts", "ths.bs"}
_END_CANDIDATE = re.compile(r"(\./\.|\.{3,}|…+\.?|[.!?])(?=\s+(\S))")
_OPENERS = "\"“‘'([«"


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences.

    A sentence ends at ".", "?", "!" or "…" followed by a space and a capital letter, a quote
    or a digit; abbreviations such as "TP." do not end a sentence; a closing "./." or "…."
    belongs to the sentence.
    """
    out: list[str] = []
    start = 0
    for m in _END_CANDIDATE.finditer(paragraph):
        nxt = m.group(2)
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if m.group(1) == ".":
            before = paragraph[start:m.start()].rsplit(None, 1)
            last_word = before[-1].lower() if before else ""
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
        piece = paragraph[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def first_sentence(paragraph: str) -> str:
    parts = sentences(paragraph)
    return parts[0] if parts else ""


def last_sentence(paragraph: str) -> str:
    parts = sentences(paragraph)
    return parts[-1] if parts else ""
