"""Head tags for search engines and link previews: canonical links and Open Graph with a base URL
only, JSON-LD ``NewsArticle`` on bulletin pages, safe inside its script block."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BASE_URL, seed_settings
from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Author
from danvan_site.site.render import render_site
from danvan_site.site.seo import author_type, json_ld_script, news_article, page_meta, truncate_text
from danvan_site.output.write import write_site
from site_samples import make_settings, sample_articles, write_corpus

BASE = BASE_URL
S000_URL = "bai-viet/dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135/"
S004_URL = "bai-viet/ban-thuong-vu-quan-uy-dong-da-lam-viec-voi-ban-dan-van-quan-uy-mttq-va-cac-to-a56a8f/"
VN = timezone(timedelta(hours=7))


class _Head(HTMLParser):
    """The canonical links, meta properties and JSON-LD blocks of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: list[str] = []
        self.props: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")
        if tag == "meta" and a.get("property"):
            self.props.append((a["property"], a.get("content") or ""))
        if tag == "script":
            self._script = [] if a.get("type") == "application/ld+json" else None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _settings(out: Path, **extra):
    return seed_settings(out, **extra)


@pytest.fixture(scope="module")
def plain(plain_seed_site) -> Path:
    return plain_seed_site


@pytest.fixture(scope="module")
def based(based_seed_site) -> Path:
    return based_seed_site


@pytest.fixture(scope="module")
def export(plain) -> dict[str, dict]:
    data = json.loads((plain / "api/articles.json").read_text(encoding="utf-8"))
    return {a["url"]: a for a in data["articles"]}


def _page_url(site: Path, page: Path) -> str:
    return page.relative_to(site).as_posix()[: -len("index.html")]


def test_canonical_and_open_graph_on_every_page_with_a_base_url(based, export):
    pages = sorted(based.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        url = _page_url(based, page)
        h = head(page)
        assert h.canonical == [f"{BASE}/{url}"], url
        props = dict(h.props)
        assert len(props) == len(h.props), url  # no property twice
        assert props["og:url"] == f"{BASE}/{url}"
        assert props["og:locale"] == "vi_VN"
        assert props["og:site_name"] == "Lưu trữ tin dân vận"
        assert props["og:type"] == ("article" if url in export else "website")
        assert props["og:title"]
        assert props["og:description"]


def test_open_graph_of_a_bulletin_and_of_a_place(based, export):
    a = export[S000_URL]
    assert head(based / S000_URL / "index.html").props == [
        ("og:title", a["title"]),
        ("og:type", "article"),
        ("og:url", f"{BASE}/{S000_URL}"),
        ("og:description", a["summary"]),
        ("og:locale", "vi_VN"),
        ("og:site_name", "Lưu trữ tin dân vận"),
        ("article:published_time", "2021-07-16T10:09:00+07:00"),
        ("article:section", a["section"]),
        ("article:tag", "sơ kết"),
    ]
    assert head(based / "dia-phuong/ha-noi/quan-long-bien/index.html").props == [
        ("og:title", "Quận Long Biên"),
        ("og:type", "website"),
        ("og:url", f"{BASE}/dia-phuong/ha-noi/quan-long-bien/"),
        ("og:description", "2 bản tin công tác dân vận ở quận Long Biên, Hà Nội, mới nhất ngày 16/07/2021."),
        ("og:locale", "vi_VN"),
        ("og:site_name", "Lưu trữ tin dân vận"),
    ]
    home = head(based / "index.html")
    assert home.canonical == [f"{BASE}/"]
    assert dict(home.props)["og:description"] == (
        "Bản tin công tác dân vận, Mặt trận Tổ quốc và các đoàn thể ở cơ sở: 5 bản tin của 4 địa phương ở 1 tỉnh, "
        "thành phố, tra theo địa phương, thời gian, loại hội nghị và người được nhắc đến.")


# --- meta descriptions ---------------------------------------------------------------------------


class _Description(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.found.append(a.get("content") or "")


def description(path: Path) -> list[str]:
    parser = _Description()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.found


@pytest.mark.parametrize("which", ["plain", "based"])
def test_every_page_has_a_description_of_its_own(which, plain, based):
    """One <meta name="description"> on every page, never empty, at most 300 characters, and
    no two indexable pages share one (Lighthouse's SEO check; search engines show it)."""
    site = plain if which == "plain" else based
    seen: dict[str, str] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        rel = page.relative_to(site).as_posix()
        found = description(page)
        assert len(found) == 1, rel
        text = found[0]
        assert text.strip() and len(text) <= 300, rel
        if 'content="noindex"' in page.read_text(encoding="utf-8"):
            continue
        assert text not in seen, (rel, seen.get(text))
        seen[text] = rel


def test_descriptions_say_what_each_page_lists(plain, export):
    assert description(plain / "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html") == [
        "1 bản tin công tác dân vận ở phường Gia Thụy, quận Long Biên, Hà Nội, mới nhất ngày 16/07/2021."]
    assert description(plain / "loai-hoi-nghi/so-ket/index.html") == [
        "1 bản tin về sơ kết trong công tác dân vận, mới nhất ngày 16/07/2021."]
    assert description(plain / "thoi-gian/2021/07/index.html") == [
        "1 bản tin công tác dân vận tháng 7/2021, mới nhất ngày 16/07/2021."]
    assert description(plain / "tim-kiem/index.html") == [
        "Tìm trong 5 bản tin dân vận theo từ khóa, gõ có dấu hoặc không dấu; lọc theo tỉnh, quận, huyện, xã, "
        "phường, loại hội nghị và năm."]
    assert description(plain / "bai-viet/index.html")[0].startswith("Tất cả 5 bản tin công tác dân vận")
    person = description(plain / "nguoi/nguyen-thanh-bien-361ce2/index.html")[0]
    assert person.startswith("Nguyễn Thành Biên được nêu tên trong ") and "chức vụ được nêu: " in person
    # a bulletin: its lead, as in the JSON-LD
    assert description(plain / S000_URL / "index.html") == [export[S000_URL]["summary"]]


def test_a_description_without_a_site_description(tmp_path):
    """The site's own description is optional: the pages still describe themselves."""
    from danvan_site.build.pipeline import build

    out = tmp_path / "site"
    build(_settings(out, description=""))
    home = description(out / "index.html")[0]
    assert home.startswith("Lưu trữ tin dân vận: 5 bản tin của 4 địa phương")
    assert description(out / "tim-kiem/index.html")[0].startswith("Tìm trong 5 bản tin")


def test_page_description_names_the_page_of_a_list():
    from types import SimpleNamespace

    from danvan_site.archive.groups import Node
    from danvan_site.site.seo import page_description

    node = Node(kind="meeting_type", key="so-ket", label="sơ kết", url="loai-hoi-nghi/so-ket/")
    assert page_description(node.url, "x", node=node) == "0 bản tin về sơ kết trong công tác dân vận."
    second = SimpleNamespace(number=2, total=3)
    assert page_description(node.url, "x", node=node, pager=second).endswith("dân vận. Trang 2/3.")
    labelled = SimpleNamespace(number=2, total=3, label="từ 01/01/2021 đến 30/06/2021")
    assert page_description(node.url, "x", node=node, pager=labelled).endswith(
        "dân vận. Từ 01/01/2021 đến 30/06/2021.")
    assert page_description("khac/", "Trang khác", site_title="S") == "Trang khác – S."


def test_root_path():
    from danvan_site.site.seo import root_path

    assert root_path("") == "/"
    assert root_path("https://example.org") == "/"
    assert root_path("https://example.org/luu-tru") == "/luu-tru"
    assert root_path("https://example.org/a/b/") == "/a/b"


# --- 404.html at any depth -----------------------------------------------------------------------


@pytest.mark.parametrize("which, prefix", [("plain", "/"), ("based", "/luu-tru/")])
def test_not_found_page_links_are_root_relative(which, prefix, plain, based):
    """A server shows 404.html for a missing address at any depth ("/a/b/c/"), where a relative
    link would be read against that address: every link and the style sheet are root-relative,
    under the base URL's path, and lead to files of the site."""
    site = plain if which == "plain" else based
    html = (site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert f'<link rel="stylesheet" href="{prefix}static/style.css">' in html
    assert f'<a href="{prefix}">Về trang chủ</a>' in html
    for link in links:
        if link.startswith("#"):
            continue  # the skip link
        assert link.startswith(prefix), link
        rest = link[len(prefix):].split("#")[0]
        target = site / rest
        assert (target / "index.html").is_file() if (rest == "" or rest.endswith("/")) else target.is_file(), link
    assert "https://" not in html.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in html
    assert ("thư mục gốc của trang" in html) is (which == "plain")  # the note when the path is a guess


def test_no_canonical_or_open_graph_without_a_base_url(plain):
    for page in sorted(plain.rglob("*.html")):
        h = head(page)
        assert h.canonical == [] and h.props == [], page
        html = page.read_text(encoding="utf-8")
        assert "https://" not in html.split("</head>")[0].replace('"https://schema.org"', ""), page


def test_json_ld_on_bulletin_pages_only(plain, based, export):
    for site in (plain, based):
        for page in sorted(site.rglob("*.html")):
            scripts = head(page).scripts
            url = _page_url(site, page) if page.name == "index.html" else None
            assert len(scripts) == (1 if url in export else 0), page
            if scripts:
                data = json.loads(scripts[0])
                assert data["@type"] == "NewsArticle" and data["headline"] == export[url]["title"]
                assert ("url" in data) is (site == based)
                assert ("mainEntityOfPage" in data) is (site == based)


def test_news_article_of_a_seed(based, plain, export):
    a = export[S000_URL]
    data = json.loads(head(based / S000_URL / "index.html").scripts[0])
    expected = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": f"{BASE}/{S000_URL}",
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{BASE}/{S000_URL}"},
        "headline": a["title"],
        "description": a["summary"],
        "datePublished": "2021-07-16T10:09:00+07:00",
        "author": {"@type": "Person", "name": "Đào Tú Hoa", "jobTitle": a["author"]["role"]},
        "publisher": {"@type": "Organization", "name": "Lưu trữ tin dân vận", "url": f"{BASE}/"},
        "inLanguage": "vi",
        "contentLocation": {
            "@type": "Place",
            "name": "phường Gia Thụy, quận Long Biên, Hà Nội",
            "address": {"@type": "PostalAddress", "addressCountry": "VN", "addressLocality": "phường Gia Thụy",
                        "addressRegion": "Hà Nội"},
            "identifier": a["locality"]["code"],
        },
        "about": {"@type": "Thing", "name": "sơ kết"},
        "articleSection": a["section"],
        "keywords": ["sơ kết", "phường Gia Thụy, quận Long Biên, Hà Nội", *a["organisations"]],
        "mentions": [{"@type": "Person", "name": p["name"], "jobTitle": "; ".join(p["roles"])} for p in a["people"]],
        "wordCount": a["word_count"],
        "isBasedOn": f"{BASE}/{a['raw_url']}",
    }
    assert data == expected
    without = json.loads(head(plain / S000_URL / "index.html").scripts[0])
    for key in ("url", "mainEntityOfPage", "isBasedOn"):
        expected.pop(key)
    expected["publisher"].pop("url")
    assert without == expected


def test_a_byline_naming_a_body_is_an_organisation(plain):
    data = json.loads(head(plain / S004_URL / "index.html").scripts[0])
    assert data["author"] == {"@type": "Organization", "name": "Quận Đống Đa"}
    assert [author_type(n) for n in ("Đào Tú Hoa", "Quận Đống Đa", "Ban Dân vận Huyện uỷ", "Đoàn Thị Hương",
                                     "Quan Văn Hải", "UBND phường Gia Thụy", "Hội LHPN xã")] == [
        "Person", "Organization", "Organization", "Person", "Person", "Organization", "Organization",
    ]


def test_json_ld_cannot_close_its_script_block(tmp_path):
    articles = sample_articles()
    target = articles[1]
    target.title = "Tiêu đề </script><script>alert(1)</script> & <!-- x\u2028"
    target.summary = "Tóm tắt </SCRIPT> kết"
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, base_url=BASE)
    archive = build_archive(articles, settings)
    write_site(render_site(archive, settings), settings.output)
    page = settings.output / target.url / "index.html"
    html = page.read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!-- x\\u2028" in block
    assert "\\u003c/SCRIPT\\u003e kết" in block
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["headline"] == "Tiêu đề </script><script>alert(1)</script> & <!-- x\u2028"
    assert data["description"] == "Tóm tắt </SCRIPT> kết"
    assert head(page).scripts == [block]  # one block, not cut short
    assert html.count("<script") == 1  # the title's "<script>" is text everywhere else
    props = dict(head(page).props)
    assert props["og:title"] == target.title  # attribute-escaped, read back intact


def test_json_ld_script_escaping():
    assert str(json_ld_script({"a": "</script>&<!--\u2029"})) == (
        '{\n "a": "\\u003c/script\\u003e\\u0026\\u003c!--\\u2029"\n}'
    )
    assert json.loads(str(json_ld_script({"a": "</script>&"}))) == {"a": "</script>&"}


def test_page_meta_without_base_url_has_only_json_ld():
    article = sample_articles()[0]
    meta = page_meta(article.url, article.title, site_title="S", article=article)
    assert meta.canonical is None and meta.og == [] and meta.json_ld is not None
    assert page_meta("", "S", site_title="S").json_ld is None
    blocked = page_meta("404.html", "x", site_title="S", base_url=BASE, indexable=False)
    assert blocked.canonical is None and blocked.og == [] and blocked.noindex


def test_news_article_without_author_place_or_date():
    article = sample_articles()[1]
    article.author, article.published, article.event_date = None, None, None
    article.locality.name = article.locality.province = article.locality.district = None
    article.people, article.section, article.word_count = [], None, 0
    data = news_article(article, site_title="S")
    assert set(data) == {"@context", "@type", "headline", "publisher", "inLanguage", "about", "keywords"}
    article.author = Author("Ban Tuyên giáo")
    article.published = datetime(2024, 1, 2, 3, 4, tzinfo=VN)
    data = news_article(article, site_title="S")
    assert data["author"] == {"@type": "Organization", "name": "Ban Tuyên giáo"}
    assert data["datePublished"] == "2024-01-02T03:04:00+07:00"


def test_truncate_text():
    assert truncate_text("một  hai\nba") == "một hai ba"
    assert truncate_text("một hai ba bốn", 9) == "một hai…"
    assert truncate_text("x" * 20, 5) == "xxxx…"
