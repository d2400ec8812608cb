"""Rendering a small hand-made archive: page paths, escaping, breadcrumbs, pagination,
template overrides and the JSON export."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from danvan_site.archive import build_archive
from danvan_site.errors import BuildError
from danvan_site.models import Locality
from danvan_site.render import Output, articles_json, format_number, place_text, render_site
from danvan_site.write import write_site
from site_samples import XSS, make_settings, sample_articles, write_corpus


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
        "api/articles.json",
        "nguon/000_gia-thuy.txt",
        "nguon/001_huyen.txt",
        "nguon/002_thi-xa.txt",
        "nguon/003_bo-de.txt",
        "nguon/004_dong-da.txt",
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
    ]:
        assert expected in pages, expected
    assert "bao-cao/index.html" not in pages  # only with a quality report
    # 1 home + 1 all + 9 places + 10 dates + 5 types + 7 people + 6 organisations + 6 periods
    # + 1 glossary + 5 articles
    assert len(pages) == 51
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
            "phường Gia Thụy, quận Long Biên, Hà Nội</a>") in html
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
    for n in range(2, 6):
        assert (site / f"bai-viet/trang/{n}/index.html").is_file()
    assert not (site / "bai-viet/trang/6/index.html").exists()
    assert not (site / "bai-viet/trang/1/index.html").exists()
    assert (site / "dia-phuong/ha-noi/trang/3/index.html").is_file()
    assert not (site / "dia-phuong/ha-noi/trang/4/index.html").exists()
    assert (site / "nguoi/trang/6/index.html").is_file()
    page2 = _page(site, "bai-viet/trang/2/index.html")
    assert '<a href="../../index.html" rel="prev">‹ Trang trước</a>' in page2
    assert '<a href="../3/index.html" rel="next">Trang sau ›</a>' in page2
    assert '<span aria-current="page"><span class="visually-hidden">Trang </span>2</span>' in page2
    assert "Trang 2/5 · bản tin 2–2 trong 5" in page2
    assert "<title>Tất cả bản tin – Trang 2 – Lưu trữ tin dân vận</title>" in page2
    # page 2 lists the second newest bulletin only
    assert page2.count('class="card"') == 1 and "Thường trực Thị ủy giao ban" in page2
    last = _page(site, "bai-viet/trang/5/index.html")
    assert 'rel="next"' not in last and '<a href="../4/index.html" rel="prev">' in last


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
    assert articles_json([]) == b'{\n "schema_version": 1,\n "articles": []\n}\n'


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
