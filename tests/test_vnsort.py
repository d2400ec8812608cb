"""Vietnamese alphabetical order, tone-placement folding and ASCII folding."""
from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_site.vn.sort import fold, normalize_tone_placement, sort_key, sorted_vi, tone_key


def test_district_names_in_dictionary_order() -> None:
    names = ["Đống Đa", "Ba Đình", "Cầu Giấy", "Hoàn Kiếm", "Âu Cơ", "Ân Thi", "An Lão", "Dương Nội"]
    assert sorted_vi(names) == [
        "An Lão",
        "Ân Thi",
        "Âu Cơ",
        "Ba Đình",
        "Cầu Giấy",
        "Dương Nội",
        "Đống Đa",
        "Hoàn Kiếm",
    ]


def test_letters_with_marks_are_letters_of_their_own() -> None:
    # a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư: the first letter decides before anything after it.
    words = ["Ưng Hòa", "Uông Bí", "Ơn", "Ông Ích Khiêm", "Ozon", "Êa Súp", "Ea Kar", "Đà Bắc", "Dz",
             "Âu", "Ăn", "Az"]
    assert sorted_vi(words) == ["Az", "Ăn", "Âu", "Dz", "Đà Bắc", "Ea Kar", "Êa Súp", "Ozon",
                                "Ông Ích Khiêm", "Ơn", "Uông Bí", "Ưng Hòa"]


def test_shorter_word_and_space_sort_first() -> None:
    assert sorted_vi(["Anh Sơn", "An Lão", "An", "Ann"]) == ["An", "An Lão", "Anh Sơn", "Ann"]


def test_tones_are_secondary_in_standard_order() -> None:
    # ngang, huyền, hỏi, ngã, sắc, nặng; and any letter difference outweighs a tone.
    shuffled = ["mạ", "mai", "má", "mã", "mả", "mà", "ma"]
    assert sorted_vi(shuffled) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_case_is_tertiary_lower_first() -> None:
    assert sorted_vi(["mà", "Ma", "ma"]) == ["ma", "Ma", "mà"]


def test_numbers_sort_naturally() -> None:
    wards = ["Phường 10", "Phường 2", "Phường 1", "Phường Bến Nghé", "Phường 12", "Phường 9"]
    assert sorted_vi(wards) == ["Phường 1", "Phường 2", "Phường 9", "Phường 10", "Phường 12",
                                "Phường Bến Nghé"]


def test_nfd_input_sorts_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đống Đa")
    assert sort_key(nfd)[:3] == sort_key("Đống Đa")[:3]


def test_tone_placement_variants_sort_together() -> None:
    assert sort_key("Yên Hoà")[:3] == sort_key("Yên Hòa")[:3]
    assert sorted_vi(["Yên Hoà", "Yên Hạ", "Yên Hòa", "Yên Hà"]) == ["Yên Hà", "Yên Hạ", "Yên Hoà", "Yên Hòa"]


def test_sort_is_deterministic_whatever_the_input_order() -> None:
    names = ["Hoà Bình", "Hòa Bình", "hòa bình", "Hòa  Bình", "Hoà An", "Phường 2", "phường 2"]
    expected = sorted_vi(names)
    rng = random.Random(7)
    for _ in range(20):
        rng.shuffle(names)
        assert sorted_vi(names) == expected


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Yên Hoà", "Yên Hòa"),
        ("Uỷ ban", "Ủy ban"),
        ("thuý", "thúy"),
        ("Gia Thuỵ", "Gia Thụy"),
        ("khoẻ", "khỏe"),
        ("Khánh Hoà", "KHÁNH HÒA"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu"),
    ],
)
def test_tone_key_joins_spelling_variants(old: str, new: str) -> None:
    assert tone_key(old) == tone_key(new)
    assert tone_key(unicodedata.normalize("NFD", old)) == tone_key(new)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Gia Thụy", "Gia Thủy"), ("Bồ Đề", "Bổ Đề"), ("hoàn", "hòan"), ("Hùng", "Hưng"), ("Đa", "Da")],
)
def test_tone_key_keeps_real_differences(a: str, b: str) -> None:
    assert tone_key(a) != tone_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoà", "Hòa"),
        ("UỶ", "ỦY"),
        ("quý", "quý"),  # the u of "qu" never carries the tone
        ("hoàn", "hoàn"),  # closed syllable: only one correct placement
        ("thuyền", "thuyền"),
        ("khoẻ mạnh", "khỏe mạnh"),
    ],
)
def test_normalize_tone_placement(text: str, expected: str) -> None:
    assert normalize_tone_placement(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Đống Đa", "dong da"), ("Gia Thụy", "gia thuy"), ("  Bà Rịa -  Vũng Tàu ", "ba ria - vung tau"),
     ("ĐẢNG ỦY", "dang uy")],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.lists(st.text(alphabet="aăâbcdđeêhoôơuưyAĂÂĐ àảãáạ0123456789-", max_size=8), max_size=12))
def test_order_is_total_and_consistent(words: list[str]) -> None:
    once = sorted_vi(words)
    assert sorted_vi(list(reversed(words))) == once
    assert sorted_vi(once) == once


@given(st.text(max_size=30))
def test_tone_key_is_idempotent(text: str) -> None:
    assert tone_key(tone_key(text)) == tone_key(text)
