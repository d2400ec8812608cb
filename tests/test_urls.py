"""URLs: readable ASCII slugs, unique and stable, and relative links that work from disk."""
from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_site.archive import urls
from danvan_site.archive.urls import (
    article_slug,
    locality_slug,
    output_path,
    page_url,
    raw_url,
    relative,
    safe_file_stem,
    truncate_slug,
)

TITLE = ("Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo "
         "6 tháng đầu năm 2021")


def test_article_slug_is_readable_ascii_with_id_hash() -> None:
    slug = article_slug(TITLE, "000_889518c93afc39ce")
    assert slug == "dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135"
    assert re.fullmatch(r"[a-z0-9-]+", slug)


def test_slug_words_are_cut_on_a_word_boundary() -> None:
    slug = article_slug(TITLE, "x")
    words = slug.rsplit("-", 1)[0]
    assert len(words) <= urls.SLUG_MAX
    assert ("dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-thang-dau-nam-2021"
            .startswith(words + "-"))


def test_repeated_titles_get_different_slugs() -> None:
    a = article_slug("Hội nghị sơ kết", "101_a")
    b = article_slug("Hội nghị sơ kết", "102_b")
    assert a != b
    assert a.startswith("hoi-nghi-so-ket-") and b.startswith("hoi-nghi-so-ket-")


def test_slug_depends_only_on_title_and_id() -> None:
    # Stability: the function sees nothing but the article itself, so it gives the same
    # answer whatever other bulletins exist (see also test_archive for a whole build).
    assert article_slug("Tổng kết năm 2020", "001") == article_slug("Tổng kết năm 2020", "001")
    assert article_slug("Tổng kết năm 2020", "001") == "tong-ket-nam-2020-" + urls.short_hash("001")


@given(st.text(max_size=200), st.text(min_size=1, max_size=30))
def test_article_slug_is_always_short_plain_ascii(title: str, article_id: str) -> None:
    slug = article_slug(title, article_id)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= urls.SLUG_MAX + 7
    assert slug.endswith("-" + urls.short_hash(article_id))


def test_title_without_letters_still_gets_a_slug() -> None:
    assert article_slug("“…”", "7") == "bai-viet-" + urls.short_hash("7")


@pytest.mark.parametrize(
    ("slug", "limit", "expected"),
    [("abc-def-ghi", 7, "abc-def"), ("abc-def-ghi", 8, "abc-def"), ("abcdefghij", 4, "abcd"),
     ("abc", 80, "abc"), ("abc-def", 3, "abc")],
)
def test_truncate_slug(slug: str, limit: int, expected: str) -> None:
    assert truncate_slug(slug, limit) == expected


@pytest.mark.parametrize(
    ("article_id", "expected"),
    [
        ("000_889518c93afc39ce", "nguon/000_889518c93afc39ce.txt"),
        ("../../etc/passwd", "nguon/etc-passwd-" + urls.short_hash("../../etc/passwd") + ".txt"),
        ("Bản tin 1", "nguon/ban-tin-1-" + urls.short_hash("Bản tin 1") + ".txt"),
        ("ABC", "nguon/abc-" + urls.short_hash("ABC") + ".txt"),
        ("con", "nguon/con-" + urls.short_hash("con") + ".txt"),  # reserved name on Windows
    ],
)
def test_raw_url_cannot_escape_and_stays_unique(article_id: str, expected: str) -> None:
    assert raw_url(article_id) == expected


@given(st.text(min_size=0, max_size=40))
def test_safe_file_stem_is_always_a_plain_name(name: str) -> None:
    stem = safe_file_stem(name)
    assert re.fullmatch(r"[a-z0-9_][a-z0-9_-]*", stem)


def test_locality_slugs() -> None:
    assert locality_slug("phường", "Gia Thụy") == "phuong-gia-thuy"
    assert locality_slug("quận", "Đống Đa") == "quan-dong-da"
    assert locality_slug(None, "Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"


def test_grouping_urls() -> None:
    assert urls.year_url(2021) == "thoi-gian/2021/"
    assert urls.month_url(2021, 7) == "thoi-gian/2021/07/"
    assert urls.meeting_type_url("so-ket") == "loai-hoi-nghi/so-ket/"
    assert urls.meeting_type_url("../x") == "loai-hoi-nghi/x/"
    assert urls.child_url("dia-phuong/ha-noi/", "quan-long-bien") == "dia-phuong/ha-noi/quan-long-bien/"
    with pytest.raises(ValueError):
        urls.child_url("dia-phuong/", "..")


def test_pagination_urls() -> None:
    assert page_url("dia-phuong/ha-noi/", 1) == "dia-phuong/ha-noi/"
    assert page_url("dia-phuong/ha-noi/", 3) == "dia-phuong/ha-noi/trang/3/"
    assert page_url("", 2) == "trang/2/"
    with pytest.raises(ValueError):
        page_url("", 0)


@pytest.mark.parametrize(
    ("url", "path"),
    [("", "index.html"), ("bai-viet/x/", "bai-viet/x/index.html"), ("api/articles.json", "api/articles.json")],
)
def test_output_path(url: str, path: str) -> None:
    assert output_path(url) == path


@pytest.mark.parametrize(
    ("from_url", "to_url", "href"),
    [
        ("", "", "index.html"),
        ("", "dia-phuong/", "dia-phuong/index.html"),
        ("", "static/style.css", "static/style.css"),
        ("bai-viet/x/", "", "../../index.html"),
        ("bai-viet/x/", "static/style.css", "../../static/style.css"),
        ("bai-viet/x/", "nguon/000_a.txt", "../../nguon/000_a.txt"),
        ("bai-viet/x/", "bai-viet/x/", "index.html"),
        ("bai-viet/x/", "bai-viet/y/", "../y/index.html"),
        ("thoi-gian/2021/", "thoi-gian/2021/07/", "07/index.html"),
        ("thoi-gian/2021/07/", "thoi-gian/2021/", "../index.html"),
        ("dia-phuong/ha-noi/trang/2/", "dia-phuong/ha-noi/", "../../index.html"),
        ("dia-phuong/ha-noi/trang/2/", "dia-phuong/ha-noi/trang/3/", "../3/index.html"),
        ("bai-viet/x/", "#noi-dung", "#noi-dung"),
        ("", "thoi-gian/#y2021", "thoi-gian/index.html#y2021"),
        ("api/articles.json", "", "../index.html"),
    ],
)
def test_relative(from_url: str, to_url: str, href: str) -> None:
    assert relative(from_url, to_url) == href


_segment = st.sampled_from(["a", "b", "trang", "2021", "07"])


@given(st.lists(_segment, max_size=4), st.lists(_segment, max_size=4))
def test_relative_resolves_back_to_the_target(from_parts: list[str], to_parts: list[str]) -> None:
    from_url = "".join(p + "/" for p in from_parts)
    to_url = "".join(p + "/" for p in to_parts)
    href = relative(from_url, to_url)
    assert not href.startswith("/")
    resolved = posixpath.normpath(posixpath.join("/site", from_url, href))
    assert resolved == posixpath.normpath(posixpath.join("/site", output_path(to_url)))


@pytest.mark.parametrize(
    ("slug", "url"),
    [
        ("hoi-cuu-chien-binh", "to-chuc/hoi-cuu-chien-binh/"),
        ("Hội Khuyến học", "to-chuc/hoi-khuyen-hoc/"),
        ("trang", "to-chuc/trang-" + urls.short_hash("trang") + "/"),  # "trang/" is pagination
        ("con", "to-chuc/con-" + urls.short_hash("con") + "/"),
        ("", "to-chuc/to-chuc-" + urls.short_hash("") + "/"),
    ],
)
def test_organisation_url(slug: str, url: str) -> None:
    assert urls.organisation_url(slug) == url


def test_lookup_urls() -> None:
    assert urls.period_year_url(2021) == "ky-bao-cao/2021/"
    assert (urls.ORGANISATIONS, urls.PERIODS, urls.GLOSSARY, urls.REPORT, urls.API_REPORT) == (
        "to-chuc/", "ky-bao-cao/", "thuat-ngu/", "bao-cao/", "api/report.json")
    assert relative("bao-cao/", urls.API_REPORT) == "../api/report.json"
