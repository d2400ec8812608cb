"""A full build of the shipped corpus (the five seeds) into a temporary folder, through
``pipeline.build``: the files written, the pages and their contents, the groupings, pagination,
the JSON export, the links, and URL stability when a bulletin is added."""
from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from datetime import date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, seed_settings
from danvan_site.build.pipeline import build
from danvan_site.vn.text import tone_key
from linkcheck import check_links

GOLD = yaml.safe_load((Path(__file__).parent / "data" / "seeds_gold.yaml").read_text(encoding="utf-8"))

S000 = "000_889518c93afc39ce"
S001 = "001_fbc40ca82c7a5395"
S002 = "002_3766498ac55aaad5"
S003 = "003_9d20f8220b7ddb70"
S004 = "004_63b62a890c848497"

# Article URLs are a promise: they depend only on each bulletin's title and file name.
ARTICLE_URLS = {
    S000: "bai-viet/dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135/",
    S001: "bai-viet/tong-ket-phong-trao-thi-dua-chao-mung-90-nam-ngay-truyen-thong-cong-tac-dan-van-f653e2/",
    S002: "bai-viet/thuong-truc-thi-uy-giao-ban-khoi-dan-van-danh-gia-ket-qua-thuc-hien-quy-che-dan-a67e7d/",
    S003: "bai-viet/ban-thuong-vu-dang-uy-phuong-bo-de-lam-viec-voi-mat-tran-to-quoc-va-cac-doan-the-c951a6/",
    S004: "bai-viet/ban-thuong-vu-quan-uy-dong-da-lam-viec-voi-ban-dan-van-quan-uy-mttq-va-cac-to-a56a8f/",
}
NEWEST_FIRST = [S004, S002, S000, S001, S003]

PEOPLE_PAGES = {
    "nguoi/dinh-truong-tho-288cde/index.html",
    "nguoi/le-tuan-dinh-8c7aa5/index.html",
    "nguoi/luu-thanh-phuong-c8f4e5/index.html",
    "nguoi/nguyen-anh-cuong-1c7c12/index.html",
    "nguoi/nguyen-ngoc-quang-7157e3/index.html",
    "nguoi/nguyen-thanh-bien-361ce2/index.html",
    "nguoi/nguyen-van-bac-920da0/index.html",
    "nguoi/pham-le-hung-2bd740/index.html",
    "nguoi/tran-van-thang-fa4e90/index.html",
}

# Every file of the site but the article and people pages (listed above).
STRUCTURE = {
    ".danvan-site",
    "index.html",
    "api/articles.json",
    "static/style.css",
    "bai-viet/index.html",
    "dia-phuong/index.html",
    "dia-phuong/chua-xac-dinh/index.html",
    "dia-phuong/ha-noi/index.html",
    "dia-phuong/ha-noi/quan-dong-da/index.html",
    "dia-phuong/ha-noi/quan-long-bien/index.html",
    "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/index.html",
    "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html",
    "thoi-gian/index.html",
    "thoi-gian/2020/index.html",
    "thoi-gian/2020/07/index.html",
    "thoi-gian/2020/10/index.html",
    "thoi-gian/2021/index.html",
    "thoi-gian/2021/07/index.html",
    "thoi-gian/2022/index.html",
    "thoi-gian/2022/06/index.html",
    "thoi-gian/2023/index.html",
    "thoi-gian/2023/07/index.html",
    "loai-hoi-nghi/index.html",
    "loai-hoi-nghi/giao-ban/index.html",
    "loai-hoi-nghi/lam-viec/index.html",
    "loai-hoi-nghi/so-ket/index.html",
    "loai-hoi-nghi/tong-ket/index.html",
    "nguoi/index.html",
} | {f"nguon/{i}.txt" for i in ARTICLE_URLS}
# The machine-readable files: the CSV export, robots.txt, the 404 page and the Atom feeds (the
# whole archive, every place, every meeting type). No sitemap without a base URL.
MACHINE_FILES = {"api/articles.csv", "api/articles.sqlite", "robots.txt", "404.html", "feed.xml"} | {
    f"api/thong-ke/{name}.csv" for name in ("theo-quy", "theo-6-thang", "theo-nam", "theo-ky-bao-cao", "so-lieu")}
FEEDS = {
    "feed.xml",
    "dia-phuong/chua-xac-dinh/feed.xml",
    "dia-phuong/ha-noi/feed.xml",
    "dia-phuong/ha-noi/quan-dong-da/feed.xml",
    "dia-phuong/ha-noi/quan-long-bien/feed.xml",
    "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/feed.xml",
    "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/feed.xml",
    "loai-hoi-nghi/giao-ban/feed.xml",
    "loai-hoi-nghi/lam-viec/feed.xml",
    "loai-hoi-nghi/so-ket/feed.xml",
    "loai-hoi-nghi/tong-ket/feed.xml",
}
STRUCTURE |= MACHINE_FILES | FEEDS

SPEC_LEVELS = {"xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh"}
SPEC_MEETING_TYPES = {
    "so-ket": "sơ kết", "tong-ket": "tổng kết", "giao-ban": "giao ban", "lam-viec": "làm việc",
    "hoi-nghi": "hội nghị", "doi-thoai": "đối thoại", "tap-huan": "tập huấn", "ky-niem": "kỷ niệm",
    "trien-khai": "triển khai", "tuyen-duong": "tuyên dương", "kiem-tra-giam-sat": "kiểm tra giám sát",
    "dai-hoi": "đại hội", "tiep-xuc-cu-tri": "tiếp xúc cử tri", "phat-dong": "phát động", "khac": "khác",
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?")


# --- helpers ----------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Visible text, every <a> (href, text) and the breadcrumb trail of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.crumbs: list[tuple[str | None, str]] = []
        self._href: str | None = None
        self._a_text: list[str] = []
        self._in_a = False
        self._nav_depth = 0  # > 0 inside <nav class="breadcrumbs">
        self._li: list[str] | None = None
        self._li_href: str | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "nav":
            if self._nav_depth or "breadcrumbs" in (a.get("class") or "").split():
                self._nav_depth += 1
        if tag == "li" and self._nav_depth:
            self._li, self._li_href = [], None
        if tag == "a":
            self._in_a, self._href, self._a_text = True, a.get("href"), []
            if self._li is not None:
                self._li_href = a.get("href")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag == "a" and self._in_a:
            self.links.append((self._href or "", " ".join("".join(self._a_text).split())))
            self._in_a = False
        if tag == "li" and self._li is not None:
            self.crumbs.append((self._li_href, " ".join("".join(self._li).split())))
            self._li = None
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_a:
            self._a_text.append(data)
        if self._li is not None:
            self._li.append(data)


def read_page(site: Path, rel: str) -> _Page:
    parser = _Page()
    parser.feed((site / rel).read_text(encoding="utf-8"))
    parser.close()
    parser.plain = " ".join(unescape(" ".join(parser.text)).split())  # type: ignore[attr-defined]
    return parser


def resolve(page_rel: str, href: str) -> str:
    """The site-relative file a relative href on ``page_rel`` leads to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), href.split("#")[0]))


def article_links(site: Path, rel: str) -> list[str]:
    """Ids of the articles a page links to, in order of first link."""
    by_file = {url + "index.html": i for i, url in ARTICLE_URLS.items()}
    found: list[str] = []
    for href, _ in read_page(site, rel).links:
        target = by_file.get(resolve(rel, href))
        if target and target not in found:
            found.append(target)
    return found


def all_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


# The parts of the site this file pins down exactly; other groupings may be added beside them.
SECTIONS = ("bai-viet/", "dia-phuong/", "thoi-gian/", "loai-hoi-nghi/", "nguoi/", "nguon/")
FIXED_FILES = {".danvan-site", "index.html", "api/articles.json", "static/style.css"} | MACHINE_FILES


def pinned(files: set[str]) -> set[str]:
    return {f for f in files if f.startswith(SECTIONS) or f in FIXED_FILES}


def _settings(corpus: Path, out: Path, **extra):
    return seed_settings(out, corpus, **extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "site"
    result = build(_settings(CORPUS, out))
    return out, result


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def export(site) -> dict:
    return json.loads((site / "api" / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_id(export) -> dict[str, dict]:
    return {a["id"]: a for a in export["articles"]}


# --- the files ---------------------------------------------------------------------------------


def test_build_result(built):
    out, result = built
    assert result.written is True
    assert result.output == out
    assert result.collected.files == 5
    assert len(result.collected.articles) == 5
    assert result.collected.rejected == []
    assert len(result.diagnostics) == 0
    generated = [f for f in all_files(out) if f.endswith((".html", ".json", ".xml", ".csv", ".sqlite")) or f == "robots.txt"]
    generated = [f for f in generated if not f.startswith("pagefind/")]  # the search index counts as files
    assert result.pages == len(generated)  # every page, the exports, the feeds and robots.txt
    assert result.files == len(all_files(out)) - len(generated) - 1  # raw copies, static files (not the marker)
    # 40 HTML pages (404.html included), api/articles.json, .csv and .sqlite, the 5 report tables
    # (api/thong-ke/), 11 feeds, robots.txt
    assert len(pinned(set(generated))) == 60  # see test_exact_files


def test_exact_files(site):
    expected = STRUCTURE | PEOPLE_PAGES | {url + "index.html" for url in ARTICLE_URLS.values()}
    assert pinned(all_files(site)) == expected
    assert {f for f in all_files(site) if f.startswith("nguon/")} == {f"nguon/{i}.txt" for i in ARTICLE_URLS}
    assert len([f for f in expected if f.endswith((".html", ".json"))]) == 41


def test_no_temporary_folders_left(site):
    # Beside the site only the working folder (tests/conftest.py puts it there): its cache and the
    # spare copy the next build brings up to date, the same files as the site (hard links).
    assert sorted(p.name for p in site.parent.iterdir()) == [".danvan", "site"]
    [spare] = (site.parent / ".danvan" / "spare").glob("site-*")  # <name>-<8 hex of its path>
    assert all_files(spare) == all_files(site)
    assert all((spare / f).stat().st_ino == (site / f).stat().st_ino for f in all_files(site) if f != ".danvan-site")


def test_urls_are_ascii(site, export):
    for rel in all_files(site):
        assert rel.isascii() and re.fullmatch(r"[a-z0-9._/-]+", rel), rel
    for a in export["articles"]:
        assert re.fullmatch(r"bai-viet/[a-z0-9-]+/", a["url"]), a["url"]
    for page in site.rglob("*.html"):
        for href, _ in read_page(site, page.relative_to(site).as_posix()).links:
            assert href.isascii(), (page, href)


def test_every_page_is_vietnamese(site):
    pages = sorted(site.rglob("*.html"))
    assert {p.relative_to(site).as_posix() for p in pages} >= {f for f in STRUCTURE if f.endswith(".html")}
    assert len(pinned({p.relative_to(site).as_posix() for p in pages})) == 40
    for page in pages:
        head = page.read_text(encoding="utf-8")[:300]
        assert head.startswith("<!DOCTYPE html>"), page
        assert '<html lang="vi"' in head, page


def test_link_check_finds_nothing_broken(site):
    assert check_links(site) == []


# --- home and article pages ------------------------------------------------------------------


def test_home_lists_the_five_titles_newest_first(site):
    home = read_page(site, "index.html")
    titles = {GOLD[f"{i}.txt"]["title"]: i for i in ARTICLE_URLS}
    linked = [(resolve("index.html", href), text) for href, text in home.links if text in titles]
    assert [text for _, text in linked] == [GOLD[f"{i}.txt"]["title"] for i in NEWEST_FIRST]
    for target, text in linked:
        assert target == ARTICLE_URLS[titles[text]] + "index.html"
    assert article_links(site, "index.html") == NEWEST_FIRST
    for root in ("bai-viet", "dia-phuong", "thoi-gian", "loai-hoi-nghi", "nguoi"):
        assert f"{root}/index.html" in {resolve("index.html", h) for h, _ in home.links}


def _vn_date(value) -> str:
    return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y")


@pytest.mark.parametrize("ident", sorted(ARTICLE_URLS))
def test_article_page(site, by_id, ident):
    gold = GOLD[f"{ident}.txt"]
    record = by_id[ident]
    rel = ARTICLE_URLS[ident] + "index.html"
    assert record["url"] == ARTICLE_URLS[ident]
    page = read_page(site, rel)
    html = (site / rel).read_text(encoding="utf-8")
    text = page.plain

    assert re.search(r"<h1[^>]*>\s*" + re.escape(_escape(gold["title"])) + r"\s*</h1>", html), html[:2000]
    assert _vn_date(gold["published"]) in text
    assert _vn_date(gold["event_date"]) in text
    # locality: the named place (or its level when the name is unknown), linked to its page
    loc = record["locality"]
    if loc["name"]:
        assert f"{loc['level']} {loc['name']}" in text
    else:
        level = gold["locality_level"]
        assert f"{level[:1].upper()}{level[1:]} (chưa rõ tên)" in text  # a label on its own: a capital
    if loc["province"]:
        assert loc["province"] in text
    # meeting type: a link to its grouping page, labelled with the vocabulary's label
    slug = record["meeting_type"]["slug"]
    mt_links = [t for h, t in page.links if resolve(rel, h) == f"loai-hoi-nghi/{slug}/index.html"]
    assert [t.casefold() for t in mt_links] == [gold["meeting_type"]]
    assert gold["period"] in text
    for person in gold["people"]:
        assert person in text
    assert gold["author"] in text
    raw = (CORPUS / f"{ident}.txt").read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    assert record["sha256"] == digest
    assert digest in text
    # the raw copy: linked from the page, byte for byte the source file
    raw_links = [resolve(rel, h) for h, _ in page.links if h.endswith(".txt")]
    assert raw_links == [f"nguon/{ident}.txt"]
    assert (site / raw_links[0]).read_bytes() == raw
    assert f"{ident}.txt" in text  # the source file is named
    # breadcrumbs: home > all bulletins > this bulletin
    assert [t for _, t in page.crumbs] == ["Trang chủ", "Tất cả bản tin", gold["title"]]
    assert [resolve(rel, h) if h else None for h, _ in page.crumbs] == ["index.html", "bai-viet/index.html", None]


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def test_seed_000_page_by_hand(site):
    rel = ARTICLE_URLS[S000] + "index.html"
    text = read_page(site, rel).plain
    assert "16/07/2021" in text
    assert "15/07/2021" in text
    assert "Phường Gia Thụy, quận Long Biên, Hà Nội" in text
    assert "Nguyễn Thành Biên – Phó Bí thư thường trực Đảng ủy; Phó trưởng Ban chỉ đạo QCDC; Trưởng khối Dân vận" in text
    assert "Đào Tú Hoa (Cán bộ Văn phòng ĐU)" in text
    assert "35c7e6f2753e3a43a8a0505530ee185fff17ef7c9c62d1cda59d8aa0849ebb99" in text


# --- groupings ---------------------------------------------------------------------------------


def test_locality_pages(site, by_id):
    assert article_links(site, "dia-phuong/ha-noi/index.html") == [S004, S000, S003]
    assert article_links(site, "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html") == [S000]
    assert article_links(site, "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/index.html") == [S003]
    assert article_links(site, "dia-phuong/ha-noi/quan-long-bien/index.html") == [S000, S003]
    assert article_links(site, "dia-phuong/ha-noi/quan-dong-da/index.html") == [S004]
    gia_thuy = read_page(site, "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html")
    assert gia_thuy.crumbs[-1][1] == "Phường Gia Thụy"
    assert [t for _, t in gia_thuy.crumbs] == ["Trang chủ", "Địa phương", "Hà Nội", "Quận Long Biên", "Phường Gia Thụy"]


def test_unknown_locality_node(site, by_id):
    """Bulletins whose locality names no place (seed 001: 'huyện', no name) sit in 'Chưa xác định'."""
    unknown = set(article_links(site, "dia-phuong/chua-xac-dinh/index.html"))
    no_place = {i for i, a in by_id.items()
                if not (a["locality"]["name"] or a["locality"]["province"] or a["locality"]["district"])}
    assert unknown == no_place
    assert S001 in unknown
    assert by_id[S001]["locality"]["name"] is None
    # seed 002 may be resolved to thị xã Quảng Yên (Quảng Ninh); until then it is unknown too
    assert (S002 in unknown) == (by_id[S002]["locality"]["name"] is None)
    page = read_page(site, "dia-phuong/chua-xac-dinh/index.html")
    assert [t for _, t in page.crumbs] == ["Trang chủ", "Địa phương", "Chưa xác định"]
    assert article_links(site, "dia-phuong/index.html") == []  # the root lists places, not bulletins
    root_links = {resolve("dia-phuong/index.html", h) for h, _ in read_page(site, "dia-phuong/index.html").links}
    assert "dia-phuong/chua-xac-dinh/index.html" in root_links
    assert "dia-phuong/ha-noi/index.html" in root_links


def test_date_pages(site):
    assert article_links(site, "thoi-gian/2021/07/index.html") == [S000]
    assert article_links(site, "thoi-gian/2021/index.html") == [S000]
    assert article_links(site, "thoi-gian/2020/index.html") == [S001, S003]
    assert article_links(site, "thoi-gian/2020/10/index.html") == [S001]
    assert article_links(site, "thoi-gian/2020/07/index.html") == [S003]
    assert article_links(site, "thoi-gian/2022/06/index.html") == [S002]
    assert article_links(site, "thoi-gian/2023/07/index.html") == [S004]
    year = read_page(site, "thoi-gian/2021/index.html")
    assert "thoi-gian/2021/07/index.html" in {resolve("thoi-gian/2021/index.html", h) for h, _ in year.links}
    month = read_page(site, "thoi-gian/2021/07/index.html")
    assert [t for _, t in month.crumbs] == ["Trang chủ", "Thời gian", "Năm 2021", "Tháng 7/2021"]


def test_meeting_type_pages(site):
    assert article_links(site, "loai-hoi-nghi/lam-viec/index.html") == [S004, S003]
    assert article_links(site, "loai-hoi-nghi/so-ket/index.html") == [S000]
    assert article_links(site, "loai-hoi-nghi/tong-ket/index.html") == [S001]
    assert article_links(site, "loai-hoi-nghi/giao-ban/index.html") == [S002]
    page = read_page(site, "loai-hoi-nghi/lam-viec/index.html")
    assert [t.casefold() for _, t in page.crumbs] == ["trang chủ", "loại hội nghị", "làm việc"]


def test_all_bulletins_page(site):
    assert article_links(site, "bai-viet/index.html") == NEWEST_FIRST


# --- pagination ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("paged") / "site"
    build(_settings(CORPUS, out, page_size=2))
    return out


def test_pagination_files(paged):
    # Lists in time order are cut into parts from the oldest bulletin where the ids say (5
    # bulletins, 2 a page: here part 1 holds the 2 oldest, the list's own page the 3 newest; a
    # list of 2 is one page); the people index is alphabetical, numbered from its start and cut
    # where the names' keys say.
    pages = {f for f in pinned(all_files(paged)) if "/trang/" in f}
    assert pages == {
        "bai-viet/trang/1/index.html",
        "nguoi/trang/2/index.html",
        "nguoi/trang/3/index.html",
        "nguoi/trang/4/index.html",
    }
    assert check_links(paged) == []


def test_pagination_splits_newest_first(paged):
    assert article_links(paged, "bai-viet/index.html") == [S004, S002, S000]
    assert article_links(paged, "bai-viet/trang/1/index.html") == [S001, S003]
    assert article_links(paged, "dia-phuong/ha-noi/index.html") == [S004, S000, S003]  # 3 < 2 x 2: one page
    assert article_links(paged, "loai-hoi-nghi/lam-viec/index.html") == [S004, S003]  # exactly one page


def test_pagination_breadcrumbs_and_links(paged):
    rel = "bai-viet/trang/1/index.html"
    page = read_page(paged, rel)
    # an older part is named by the dates it covers (the two oldest seeds)
    assert [t for _, t in page.crumbs] == ["Trang chủ", "Tất cả bản tin", "Từ 10/07/2020 đến 14/10/2020"]
    assert [resolve(rel, h) if h else None for h, _ in page.crumbs] == ["index.html", "bai-viet/index.html", None]
    assert "<title>Tất cả bản tin – từ 10/07/2020 đến 14/10/2020 – " in (paged / rel).read_text(encoding="utf-8")
    targets = {resolve(rel, h) for h, _ in page.links}
    assert "bai-viet/index.html" in targets  # "Mới hơn" and "Mới nhất"
    home = read_page(paged, "bai-viet/index.html")
    assert "bai-viet/trang/1/index.html" in {resolve("bai-viet/index.html", h) for h, _ in home.links}


def test_an_added_bulletin_changes_only_the_list_s_own_page(tmp_path):
    """Stable parts: a new bulletin (the newest) leaves every older part of a list byte for byte."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / f"{S004}.txt").unlink()  # the newest seed
    before = tmp_path / "before"
    build(_settings(corpus, before, page_size=1))
    shutil.copy(CORPUS / f"{S004}.txt", corpus)
    after = tmp_path / "after"
    build(_settings(corpus, after, page_size=1))
    old = {p.relative_to(before).as_posix(): p.read_bytes() for p in before.glob("bai-viet/trang/*/index.html")}
    new = {p.relative_to(after).as_posix(): p.read_bytes() for p in after.glob("bai-viet/trang/*/index.html")}
    assert len(old) == 3 and len(new) == 4  # 4 then 5 bulletins, one a page; the newest on the list's page
    # The part that was next to the list's own page now has a newer part: only its "newer" link
    # changes. Every older part stays byte for byte.
    newest_part = "bai-viet/trang/3/index.html"
    assert {path: new[path] for path in old if path != newest_part} == {p: b for p, b in old.items() if p != newest_part}
    link = '<a href="{}" rel="prev">‹ Mới hơn</a>'
    assert new[newest_part] == old[newest_part].replace(link.format("../../index.html").encode(),
                                                        link.format("../4/index.html").encode())
    assert new[newest_part] != old[newest_part]


# --- the JSON export ----------------------------------------------------------------------------


def _published_key(value: str) -> tuple:
    parsed = datetime.fromisoformat(value)
    return (parsed.date(), parsed.time()) if "T" in value else (date.fromisoformat(value), datetime.min.time())


def test_json_top_level(export):
    assert export["schema_version"] == 1
    assert len(export["articles"]) == 5
    assert [a["id"] for a in export["articles"]] == NEWEST_FIRST
    keys = [_published_key(a["published"]) for a in export["articles"]]
    assert keys == sorted(keys, reverse=True)


def _str_or_none(value) -> bool:
    return value is None or isinstance(value, str)


def test_json_every_spec_field_has_its_type(export):
    spec_keys = {"id", "source_file", "url", "title", "published", "event_date", "locality", "meeting_type",
                 "period", "author", "views", "people", "body"}
    for a in export["articles"]:
        assert spec_keys <= set(a), spec_keys - set(a)
        for key in ("id", "source_file", "url", "title"):
            assert isinstance(a[key], str) and a[key], key
        assert a["published"] is None or ISO_PUBLISHED.fullmatch(a["published"]), a["published"]
        assert a["event_date"] is None or ISO_DATE.fullmatch(a["event_date"]), a["event_date"]
        loc = a["locality"]
        assert isinstance(loc, dict) and {"level", "name", "province"} <= set(loc)
        assert all(_str_or_none(loc[k]) for k in ("level", "name", "province"))
        assert loc["level"] is None or loc["level"] in SPEC_LEVELS
        mt = a["meeting_type"]
        assert isinstance(mt, dict) and set(mt) >= {"slug", "label"}
        assert SPEC_MEETING_TYPES.get(mt["slug"]) == mt["label"]
        if a["period"] is not None:
            p = a["period"]
            assert set(p) >= {"label", "start", "end"} and isinstance(p["label"], str)
            assert ISO_DATE.fullmatch(p["start"]) and ISO_DATE.fullmatch(p["end"]) and p["start"] <= p["end"]
        if a["author"] is not None:
            assert isinstance(a["author"]["name"], str) and a["author"]["name"]
            assert _str_or_none(a["author"]["role"])
        assert a["views"] is None or (isinstance(a["views"], int) and not isinstance(a["views"], bool))
        assert isinstance(a["people"], list)
        for person in a["people"]:
            assert isinstance(person["name"], str) and person["name"]
            assert isinstance(person["roles"], list) and all(isinstance(r, str) for r in person["roles"])
        assert isinstance(a["body"], list) and a["body"] and all(isinstance(p, str) and p for p in a["body"])


@pytest.mark.parametrize("ident", sorted(ARTICLE_URLS))
def test_json_values_match_the_gold_file(by_id, ident):
    gold = GOLD[f"{ident}.txt"]
    a = by_id[ident]
    accept = gold.get("accept", {})
    assert a["id"] == ident
    assert a["source_file"] == f"{ident}.txt"
    assert a["title"] == gold["title"]
    assert a["published"][:16] == str(gold["published"])[:16]
    assert a["event_date"] == gold["event_date"]
    assert a["locality"]["level"] == gold["locality_level"]
    assert a["locality"]["name"] in [gold["locality_name"], *accept.get("locality_name", [])]
    assert a["locality"]["province"] in [gold["province"], *accept.get("province", [])]
    assert a["meeting_type"]["label"] == gold["meeting_type"]
    assert a["period"]["label"] == gold["period"]
    assert a["author"]["name"] == gold["author"]
    assert a["views"] == gold["views"]
    assert [tone_key(p["name"]) for p in a["people"]] == [tone_key(p) for p in gold["people"]]
    assert " ".join(a["body"][0].split()).startswith(" ".join(gold["body_first"].split()))  # its first sentence
    assert " ".join(a["body"][-1].split()).endswith(" ".join(gold["body_last"].split()))  # its last sentence


def test_json_seed_000_exact(by_id):
    a = by_id[S000]
    assert a["published"] == "2021-07-16T10:09:00+07:00"
    assert a["locality"]["level"] == "phường" and a["locality"]["name"] == "Gia Thụy"
    assert a["locality"]["province"] == "Hà Nội"
    assert a["meeting_type"] == {"slug": "so-ket", "label": "sơ kết"}
    assert a["period"] == {"label": "6 tháng đầu năm 2021", "start": "2021-01-01", "end": "2021-06-30"}
    assert a["author"] == {"name": "Đào Tú Hoa", "role": "Cán bộ Văn phòng ĐU"}
    assert a["views"] == 159
    assert by_id[S001]["published"] == "2020-10-14"


# --- stable URLs ---------------------------------------------------------------------------------


def test_adding_a_bulletin_keeps_every_url(tmp_path, export):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    raw = (CORPUS / f"{S000}.txt").read_text(encoding="utf-8")
    new_title = "Bản tin thử nghiệm thứ sáu về công tác dân vận"
    assert raw.count(GOLD[f"{S000}.txt"]["title"]) == 1
    # A different bulletin: new title, and a body of its own (the same body would be a duplicate).
    body = "\n\n".join(f"Đoạn {i}: hội nghị thứ {i} bàn về công tác dân vận ở khu dân cư số {i * 7}, "
                        f"với {i * 3} ý kiến của người dân được ghi nhận và chuyển tới các cơ quan." for i in range(1, 12))
    head = raw.split("\n\n")[0:2]
    (corpus / "005_them.txt").write_text(
        "\n\n".join(head).replace(GOLD[f"{S000}.txt"]["title"], new_title) + "\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build(_settings(corpus, out))
    assert result.collected.files == 6
    six = json.loads((out / "api" / "articles.json").read_text(encoding="utf-8"))
    urls6 = {a["id"]: a["url"] for a in six["articles"]}
    assert {i: urls6[i] for i in ARTICLE_URLS} == ARTICLE_URLS == {a["id"]: a["url"] for a in export["articles"]}
    assert urls6["005_them"].startswith("bai-viet/ban-tin-thu-nghiem-thu-sau-ve-cong-tac-dan-van-")
    assert urls6["005_them"] not in ARTICLE_URLS.values()
    assert (out / urls6["005_them"] / "index.html").is_file()
    assert check_links(out) == []
    # the same corpus built again gives the same URLs (nothing depends on order or time)
    again = tmp_path / "again"
    build(_settings(corpus, again))
    assert {a["id"]: a["url"] for a in json.loads((again / "api" / "articles.json").read_text("utf-8"))["articles"]} == urls6


def test_quality_report_of_the_seeds(built, site):
    """The build writes the quality report: the two seeds that do not name their locality are
    listed with the missing fields and a sidecar to start from; the summary counts them."""
    report = json.loads((site / "api" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["bulletins"] == 5
    assert report["counts"]["complete"] == 3
    rows = {b["source_file"]: b for b in report["bulletins"]}
    assert rows["001_fbc40ca82c7a5395.txt"]["missing"] == ["locality.name", "locality.province"]
    assert rows["001_fbc40ca82c7a5395.txt"]["uncertain"] == {"locality": "văn bản nói đến một huyện nhưng không nêu tên"}
    assert rows["001_fbc40ca82c7a5395.txt"]["sidecar_file"] == "001_fbc40ca82c7a5395.yaml"
    assert rows["002_3766498ac55aaad5.txt"]["missing"] == ["locality.name", "locality.province"]
    assert rows["000_889518c93afc39ce.txt"]["missing"] == []
    page = (site / "bao-cao" / "index.html").read_text(encoding="utf-8")
    assert "001_fbc40ca82c7a5395.yaml" in page and "văn bản nói đến một huyện nhưng không nêu tên" in page
    result = built[1]
    assert result.report is not None and result.report.counts["missing_fields"] == 4


# --- page kinds switched off (settings: disable_pages) ----------------------------------------


def test_disabled_page_kinds_leave_no_page_feed_or_link(tmp_path):
    kinds = ["bao-cao", "feed", "ky-bao-cao", "nguoi", "thong-ke", "thuat-ngu", "to-chuc"]
    out = tmp_path / "site"
    build(_settings(CORPUS, out, disable_pages=kinds, search=False))
    files = all_files(out)
    for folder in ("nguoi/", "to-chuc/", "ky-bao-cao/", "thuat-ngu/", "thong-ke/", "bao-cao/"):
        assert not [f for f in files if f.startswith(folder)], folder
    assert not [f for f in files if f.endswith("feed.xml")]
    assert "api/report.json" not in files
    assert check_links(out) == []  # nothing links to a page that is not there
    for page in [f for f in files if f.endswith(".html")]:
        html = (out / page).read_text(encoding="utf-8")
        assert "application/atom+xml" not in html, page
        for folder in ("nguoi/", "to-chuc/", "ky-bao-cao/", "thuat-ngu/", "thong-ke/", "bao-cao/"):
            assert f'{folder}index.html"' not in html, (page, folder)
    # the rest of the site is there: bulletins, places, dates, meeting types, search, exports
    assert {"index.html", "bai-viet/index.html", "dia-phuong/index.html", "thoi-gian/index.html",
            "loai-hoi-nghi/index.html", "tim-kiem/index.html", "api/articles.json"} <= files
    article = (out / ARTICLE_URLS[S000] / "index.html").read_text(encoding="utf-8")
    assert "<li>Nguyễn Thành Biên – Phó Bí thư thường trực Đảng ủy" in article  # named, not linked


def test_a_missing_corpus_leaves_the_cache_of_the_real_one(tmp_path):
    """A build given a folder that does not exist fails before the store is opened (the store,
    opened for another corpus, is emptied): the next build of the real corpus has nothing to do."""
    from danvan_site.build.pipeline import build
    from danvan_site.core.errors import BuildError
    from conftest import seed_settings

    site = tmp_path / "site"
    build(seed_settings(site, search=False))
    with pytest.raises(BuildError, match="corpus folder not found"):
        build(seed_settings(site, corpus=tmp_path / "corpsu", search=False))
    again = build(seed_settings(site, search=False))
    assert again.unchanged and again.collected.parsed == 0
