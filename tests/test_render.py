"""Rendering a small hand-made archive: page paths, escaping, breadcrumbs, pagination,
template overrides and the JSON export."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from danvan_site.archive.groups import build_archive
from danvan_site.core.errors import BuildError
from danvan_site.core.models import Locality
from danvan_site.site.render import (
    Output,
    articles_json,
    field_label,
    format_number,
    mark_abbreviations,
    place_text,
    render_site,
)
from danvan_site.vn.sort import sort_key
from danvan_site.output.write import write_site
from site_samples import ABBR_PARAGRAPH, XSS, make_settings, sample_articles, write_corpus


def _build(tmp_path: Path, **changes: object) -> Path:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, **changes)
    write_site(render_site(build_archive(articles, settings), settings), settings.output)
    return settings.output


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _article_path(site: Path, word: str) -> str:
    matches = sorted(p.parent.name for p in (site / "bai-viet").glob(f"*{word}*/index.html"))
    assert len(matches) == 1, matches
    return f"bai-viet/{matches[0]}/index.html"


def test_every_page_kind_is_written(tmp_path: Path) -> None:
    site = _build(tmp_path)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    pages = [f for f in files if f.endswith(".html")]
    assert [f for f in files if not f.endswith(".html")] == [
        ".danvan-site",
        "api/articles.csv",
        "api/articles.json",
        "api/articles.sqlite",
        "api/thong-ke/so-lieu.csv",
        "api/thong-ke/theo-6-thang.csv",
        "api/thong-ke/theo-ky-bao-cao.csv",
        "api/thong-ke/theo-nam.csv",
        "api/thong-ke/theo-quy.csv",
        "dia-phuong/chua-ro-tinh/feed.xml",
        "dia-phuong/chua-ro-tinh/xa-hoang-tan/feed.xml",
        "dia-phuong/chua-xac-dinh/feed.xml",
        "dia-phuong/ha-noi/feed.xml",
        "dia-phuong/ha-noi/quan-dong-da/feed.xml",
        "dia-phuong/ha-noi/quan-long-bien/feed.xml",
        "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/feed.xml",
        "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/feed.xml",
        "feed.xml",
        "loai-hoi-nghi/giao-ban/feed.xml",
        "loai-hoi-nghi/lam-viec/feed.xml",
        "loai-hoi-nghi/so-ket/feed.xml",
        "loai-hoi-nghi/tong-ket/feed.xml",
        "nguon/000_gia-thuy.txt",
        "nguon/001_huyen.txt",
        "nguon/002_thi-xa.txt",
        "nguon/003_bo-de.txt",
        "nguon/004_dong-da.txt",
        "robots.txt",
        "static/favicon.svg",
        "static/search.css",
        "static/search.js",
        "static/style.css",
    ]
    for expected in [
        "index.html",
        "bai-viet/index.html",
        "dia-phuong/index.html",
        "dia-phuong/ha-noi/index.html",
        "dia-phuong/ha-noi/quan-long-bien/index.html",
        "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html",
        "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/index.html",
        "dia-phuong/ha-noi/quan-dong-da/index.html",
        "dia-phuong/chua-ro-tinh/index.html",
        "dia-phuong/chua-ro-tinh/xa-hoang-tan/index.html",
        "dia-phuong/chua-xac-dinh/index.html",
        "thoi-gian/index.html",
        "thoi-gian/2021/index.html",
        "thoi-gian/2021/07/index.html",
        "loai-hoi-nghi/index.html",
        "loai-hoi-nghi/so-ket/index.html",
        "nguoi/index.html",
        "to-chuc/index.html",
        "to-chuc/mat-tran-to-quoc/index.html",
        "ky-bao-cao/index.html",
        "ky-bao-cao/2020/index.html",
        "ky-bao-cao/2020/quy-iii-2020/index.html",
        "thuat-ngu/index.html",
        "tim-kiem/index.html",
        "thong-ke/index.html",
    ]:
        assert expected in pages, expected
    assert "bao-cao/index.html" not in pages  # only with a quality report
    # 1 home + 1 all + 9 places + 10 dates + 5 types + 7 people + 6 organisations + 6 periods
    # + 1 glossary + 1 statistics + 5 articles + 404.html
    assert len(pages) == 54  # and the search page
    assert len([p for p in pages if re.fullmatch(r"bai-viet/[a-z0-9-]+-[0-9a-f]{6}/index\.html", p)]) == 5


def test_raw_copies_are_byte_identical(tmp_path: Path) -> None:
    site = _build(tmp_path)
    assert (site / "nguon/000_gia-thuy.txt").read_bytes() == (tmp_path / "corpus/000_gia-thuy.txt").read_bytes()


def test_article_page_escapes_the_body_and_shows_the_facts(tmp_path: Path) -> None:
    site = _build(tmp_path)
    html = _page(site, _article_path(site, "gia-thuy"))
    assert XSS not in html
    assert "<p>Đoạn có mã độc &lt;script&gt;alert(1)&lt;/script&gt; &amp; ký tự đặc biệt.</p>" in html
    assert '<time datetime="2021-07-16T10:09:00+07:00">10:09, Thứ Sáu, 16/07/2021</time>' in html
    assert '<time datetime="2021-07-15">Thứ Năm, 15/07/2021</time> (buổi chiều)' in html
    assert ('<a href="../../dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html">'
            "Phường Gia Thụy, quận Long Biên, Hà Nội</a>") in html
    assert '<a href="../../loai-hoi-nghi/so-ket/index.html">Sơ kết</a>' in html
    assert ('<a href="../../ky-bao-cao/2021/6-thang-dau-nam-2021/index.html">6 tháng đầu năm 2021</a>'
            " (01/01/2021 – 30/06/2021)") in html
    assert '<span class="muted">(mã 00130)</span>' in html and "Nay là" not in html
    assert "<dd>1.234</dd>" in html
    assert '<span class="label">Tác giả:</span> Đào Tú Hoa' in html
    assert "Nguyễn Thành Biên</a> – Phó Bí thư thường trực Đảng ủy" in html
    assert "<code>0/637382914550614577446.png</code> – Quang cảnh hội nghị" in html
    assert "<img" not in html
    assert "a" * 64 in html
    assert '<a href="../../nguon/000_gia-thuy.txt">' in html


def test_pages_have_the_accessible_frame_and_no_external_resources(tmp_path: Path) -> None:
    site = _build(tmp_path)
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>\n<html lang=\"vi\">"), path
        assert '<meta charset="utf-8">' in html
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert '<a class="skip-link" href="#noi-dung">' in html and '<main id="noi-dung"' in html
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in html, (path, landmark)
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), path
        assert 'rel="stylesheet" href="' in html and "static/style.css" in html


def test_breadcrumbs(tmp_path: Path) -> None:
    site = _build(tmp_path)
    html = _page(site, "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html")
    crumbs = re.search(r'<nav class="breadcrumbs[^>]*>(.*?)</nav>', html, re.S)
    assert crumbs is not None
    assert re.findall(r"<li>(.*?)</li>", crumbs.group(1)) == [
        '<a href="../../../../index.html">Trang chủ</a>',
        '<a href="../../../index.html">Địa phương</a>',
        '<a href="../../index.html">Hà Nội</a>',
        '<a href="../index.html">Quận Long Biên</a>',
        '<span aria-current="page">Phường Gia Thụy</span>',
    ]
    article = _page(site, _article_path(site, "bo-de"))
    assert '<li><a href="../index.html">Tất cả bản tin</a></li>' in article


def test_image_without_file_name_shows_its_caption(tmp_path: Path) -> None:
    site = _build(tmp_path)
    html = _page(site, _article_path(site, "bo-de"))
    assert '<span class="muted">(không rõ tên tệp)</span> – Quang cảnh buổi làm việc' in html
    assert "None" not in html


def test_pagination_with_one_item_per_page(tmp_path: Path) -> None:
    site = _build(tmp_path, page_size=1)
    # parts counted from the oldest bulletin: the list's own page holds the newest, trang/4 the
    # second newest, trang/1 the oldest
    for n in range(1, 5):
        assert (site / f"bai-viet/trang/{n}/index.html").is_file()
    assert not (site / "bai-viet/trang/5/index.html").exists()
    assert (site / "dia-phuong/ha-noi/trang/2/index.html").is_file()
    assert not (site / "dia-phuong/ha-noi/trang/3/index.html").exists()
    assert (site / "nguoi/trang/6/index.html").is_file()  # alphabetical: numbered from the start
    second = _page(site, "bai-viet/trang/4/index.html")
    assert '<li class="first"><a href="../../index.html">« Mới nhất</a></li>' in second
    assert '<a href="../../index.html" rel="prev">‹ Mới hơn</a>' in second
    assert '<a href="../3/index.html" rel="next">Cũ hơn ›</a>' in second
    assert '<li class="last"><a href="../1/index.html">Cũ nhất »</a></li>' in second
    assert "Bản tin ngày 22/06/2022" in second
    assert "<title>Tất cả bản tin – ngày 22/06/2022 – Lưu trữ tin dân vận</title>" in second
    assert second.count('class="card"') == 1 and "Thường trực Thị ủy giao ban" in second
    oldest = _page(site, "bai-viet/trang/1/index.html")
    assert 'rel="next"' not in oldest and '<a href="../2/index.html" rel="prev">' in oldest
    newest = _page(site, "bai-viet/index.html")
    assert 'rel="prev"' not in newest and '<a href="trang/4/index.html" rel="next">Cũ hơn ›</a>' in newest


def test_home_page_lists_the_latest_and_every_grouping(tmp_path: Path) -> None:
    site = _build(tmp_path, latest_count=2)
    html = _page(site, "index.html")
    assert html.count('class="card"') == 2
    assert html.index("Quận Đống Đa làm việc") < html.index("Thường trực Thị ủy giao ban")
    for href in ["bai-viet/index.html", "dia-phuong/index.html", "thoi-gian/index.html",
                 "loai-hoi-nghi/index.html", "nguoi/index.html", "api/articles.json"]:
        assert f'href="{href}"' in html
    assert "<strong>5</strong> bản tin" in html
    assert "Xem tất cả 5 bản tin" in html


def test_home_page_without_latest_list(tmp_path: Path) -> None:
    html = _page(_build(tmp_path, latest_count=0), "index.html")
    assert "Bản tin mới nhất" not in html and "Chưa có bản tin nào" not in html
    assert 'class="card"' not in html


def test_user_templates_and_static_files_override_the_theme(tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    (custom / "static").mkdir(parents=True)
    (custom / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<p class="mine">{{ article.title }}|{{ article.body|join("|") }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    (custom / "static" / "style.css").write_text("body{color:#000}", encoding="utf-8")
    (custom / "static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    site = _build(tmp_path, templates=custom)
    html = _page(site, _article_path(site, "gia-thuy"))
    assert '<p class="mine">Đảng ủy phường Gia Thụy' in html
    assert "&lt;script&gt;" in html and XSS not in html  # autoescape applies to user templates too
    assert 'class="facts"' not in html  # the default article template was replaced
    assert 'class="breadcrumbs' in html  # base.html still comes from the theme
    assert (site / "static/style.css").read_text(encoding="utf-8") == "body{color:#000}"
    assert (site / "static/logo.svg").is_file()


def test_missing_user_template_folder_falls_back_to_the_theme(tmp_path: Path) -> None:
    site = _build(tmp_path, templates=tmp_path / "does-not-exist")
    assert 'class="facts"' in _page(site, _article_path(site, "gia-thuy"))


def test_broken_user_template_is_a_clear_build_error(tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "list.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"list\.html:2"):
        _build(tmp_path, templates=custom)


def test_source_outside_the_corpus_is_refused(tmp_path: Path) -> None:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    articles[0].source_file = "../secret.txt"
    settings = make_settings(tmp_path)
    with pytest.raises(BuildError, match="inside the corpus folder"):
        list(render_site(build_archive(articles, settings), settings))


def test_missing_source_file_is_a_build_error(tmp_path: Path) -> None:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles[1:])
    settings = make_settings(tmp_path)
    with pytest.raises(BuildError, match="003_bo-de.txt was not found"):
        list(render_site(build_archive(articles, settings), settings))


SPEC_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "source_file": (str,),
    "url": (str,),
    "title": (str,),
    "published": (str, type(None)),
    "event_date": (str, type(None)),
    "locality": (dict,),
    "meeting_type": (dict,),
    "period": (dict, type(None)),
    "author": (dict, type(None)),
    "views": (int, type(None)),
    "people": (list,),
    "body": (list,),
}


def test_json_export_follows_the_spec(tmp_path: Path) -> None:
    site = _build(tmp_path)
    raw = (site / "api/articles.json").read_text(encoding="utf-8")
    assert "Gia Thụy" in raw  # ensure_ascii=False
    data = json.loads(raw)
    assert list(data) == ["schema_version", "articles"]
    assert data["schema_version"] == 1
    records = data["articles"]
    assert [r["id"] for r in records] == ["004_dong-da", "002_thi-xa", "000_gia-thuy", "001_huyen", "003_bo-de"]
    for record in records:
        for name, types in SPEC_FIELDS.items():
            assert isinstance(record[name], types), (record["id"], name)
        assert set(record["locality"]) >= {"level", "name", "province"}
        assert set(record["meeting_type"]) == {"slug", "label"}
        assert all(isinstance(p["name"], str) and isinstance(p["roles"], list) for p in record["people"])
        assert all(isinstance(p, str) for p in record["body"])
        assert (site / record["url"] / "index.html").is_file()
        assert (site / record["raw_url"]).is_file()
    gia_thuy = records[2]
    assert gia_thuy["published"] == "2021-07-16T10:09:00+07:00"
    assert gia_thuy["event_date"] == "2021-07-15"
    assert gia_thuy["locality"]["name"] == "Gia Thụy" and gia_thuy["locality"]["province"] == "Hà Nội"
    assert gia_thuy["meeting_type"] == {"slug": "so-ket", "label": "sơ kết"}
    assert gia_thuy["period"] == {"label": "6 tháng đầu năm 2021", "start": "2021-01-01", "end": "2021-06-30"}
    assert gia_thuy["author"] == {"name": "Đào Tú Hoa", "role": None}
    assert gia_thuy["views"] == 1234
    assert records[3]["published"] == "2020-10-14" and records[3]["author"] is None


def test_output_is_deterministic(tmp_path: Path) -> None:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, page_size=2)

    def snapshot() -> list[tuple[str, bytes | None, str | None]]:
        outs = render_site(build_archive(sample_articles(), settings), settings)
        return [(o.path, o.content, str(o.source) if o.source else None) for o in outs]

    first = snapshot()
    assert first == snapshot()
    assert len({path for path, _, _ in first}) == len(first)


def test_articles_json_bytes_for_an_empty_archive() -> None:
    assert articles_json([]) == b'{"schema_version": 1, "articles": []}\n'


def test_articles_json_has_one_record_a_line() -> None:
    articles = sample_articles()
    raw = articles_json(articles).decode("utf-8")
    lines = raw.split("\n")
    assert lines[0] == '{"schema_version": 1, "articles": ['
    assert lines[-2:] == ["]}", ""]
    assert [json.loads(line.rstrip(",")) for line in lines[1:-2]] == [a.to_json() for a in articles]
    assert json.loads(raw)["articles"] == [a.to_json() for a in articles]


def test_output_needs_exactly_one_payload() -> None:
    with pytest.raises(ValueError):
        Output("x")
    with pytest.raises(ValueError):
        Output("x", content=b"", source=Path("y"))


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (159, "159"), (1234, "1.234"), (1234567, "1.234.567"),
                                             (3.5, "3,5"), (None, "")])
def test_format_number(value: int | float | None, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (Locality(level="phường", name="Gia Thụy", province="Hà Nội", district="quận Long Biên"),
         "phường Gia Thụy, quận Long Biên, Hà Nội"),
        (Locality(level="quận", name="Đống Đa", province="Hà Nội"), "quận Đống Đa, Hà Nội"),
        (Locality(level="huyện"), "huyện (chưa rõ tên)"),
        (Locality(level="thành phố", name="Hà Nội", province="Hà Nội"), "thành phố Hà Nội"),
        (Locality(), "Chưa xác định"),
    ],
)
def test_place_text(loc: Locality, text: str) -> None:
    assert place_text(loc) == text


# --- abbreviations and the glossary ----------------------------------------------------------


def test_article_paragraph_marks_up_abbreviations_after_escaping(tmp_path: Path) -> None:
    site = _build(tmp_path)
    html = _page(site, _article_path(site, "gia-thuy"))
    assert ABBR_PARAGRAPH.startswith("Thường trực MTTQ") and XSS in ABBR_PARAGRAPH
    assert (
        '<p>Thường trực <abbr title="Mặt trận Tổ quốc">MTTQ</abbr> và <abbr title="Ủy ban nhân dân">UBND</abbr>'
        " phường &lt;script&gt;alert(1)&lt;/script&gt; dự; "
        '<abbr title="Ủy ban Mặt trận Tổ quốc">UBMTTQ</abbr> &amp; <abbr title="Kinh tế - xã hội">KT-XH</abbr>,'
        " không phải MTTQX.</p>"
    ) in html
    assert XSS not in html
    # the title is not marked up, only body paragraphs
    assert "<h1>Đảng ủy phường Gia Thụy" in html


@pytest.mark.parametrize(
    ("text", "glossary", "html"),
    [
        ("MTTQ", {"MTTQ": "Mặt trận Tổ quốc"}, '<abbr title="Mặt trận Tổ quốc">MTTQ</abbr>'),
        ("UBMTTQ, MTTQVN; MTTQ.", {"MTTQ": "a", "MTTQVN": "b"}, 'UBMTTQ, <abbr title="b">MTTQVN</abbr>; <abbr title="a">MTTQ</abbr>.'),
        ("mttq", {"MTTQ": "a"}, "mttq"),  # case-sensitive, like the extractor
        ("KT-XH và KTXH-1", {"KT-XH": "a", "KTXH": "b"}, '<abbr title="a">KT-XH</abbr> và KTXH-1'),
        ("Đ/c Hà", {"Đ/c": "Đồng chí"}, '<abbr title="Đồng chí">Đ/c</abbr> Hà'),
        # the expansion is an attribute value: quotes and markup are escaped
        ('X "Y"', {"X": 'a "b" <i>'}, '<abbr title="a &#34;b&#34; &lt;i&gt;">X</abbr> &#34;Y&#34;'),
        # an abbreviation with markup characters is escaped like the text it is found in
        ("A&B <x>", {"A&B": "ab", "<x>": "tag"}, '<abbr title="ab">A&amp;B</abbr> <abbr title="tag">&lt;x&gt;</abbr>'),
        # nothing inside a character reference is taken for an abbreviation
        ("a & b < c", {"amp": "x", "lt": "y"}, "a &amp; b &lt; c"),
        ('"MTTQ"', {"MTTQ": "a", "34": "z"}, '&#34;<abbr title="a">MTTQ</abbr>&#34;'),
        ("<script>MTTQ</script>", {}, "&lt;script&gt;MTTQ&lt;/script&gt;"),
    ],
)
def test_mark_abbreviations(text: str, glossary: dict[str, str], html: str) -> None:
    assert str(mark_abbreviations(text, glossary)) == html


def test_glossary_page_in_vietnamese_alphabetical_order_with_counts(tmp_path: Path) -> None:
    site = _build(tmp_path)
    html = _page(site, "thuat-ngu/index.html")
    rows = re.findall(r'<tr(?: class="muted")?><th scope="row">([^<]+)</th><td>([^<]*)</td><td class="num">(\d+)</td></tr>',
                      html)
    abbrs = [a for a, _, _ in rows]
    assert len(abbrs) > 40 and len(set(abbrs)) == len(abbrs)
    assert abbrs == sorted(abbrs, key=sort_key)
    # đ after d, ă/â/ê/ô/ơ/ư after their base letter, digits and "-" before letters
    assert abbrs.index("CĐ") < abbrs.index("COVID-19") < abbrs.index("CTĐ")
    assert abbrs.index("DVK") < abbrs.index("Đ/c") < abbrs.index("ĐBQH") < abbrs.index("ĐU")
    assert abbrs.index("KT-XH") < abbrs.index("KTXH")
    counts = {a: (e, int(n)) for a, e, n in rows}
    assert counts["MTTQ"] == ("Mặt trận Tổ quốc", 2)
    assert counts["UBND"] == ("Ủy ban nhân dân", 1)
    assert counts["ATGT"][1] == 0
    assert '<tr class="muted"><th scope="row">ATGT</th>' in html
    assert '<li><a href="index.html" aria-current="page">Từ viết tắt</a></li>' in html


# --- organisations, periods, places ----------------------------------------------------------


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_organisation_index_and_pages(tmp_path: Path) -> None:
    site = _build(tmp_path)
    index = _page(site, "to-chuc/index.html")
    entries = re.findall(r'<li(?: class="muted")?>(?:<a href="([^"]+)">)?([^<]+?)(?:</a>)? <span class="count">\((\d+)\)',
                         index)
    # the data file's order; unused organisations without a page; one the data file lacks last
    assert entries[:6] == [
        ("mat-tran-to-quoc/index.html", "Mặt trận Tổ quốc Việt Nam", "3"),
        ("ban-dan-van/index.html", "Ban Dân vận", "2"),
        ("hoi-cuu-chien-binh/index.html", "Hội Cựu chiến binh", "1"),
        ("", "Hội Liên hiệp Phụ nữ", "0"),
        ("", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "0"),
        ("", "Hội Nông dân", "0"),
    ]
    assert ("uy-ban-nhan-dan/index.html", "Ủy ban nhân dân", "1") in entries
    assert entries[-1][1:] == ("Hội Khuyến học", "1") and re.fullmatch(r"hoi-khuyen-hoc-[0-9a-f]{6}/index.html", entries[-1][0])

    page = _page(site, "to-chuc/mat-tran-to-quoc/index.html")
    assert _titles(page) == [  # newest first
        "Quận Đống Đa làm việc với Ban Dân vận Thành ủy",
        "Đảng ủy phường Gia Thụy tổ chức sơ kết mô hình Dân vận khéo 6 tháng đầu năm 2021",
        "Ban thường vụ Đảng ủy phường Bồ Đề làm việc với Mặt trận Tổ quốc",
    ]
    crumbs = re.search(r'<nav class="breadcrumbs[^>]*>(.*?)</nav>', page, re.S)
    assert crumbs is not None and re.findall(r"<li>(.*?)</li>", crumbs.group(1)) == [
        '<a href="../../index.html">Trang chủ</a>',
        '<a href="../index.html">Tổ chức</a>',
        '<span aria-current="page">Mặt trận Tổ quốc Việt Nam</span>',
    ]
    article = _page(site, _article_path(site, "gia-thuy"))
    assert ('<li><a href="../../to-chuc/uy-ban-nhan-dan/index.html">Ủy ban nhân dân</a></li>\n'
            '      <li><a href="../../to-chuc/mat-tran-to-quoc/index.html">Mặt trận Tổ quốc Việt Nam</a></li>') in article


def test_organisation_pages_are_paginated(tmp_path: Path) -> None:
    site = _build(tmp_path, page_size=1)
    assert (site / "to-chuc/mat-tran-to-quoc/trang/2/index.html").is_file()
    assert not (site / "to-chuc/mat-tran-to-quoc/trang/3/index.html").exists()
    oldest = _page(site, "to-chuc/mat-tran-to-quoc/trang/1/index.html")
    assert _titles(oldest) == ["Ban thường vụ Đảng ủy phường Bồ Đề làm việc với Mặt trận Tổ quốc"]
    assert '<span aria-current="page">Ngày 10/07/2020</span>' in oldest


def test_period_index_groups_by_start_year_newest_first(tmp_path: Path) -> None:
    site = _build(tmp_path)
    index = _page(site, "ky-bao-cao/index.html")
    groups = re.findall(r'<h2><a href="(\d{4})/index.html">([^<]+)</a> <span class="count">\((\d+)\)</span></h2>'
                        r"\s*<ul class=\"node-links\">(.*?)</ul>", index, re.S)
    assert [(y, label, n) for y, label, n, _ in groups] == [("2021", "Các kỳ năm 2021", "1"), ("2020", "Các kỳ năm 2020", "2")]
    periods = [re.findall(r'<a href="([^"]+)">([^<]+)</a> <span class="muted">– ([^<]+)</span> <span class="count">\((\d+)\)',
                          body) for *_, body in groups]
    assert periods == [
        [("2021/6-thang-dau-nam-2021/index.html", "6 tháng đầu năm 2021", "từ 01/01/2021 đến 30/06/2021", "1")],
        [("2020/6-thang-cuoi-nam-2020/index.html", "6 tháng cuối năm 2020", "từ 01/07/2020 đến 31/12/2020", "1"),
         ("2020/quy-iii-2020/index.html", "Quý III/2020", "từ 01/07/2020 đến 30/09/2020", "1")],
    ]
    year = _page(site, "ky-bao-cao/2020/index.html")
    assert _titles(year) == [  # bulletins of the year's periods, newest first; none without a period
        "Tổng kết phong trào thi đua chào mừng 90 năm ngày truyền thống công tác dân vận",
        "Ban thường vụ Đảng ủy phường Bồ Đề làm việc với Mặt trận Tổ quốc",
    ]
    quarter = _page(site, "ky-bao-cao/2020/quy-iii-2020/index.html")
    assert _titles(quarter) == ["Tổng kết phong trào thi đua chào mừng 90 năm ngày truyền thống công tác dân vận"]
    assert '<p class="lead">Từ 01/07/2020 đến 30/09/2020</p>' in quarter
    crumbs = re.search(r'<nav class="breadcrumbs[^>]*>(.*?)</nav>', quarter, re.S)
    assert crumbs is not None and re.findall(r"<li>(.*?)</li>", crumbs.group(1)) == [
        '<a href="../../../index.html">Trang chủ</a>',
        '<a href="../../index.html">Kỳ báo cáo</a>',
        '<a href="../index.html">Các kỳ năm 2020</a>',
        '<span aria-current="page">Quý III/2020</span>',
    ]
    every_period_page = "".join(p.read_text(encoding="utf-8") for p in (site / "ky-bao-cao").rglob("*.html"))
    for title in ("Thường trực Thị ủy giao ban khối Dân vận", "Quận Đống Đa làm việc với Ban Dân vận Thành ủy"):
        assert f">{title}</a></h3>" not in every_period_page


def test_place_pages_show_code_successor_children_and_bulletins(tmp_path: Path) -> None:
    site = _build(tmp_path)
    ward = _page(site, "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/index.html")
    assert "<div><dt>Mã đơn vị hành chính</dt><dd><code>00139</code></dd></div>" in ward
    assert "<div><dt>Nay là</dt><dd>phường Bồ Đề, Hà Nội</dd></div>" in ward
    district = _page(site, "dia-phuong/ha-noi/quan-dong-da/index.html")
    assert "<code>006</code>" in district
    long_bien = _page(site, "dia-phuong/ha-noi/quan-long-bien/index.html")
    assert "Mã đơn vị hành chính" not in long_bien  # no bulletin is filed at the district itself
    assert '<h2 id="nhom-con">Xã, phường, thị trấn</h2>' in long_bien
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">', long_bien) == [
        ("phuong-bo-de/index.html", "Phường Bồ Đề"), ("phuong-gia-thuy/index.html", "Phường Gia Thụy"),
    ]
    assert len(_titles(long_bien)) == 2
    article = _page(site, _article_path(site, "bo-de"))
    assert "<span class=\"muted\">(mã 00139)</span><br>Nay là phường Bồ Đề, Hà Nội</dd>" in article


def test_every_page_has_the_lookup_row_and_footer_links(tmp_path: Path) -> None:
    site = _build(tmp_path)
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert '<nav class="site-nav site-nav-more" aria-label="Tra cứu thêm">' in html, path
        footer = html[html.index("<footer"):]
        for label in ("Tổ chức", "Kỳ báo cáo", "Từ viết tắt", "Dữ liệu dạng JSON"):
            assert f">{label}</a></li>" in footer, (path, label)
        assert "Báo cáo chất lượng" not in html  # no report was given
    home = _page(site, "index.html")
    assert '<a href="to-chuc/index.html"><strong>5</strong> tổ chức</a>' in home
    assert '<a href="ky-bao-cao/index.html"><strong>3</strong> kỳ báo cáo</a>' in home


@pytest.mark.parametrize(("name", "label"), [("locality.name", "tên địa phương"), ("locality", "địa phương"),
                                             ("locality.district", "quận/huyện"), ("period", "kỳ báo cáo"),
                                             ("something_new", "something_new")])
def test_field_label(name: str, label: str) -> None:
    assert field_label(name) == label
