"""The fast paths of vn.sort (fold, tone_key, tone placement) give what the plain chains of steps give."""
from __future__ import annotations

import random
import re
import unicodedata

from danvan_site.vn import sort as S

_OLD_STYLE = re.compile(r"(?<![^\W\d_])[^\W\d_]*(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")


def _placement(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _OLD_STYLE.sub(lambda m: S._normalize_word(m.group(0)), text)


def _tone_key(text: str) -> str:
    text = unicodedata.normalize("NFC", _placement(text).casefold())
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*[-\u2010-\u2015]\s*", "-", text)


def test_fast_fold_class_drops_only_what_folds_to_nothing():
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if not S._FOLD_SLOW_RE.match(ch):
            assert unicodedata.combining(ch) or not ch.casefold().encode("ascii", "ignore"), hex(code)


def test_fold_table_matches_the_chain_on_every_character():
    for code in range(0x80, 0x3000):
        ch = chr(code)
        for text in (f"a{ch}\u0301 b{ch}", f"Đ{ch}ß x"):
            assert S.fold(text) == S._fold_slow(text), hex(code)


def test_fast_paths_on_random_text():
    rnd = random.Random(7)
    alphabet = " \t\n\u00a0-\u2013\u2014‐oOuUaàáyýỳeèAÀ\u0301\u0300xqđĐß“›²\ufeff1_"
    samples = ["Hoà  -  Thuỷ", "Bà Rịa-Vũng Tàu", "x\x1c-\x1fy", "khoẻ - hoá – uỷ", "a - - b", "- -"]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(30000)]
    for text in samples:
        assert S.fold(text) == S._fold_slow(text), repr(text)
        assert S.normalize_tone_placement(text) == _placement(text), repr(text)
        assert S._tone_key(text) == _tone_key(text), repr(text)


def test_long_letter_run_stays_linear():
    text = "a" * 200_000 + "hoà"
    assert S.normalize_tone_placement(text) == "a" * 200_000 + "hòa"
    assert S.normalize_tone_placement("x hoà") == "x hòa"
