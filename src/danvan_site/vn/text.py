"""Vietnamese text helpers used by extraction: NFC, tone placement, folding, sentences, words."""
from __future__ import annotations

import re
import unicodedata

from danvan_site.vn.sort import fold, normalize_tone_placement, tone_key

def _upper_letters() -> str:
    """Every capital letter Vietnamese writes (A-Z, Đ and the vowels with their shape and tone
    marks), for character classes: the range "À-Ỹ" also holds the small letters between them."""
    bases = "AĂÂEÊIOÔƠUƯY"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {chr(c) for c in range(ord("A"), ord("Z") + 1)} | {"Đ"}
    for b in bases:
        for t in tones:
            letters.add(unicodedata.normalize("NFC", unicodedata.normalize("NFD", b) + t))
    return "".join(sorted(letters))


UPPER = _upper_letters()
UPPER_CLASS = f"[{UPPER}]"  # one capital letter, for regular expressions

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

__all__ = ["UPPER_CLASS", "nfc", "collapse", "modern_tones", "tone_key", "fold", "is_upper_text", "words", "sentences",
           "trim_piece"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) into one space, and strip.

    ``str.split()`` splits on every Unicode white space (NBSP, the U+2000 spaces, U+202F,
    U+3000...) in C; only the zero-width space, which it keeps, is turned into a space first
    (three times faster than one regular expression over every line of every bulletin)."""
    if "\u200b" in text:
        text = text.replace("\u200b", " ")
    return " ".join(text.split())


def modern_tones(text: str) -> str:
    """Write oa/oe/uy syllables with the tone on the first vowel ("uỷ" -> "ủy", "hoà" -> "hòa"),
    the spelling the gold records and most portals use; both spellings are one word."""
    return normalize_tone_placement(text)


def is_upper_text(text: str) -> bool:
    """True when the letters of the text are (almost) all capitals: an ALL-CAPS line."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.9


def words(text: str) -> list[str]:
    """The words of a text, split at white space (``str.split`` splits on exactly what ``\\s``
    matches, NBSP included, in C)."""
    return text.split()


def is_capitalised(word: str) -> bool:
    word = word.lstrip("(\"'“‘[")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


# Abbreviations after which a full stop does not end a sentence ("TP. Hồ Chí Minh").
_ABBREVIATIONS = {"tp", "ts", "ths", "pgs", "gs", "bs", "ks", "tx", "tt", "q", "p", "h", "x", "tr", "st", "mr", "ms", "no", "đ/c", "v.v", "pgs.ts", "ths.bs"}
_ORDINAL_BEFORE = re.compile(r"(?:khóa|khoá|lần thứ|thứ|kỳ|quý|phần|chương|mục|đợt|giai đoạn)\s+\S+$", re.IGNORECASE)
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
                # A Roman numeral after an ordinal word ends a sentence ("... khóa I. Tại hội nghị").
                if not (last_word in ("i", "v", "x") and _ORDINAL_BEFORE.search(paragraph[start:m.start()])):
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


def trim_piece(piece: str) -> str:
    """A piece of a date line cut at its separators ("Thứ Hai, 16/07/2021 | Lượt xem: 120 |
    (Tác giả)"), without the separators and brackets left at its ends, and without an opening or
    closing bracket that has no partner in it."""
    piece = piece.strip(" ,;:-–—[]")
    while piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].strip()
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].strip()
    return piece
