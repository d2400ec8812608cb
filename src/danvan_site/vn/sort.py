"""Vietnamese alphabetical order and matching keys, in pure Python.

``sort_key`` orders text the way a Vietnamese dictionary (and ICU's ``vi`` collator) does:

* primary: letters, with ă â đ ê ô ơ ư as letters of their own
  (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y); runs of digits compare as
  numbers ("Phường 2" before "Phường 10"); a space sorts before punctuation, punctuation before
  numbers, numbers before letters;
* secondary: tone marks, in the order ngang, huyền, hỏi, ngã, sắc, nặng;
* tertiary: case (lower case first), then the exact text as a last, deterministic tie-break.

The old and new tone placements on ``oa``/``oe``/``uy`` ("hoà"/"hòa", "thuỷ"/"thủy") sort as the
same word. ``tone_key`` folds exactly those variants (plus case and Unicode form) so two
spellings of one name compare equal; ``fold`` gives a lowercase ASCII key ("đ" -> "d").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

__all__ = ["sort_key", "sorted_vi", "tone_key", "fold", "normalize_tone_placement"]

T = TypeVar("T")

# Tone marks (combining characters after NFD) -> secondary weight.
_TONES: dict[str, int] = {
    "\u0300": 1,  # huyền  (grave)
    "\u0309": 2,  # hỏi    (hook above)
    "\u0303": 3,  # ngã    (tilde)
    "\u0301": 4,  # sắc    (acute)
    "\u0323": 5,  # nặng   (dot below)
}
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_SHAPES = {_BREVE, _CIRCUMFLEX, _HORN}

# The Vietnamese alphabet, with the Latin letters it does not use (f j w z) at their Latin places.
_ALPHABET: list[tuple[str, str]] = [
    ("a", ""), ("a", _BREVE), ("a", _CIRCUMFLEX), ("b", ""), ("c", ""), ("d", ""), ("đ", ""),
    ("e", ""), ("e", _CIRCUMFLEX), ("f", ""), ("g", ""), ("h", ""), ("i", ""), ("j", ""),
    ("k", ""), ("l", ""), ("m", ""), ("n", ""), ("o", ""), ("o", _CIRCUMFLEX), ("o", _HORN),
    ("p", ""), ("q", ""), ("r", ""), ("s", ""), ("t", ""), ("u", ""), ("u", _HORN), ("v", ""),
    ("w", ""), ("x", ""), ("y", ""), ("z", ""),
]
_LETTER_INDEX: dict[tuple[str, str], int] = {pair: i for i, pair in enumerate(_ALPHABET)}

# Element classes of the primary key: the order between kinds of characters.
_SPACE, _PUNCT, _NUMBER, _LETTER, _OTHER = 0, 1, 2, 3, 4

_Cluster = tuple[str, str]  # (base character, its combining marks) after NFD


def _clusters(text: str) -> list[_Cluster]:
    """Split NFD text into base characters each followed by its combining marks."""
    out: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out:
            out[-1][1] += ch
        elif unicodedata.combining(ch):
            continue  # a stray mark with nothing to sit on carries no letter
        else:
            out.append([ch, ""])
    return [(base, marks) for base, marks in out]


def _split_marks(base: str, marks: str) -> tuple[str, int, str]:
    """(shape modifier valid for this base letter, tone weight, any other marks)."""
    shape = ""
    tone = 0
    other = ""
    lower = base.lower()
    for mark in marks:
        if mark in _TONES and tone == 0:
            tone = _TONES[mark]
        elif mark in _SHAPES and not shape and (lower, mark) in _LETTER_INDEX:
            shape = mark
        else:
            other += mark
    return shape, tone, other


# --- tone placement --------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")


def _normalize_word(word: str) -> str:
    clusters = _clusters(word)
    if len(clusters) < 2:
        return word
    toned = [i for i, (base, marks) in enumerate(clusters) if any(m in _TONES for m in marks)]
    if len(toned) != 1:
        return word
    first, second = clusters[-2], clusters[-1]
    pair = first[0].lower() + second[0].lower()
    if pair not in ("oa", "oe", "uy"):
        return word
    # The pair must be plain vowels (no hat or horn) and not the "u" of "qu" ("quý" stays).
    if any(m in _SHAPES for m in first[1] + second[1]):
        return word
    if len(clusters) >= 3 and clusters[-3][0].lower() == "q":
        return word
    if len(clusters) >= 3 and clusters[-3][0].lower() in "aeiouy":
        return word  # part of a longer vowel group: not one of the variable syllables
    if toned[0] != len(clusters) - 1:
        return word  # already on the first vowel of the pair (or elsewhere: leave it)
    tone_marks = "".join(m for m in second[1] if m in _TONES)
    second_rest = "".join(m for m in second[1] if m not in _TONES)
    rebuilt = clusters[:-2] + [(first[0], first[1] + tone_marks), (second[0], second_rest)]
    return unicodedata.normalize("NFC", "".join(b + m for b, m in rebuilt))


def normalize_tone_placement(text: str) -> str:
    """Put the tone of open ``oa``/``oe``/``uy`` syllables on the first vowel, keeping case.

    "Hoà" -> "Hòa", "khoẻ" -> "khỏe", "Thuỷ" -> "Thủy", "uỷ" -> "ủy"; "hoàn", "quý" and
    "thuyền" are unchanged (their placement has only one correct form). Returns NFC text.
    """
    text = unicodedata.normalize("NFC", text)
    m = _OLD_STYLE_END_RE.search(text)
    if m is None:
        return text  # the common case: nothing to move (keeps long texts linear and fast)
    out: list[str] = []
    done = 0
    while m is not None:
        # The word the pair ends: back over the letters before it (a letter is what the class
        # [^\W\d_] matches: alphanumeric, not a decimal digit). Each word is walked once.
        start = m.start() - 1  # the pattern matches the pair's second vowel
        while start > done and _is_letter(text[start - 1]):
            start -= 1
        out.append(text[done:start])
        out.append(_normalize_word(text[start:m.end()]))
        done = m.end()
        m = _OLD_STYLE_END_RE.search(text, done)
    out.append(text[done:])
    return "".join(out)


def _is_letter(ch: str) -> bool:
    return ch.isalnum() and not ch.isdecimal()


# Only words that end in o+toned a/e or u+toned y can be written the old way: look at those only.
# The pattern finds the pair at a word's end: a scan for the toned vowel (rarer than "o"/"u"),
# then a look back at the vowel before it; the word's start is found from there, so a
# 200,000-letter line stays linear.
_OLD_STYLE_END_RE = re.compile(
    r"[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?<=[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")


_SPACES_RE = re.compile(r"\s+")
_ANY_DASH_RE = re.compile(r"[-\u2010-\u2015]")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"


def tone_key(text: str) -> str:
    """A key under which spelling variants of one name are equal.

    Folds the tone placement ("uỷ" = "ủy", "Yên Hoà" = "Yên Hòa", "thuý" = "thúy"), Unicode
    form (NFC/NFD), case, runs of white space and the spacing around dashes
    ("Bà Rịa - Vũng Tàu" = "Bà Rịa-Vũng Tàu"). Different letters or tones stay different
    ("Gia Thụy" != "Gia Thủy").
    """
    if len(text) <= 120:  # names, places, roles, labels: the same few are keyed again and again
        return _short_tone_key(text)
    return _tone_key(text)


@lru_cache(maxsize=1 << 17)
def _short_tone_key(text: str) -> str:
    return _tone_key(text)


def _tone_key(text: str) -> str:
    text = normalize_tone_placement(text)
    text = unicodedata.normalize("NFC", text.casefold())
    # White space collapsed: ``str.split`` splits on exactly what ``\s`` matches, in C.
    text = " ".join(text.split())
    # Then every dash is "-", with no space on either side (r"\s*[-\u2010-\u2015]\s*" -> "-"; the
    # white space is single spaces by now, so str.replace does it).
    if not _ANY_DASH_RE.search(text):
        return text
    for dash in _DASHES:
        if dash in text:
            text = text.replace(dash, "-")
    return text.replace(" -", "-").replace("- ", "-")


def fold(text: str) -> str:
    """Lowercase ASCII for keys and search: tone and shape marks dropped, "đ" -> "d".

    "Đống Đa" -> "dong da"; white space is collapsed; characters with no ASCII form are dropped.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if not _FOLD_SLOW_RE.search(decomposed):
        # Only ASCII, combining marks and punctuation that folds to nothing (the common case):
        # the marks and that punctuation are what an ASCII encoding drops.
        return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())
    # Character by character through one table (every step of the fold is a function of one
    # character: NFD decomposes each on its own, and the marks it reorders are all dropped).
    return " ".join(text.translate(_FOLD_TABLE).split())


def _fold_slow(text: str) -> str:
    """``fold`` as a chain of steps: what the table's entries are made with (and checked against)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = stripped.casefold().encode("ascii", "ignore").decode("ascii")
    return _SPACES_RE.sub(" ", ascii_text).strip()


class _FoldTable(dict):  # type: ignore[type-arg]
    """Code point -> its folded form (ASCII, possibly empty), made on first sight of a character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = stripped.casefold().encode("ascii", "ignore").decode("ascii")
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
# A character outside ASCII whose fold is not nothing: one a combining mark is not, nor a sign
# that NFD leaves as it is and that case folding does not turn into ASCII (punctuation, symbols,
# letters of other scripts: the ranges below, computed and checked code point by code point by
# tests/test_vn_fold.py), e.g. "ß" ("ss"), "ﬁ" ("fi").
_FOLD_SLOW_RE = re.compile(
    "[^\x00-\x7f\u0080-\u00bf\u00c6\u00d0\u00d7-\u00d8\u00de\u00e6\u00f0\u00f7-\u00f8\u00fe\u0126-\u0127"
    "\u0131-\u0133\u0138\u013f-\u0142\u014a-\u014b\u0152-\u0153\u0166-\u0167\u0180-\u019f\u01a2-\u01ae"
    "\u01b1-\u01cc\u01dd\u01e4-\u01e5\u01f1-\u01f3\u01f6-\u01f7\u021c-\u021d\u0220-\u0225\u0234-\u02ff"
    "\u0300-\u036f\u2002-\u206f\u20a0-\u20cf\u2100-\u2125\u2127-\u2129\u212c-\u214f\u2190-\u2199"
    "\u219c-\u21ad\u21af-\u21cc\u21d0-\u21ff\u25a0-\u25ff\ufe00-\ufe0f\ufeff]")


# --- the sort key ----------------------------------------------------------------------------

_Element = tuple[int, int]
SortKey = tuple[tuple[_Element, ...], tuple[tuple[int, str], ...], tuple[int, ...], str]


@lru_cache(maxsize=1 << 17)
def sort_key(text: str) -> SortKey:
    """Key for ``sorted(..., key=sort_key)`` giving Vietnamese alphabetical order."""
    original = unicodedata.normalize("NFC", text)
    text = _SPACES_RE.sub(" ", normalize_tone_placement(text)).strip()
    # Made word by word (a word's elements do not depend on its neighbours; a space is one
    # element): names and places share their syllables, so 34,000 names of people cost a few
    # thousand word keys, not 34,000 walks over every letter.
    primary: list[_Element] = []
    secondary: list[tuple[int, str]] = []
    tertiary: list[int] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            primary.append((_SPACE, 0))
            secondary.append((0, ""))
            tertiary.append(0)
        p, s, t = _word_key(word)
        primary.extend(p)
        secondary.extend(s)
        tertiary.extend(t)
    return tuple(primary), tuple(secondary), tuple(tertiary), original


@lru_cache(maxsize=1 << 16)
def _word_key(text: str) -> tuple[tuple[_Element, ...], tuple[tuple[int, str], ...], tuple[int, ...]]:
    """The primary, secondary and tertiary elements of one word (no white space in it)."""
    primary: list[_Element] = []
    secondary: list[tuple[int, str]] = []
    tertiary: list[int] = []
    clusters = _clusters(text)
    i = 0
    while i < len(clusters):
        base, marks = clusters[i]
        if base.isdecimal():
            digits = ""
            while i < len(clusters) and clusters[i][0].isdecimal():
                digits += clusters[i][0]
                i += 1
            primary.append((_NUMBER, int(digits)))
            secondary.append((0, ""))
            tertiary.append(len(digits))
            continue
        i += 1
        category = unicodedata.category(base)
        if category in ("Cf", "Cc"):  # soft hyphens, zero-width joiners, controls: ignorable
            continue
        lower = base.lower()
        shape, tone, other = _split_marks(base, marks)
        index = _LETTER_INDEX.get((lower, shape))
        if index is not None:
            primary.append((_LETTER, index))
            secondary.append((tone, other))
            tertiary.append(0 if base == lower else 1)
        elif category.startswith("L"):
            primary.append((_OTHER, ord(lower)))
            secondary.append((tone, shape + other))
            tertiary.append(0 if base == lower else 1)
        else:
            primary.append((_PUNCT, ord(base)))
            secondary.append((0, marks))
            tertiary.append(0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def sorted_vi(items: Iterable[T], key: Callable[[T], str] | None = None, reverse: bool = False) -> list[T]:
    """``sorted`` in Vietnamese alphabetical order; ``key`` picks the text of each item."""
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item)), reverse=reverse)
    pick = key
    return sorted(items, key=lambda item: sort_key(pick(item)), reverse=reverse)
