"""Readers: one per input format, registered by extension, all giving the Source the extractor
reads (issue 14). Saved portal pages of six CMS families and Word files must give the record their
``.txt`` gives; a missing optional library, a broken file, a clash of names are reported by file.

The pages are made from the bulletins of the gold sets by ``tests/data/html/portal_pages.py``
(deterministic): each bulletin's parts laid out as Liferay, SharePoint, WordPress, Joomla, a
newspaper or an old table-layout portal print an article, with header, menu, search form,
breadcrumbs, share and print widgets, related news, sidebar, comments, footer, and scripts and
styles in the head, the article and the sidebar.
"""
from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from danvan_site import readers
from danvan_site.core.errors import ParseError
from danvan_site.dev.evaluate import FIELDS, actual_values, evaluate, load_gold
from danvan_site.extract import extract
from danvan_site.extract.chrome import file_lines, learn
from danvan_site.vn.text import collapse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DEV = ROOT.parent / "shared" / "dev-corpus"
SEEDS = ROOT / "corpus"

pytest.importorskip("trafilatura")
pytest.importorskip("docx")


def _load_pages():
    spec = importlib.util.spec_from_file_location("portal_pages", DATA / "html" / "portal_pages.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["portal_pages"] = module
    spec.loader.exec_module(module)
    return module


pages = _load_pages()

# The fields the gold files state, as the evaluation compares them.
COMPARED = ["title", "published", "event_date", "locality_level", "locality_name", "province", "meeting_type",
            "period", "author", "views", "people", "body_first", "body_last"]


def records(folder: Path) -> dict:
    """Every bulletin of a folder read by its reader and extracted with the page chrome the
    folder teaches, as a build does: stem -> Article."""
    scan = readers.scan(folder)
    sources = [readers.read_source(p, folder) for p in scan.bulletins]
    lessons = {s.rel: file_lines(s.text) for s in sources}
    learned = learn(lessons[rel] for rel in sorted(lessons))
    return {s.id: extract(s, learned.for_file(lessons[s.rel])) for s in sources}


def compared(article) -> dict:
    """The gold fields of a record; texts with their spaces collapsed (a page's editor and a
    scraper's file differ in no-break spaces, which the evaluation does not count either)."""
    values = actual_values(article)
    return {name: collapse(values[name]) if isinstance(values[name], str) else values[name] for name in COMPARED}


GOLD_SETS = {
    "dev": (DEV, DEV / "gold.yaml"),
    "seeds": (SEEDS, DATA / "seeds_gold.yaml"),
    "formats": (DATA / "formats", DATA / "formats" / "gold.yaml"),
    "portals-a": (DATA / "portals-a", DATA / "portals-a" / "gold.yaml"),
    "portals-b": (DATA / "portals-b", DATA / "portals-b" / "gold.yaml"),
    "portals-c": (DATA / "portals-c", DATA / "portals-c" / "gold.yaml"),
}


@pytest.fixture(scope="module")
def txt_records():
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            folder, _ = GOLD_SETS[name]
            if not folder.is_dir():
                pytest.skip(f"{folder} not found")
            cache[name] = records(folder)
        return cache[name]
    return get


@pytest.fixture(scope="module")
def page_folder(tmp_path_factory):
    made: dict[tuple, Path] = {}

    def get(name: str, family: str, bare: bool = False) -> Path:
        key = (name, family, bare)
        if key not in made:
            folder, _ = GOLD_SETS[name]
            if not folder.is_dir():
                pytest.skip(f"{folder} not found")
            out = tmp_path_factory.mktemp(f"{name}-{family}{'-bare' if bare else ''}")
            pages.write_pages(folder, out, family, bare=bare)
            made[key] = out
        return made[key]
    return get


# --- the registry ------------------------------------------------------------------------------

def test_one_reader_per_extension_in_any_case():
    assert list(readers.READERS) == [".txt", ".html", ".htm", ".docx"]
    assert readers.reader_for("a/b.TXT").format == "txt"
    assert readers.reader_for("b.Html").format == "html"
    assert readers.reader_for(Path("c.HTM")).format == "html"
    assert readers.reader_for("d.DocX").format == "docx"
    assert readers.reader_for("e.pdf") is None and readers.reader_for("f") is None and readers.reader_for(".txt") is None
    assert readers.READERS[".html"].install_command() == 'pip install "danvan-site[html]"'
    assert readers.READERS[".docx"].install_command() == 'pip install "danvan-site[docx]"'


def test_read_source_dispatches_by_extension(tmp_path):
    (tmp_path / "a.TXT").write_text("Tiêu đề bản tin\n12/07/2021\n\nSáng ngày 10/7, Đảng ủy xã tổ chức hội nghị.\n",
                                    encoding="utf-8")
    from danvan_site.readers.text import read_source as read_text

    via_registry = readers.read_source(tmp_path / "a.TXT", tmp_path)
    assert via_registry == read_text(tmp_path / "a.TXT", tmp_path)
    assert via_registry.format == "txt" and via_registry.hints == {}
    (tmp_path / "b.rtf").write_text("x", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        readers.read_source(tmp_path / "b.rtf", tmp_path)
    assert err.value.diagnostic.file == "b.rtf" and "no reader for '.rtf' files" in str(err.value)


def test_scan_finds_every_format_its_sidecars_and_reports_clashes(tmp_path):
    c = tmp_path / "corpus"
    (c / "sub").mkdir(parents=True)
    (c / ".git").mkdir()
    for name in ("a.txt", "b.HTML", "c.htm", "d.docx", "sub/y.txt", "x.txt", "x.html", "z.docx", "z.TXT",
                 ".hidden.txt", ".#lock.txt", "~$d.docx", "._a.txt", "a.txt~", "#a.txt#", ".a.txt.swp", ".git/k.txt",
                 "e.pdf", "notes.md", ".DS_Store"):
        (c / name).write_bytes(b"x")
    for name in ("a.yaml", "b.yaml", "x.yaml", "sub/y.yaml", "orphan.yaml", "c.yml"):
        (c / name).write_text("title: x\n", encoding="utf-8")
    scan = readers.scan(c)
    rel = lambda paths: [p.relative_to(c).as_posix() for p in paths]  # noqa: E731
    # hidden files and folders are read as they always were; leftovers are not
    assert rel(scan.bulletins) == [".git/k.txt", ".hidden.txt", "a.txt", "b.HTML", "c.htm", "d.docx", "sub/y.txt",
                                   "x.txt", "z.TXT"]
    assert [(k.rel, k.kept_rel) for k in scan.clashes] == [("x.html", "x.txt"), ("z.docx", "z.TXT")]
    clash = scan.clashes[0]
    assert "x.txt" in clash.message and clash.diagnostic.file == "x.html" and clash.diagnostic.level == "error"
    assert "x.txt" in clash.diagnostic.hint and "x.html" in clash.diagnostic.hint
    assert rel(scan.files) == [".git/k.txt", ".hidden.txt", "a.txt", "b.HTML", "c.htm", "d.docx", "sub/y.txt", "x.html",
                               "x.txt", "z.TXT", "z.docx"]
    assert rel(scan.sidecars) == ["a.yaml", "b.yaml", "orphan.yaml", "sub/y.yaml", "x.yaml"]
    assert rel(scan.misnamed) == ["c.yml"]
    assert rel(scan.ignored) == [".#lock.txt", "._a.txt", "~$d.docx"]
    assert scan.sidecar_for(c / "b.HTML") == c / "b.yaml"  # a sidecar beside a bulletin of any format
    assert scan.sidecar_for(c / "x.txt") == c / "x.yaml" and scan.sidecar_for(c / "d.docx") is None
    assert rel(scan.orphan_sidecars()) == ["orphan.yaml"]
    assert set(scan.every_path()) >= set(scan.files) | set(scan.sidecars) | set(scan.misnamed)
    assert readers.scan(c) == scan  # stable
    with pytest.raises(ParseError):
        readers.scan(tmp_path / "missing")


def test_the_names_a_scan_hashes_are_its_paths_as_strings(tmp_path, monkeypatch):
    """``every_name`` (what the change check hashes) is ``every_path`` as ``str`` gives it, in
    the same order, for a corpus named any way; it makes no ``Path``: a build with nothing to
    do never asks for them. The stamps are shared however a file is named."""
    c = tmp_path / "corpus"
    (c / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "sub/b.html", "sub/deeper/c.docx", "x.txt", "x.html", "e.pdf"):
        (c / name).write_bytes(b"x")
    for name in ("a.yaml", "sub/orphan.yaml", "c.yml"):
        (c / name).write_text("title: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in (c, Path("corpus"), Path("./corpus/"), Path("corpus/sub/..")):
        scan = readers.scan(given)
        names = scan.every_name()
        assert not {"bulletins", "sidecars", "misnamed", "unsupported"} & set(vars(scan))
        assert names == [str(p) for p in scan.every_path()]
        assert len(names) == 9  # 5 bulletins read, the clash, 2 sidecars, the .yml; the .pdf
        stamp = scan.stamp(names[0])
        assert stamp == (1, os.stat(names[0]).st_mtime_ns) and scan.stamp(scan.files[0]) == stamp


@pytest.mark.parametrize("name, ignored", [
    (".hidden.txt", False), ("..txt", False), ("._mac.txt", True), (".#emacs.txt", True), ("~$word.docx", True),
    (".~lock.x.docx#", True), ("a.txt~", True), ("#a.txt#", True), ("a.txt.swp", True), ("4913", True), (".DS_Store", True),
    ("a.txt", False), ("ba~o.html", False), ("x.docx", False)])
def test_ignored_names(name, ignored):
    assert readers.ignored_name(name) is ignored


# --- optional libraries ------------------------------------------------------------------------

@pytest.mark.parametrize("module, name, extra", [("trafilatura", "p.html", "html"), ("lxml.html", "p.htm", "html"),
                                                  ("docx", "d.docx", "docx")])
def test_a_missing_library_is_reported_with_the_install_command(tmp_path, monkeypatch, module, name, extra):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / name).write_bytes(b"<html><body><p>x</p></body></html>")
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ParseError) as err:
        readers.read_source(tmp_path / "sub" / name, tmp_path)
    diag = err.value.diagnostic
    assert diag.file == f"sub/{name}" and diag.level == "error"
    assert f"{module.split('.')[0]} is not installed" in diag.message
    assert diag.hint == f'install it with: pip install "danvan-site[{extra}]"'
    assert f"sub/{name}" in str(err.value) and f'danvan-site[{extra}]' in str(err.value)


# --- broken files ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, message", [
    ("nul.html", b"<html>\x00\x01\x02</html>", "binary data"),
    ("png.html", b"\x89PNG\r\n\x1a\n\x00\x00", "this is a PNG image, not a web page"),
    ("empty.htm", b"", "the file is empty"),
    ("blank.html", b"  \n\t", "the file is empty"),
    ("menu.html", "<html><body><nav><a>Trang chủ</a></nav><footer>Bản quyền</footer></body></html>".encode(),
     "no article text found in this page"),
    ("comment.html", b"<!-- nothing -->", "this page cannot be read as HTML"),
    ("garbage.docx", b"not a zip at all", "this is not a Word (.docx) file"),
    ("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00broken", "this Word file cannot be read"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Word document"),
    ("empty.docx", b"", "the file is empty"),
])
def test_a_broken_file_is_rejected_naming_it(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ParseError) as err:
        readers.read_source(tmp_path / name, tmp_path)
    assert err.value.diagnostic.file == name
    assert message in err.value.diagnostic.message
    assert err.value.diagnostic.hint


def test_a_zip_that_is_no_word_file(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "xin chào")
    (tmp_path / "zip.docx").write_bytes(buffer.getvalue())
    with pytest.raises(ParseError) as err:
        readers.read_source(tmp_path / "zip.docx", tmp_path)
    assert err.value.diagnostic.file == "zip.docx" and "cannot be read" in err.value.diagnostic.message


# --- what never reaches the text ---------------------------------------------------------------

HOSTILE_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021 - Cổng thông tin quận Long Biên</title>
<meta property="og:title" content="Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021">
<meta property="article:published_time" content="2021-07-16T01:30:00Z">
<script>document.write("<p>Chữ do script viết ra</p>")</script>
<style>p.x { color: red } .ad:after { content: "Quảng cáo trong CSS" }</style>
</head><body onload="alert('onload')">
<header><div class="logo">Cổng thông tin quận Long Biên</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu chung</a></li></ul></nav>
<form class="search"><input name="q" value="Từ khóa tìm kiếm"><button>Nút tìm kiếm</button></form></header>
<main><article>
<h1>Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021</h1>
<p class="meta">Lượt xem: 125</p>
<p>Sáng ngày 15/7/2021, Đảng ủy phường Gia Thụy, quận Long Biên tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021, triển khai nhiệm vụ 6 tháng cuối năm.</p>
<script>alert(1)</script>
<noscript>Hãy bật JavaScript để xem video</noscript>
<iframe src="https://www.youtube.com/embed/x" title="Khung video nhúng"></iframe>
<p>Dự hội nghị có đồng chí Nguyễn Thanh Biên, Bí thư Đảng ủy phường; các đồng chí trong Ban Thường vụ Đảng ủy và trưởng các đoàn thể phường.<script>alert("inline")</script></p>
<style>.inline { display: none }</style>
<div style="display:none">Đoạn văn bị ẩn khỏi người đọc</div>
<p hidden>Một đoạn ẩn khác</p>
<p>Hội nghị đã thống nhất các giải pháp nâng cao chất lượng công tác dân vận trong 6 tháng cuối năm, phát huy mô hình Dân vận khéo ở các tổ dân phố./.</p>
<p style="text-align:right"><strong>Minh Anh</strong></p>
<form class="comment-form"><label>Ý kiến bạn đọc</label><textarea>Viết bình luận</textarea><button>Gửi ý kiến</button></form>
<div class="related-news"><h3>Tin liên quan</h3><ul><li><a href="/1">Phường Bồ Đề ra quân làm sạch môi trường khu dân cư</a></li></ul></div>
</article></main>
<aside class="sidebar"><h3>Tin đọc nhiều</h3><ul><li><a>Thông báo lịch tiếp công dân của lãnh đạo quận</a></li></ul>
<script>alert(2)</script><div class="poll"><form><input type="radio"> Hài lòng<button>Bình chọn</button></form></div></aside>
<footer><p>Bản quyền thuộc Ủy ban nhân dân quận Long Biên</p><p>Điện thoại: 024 3872 0000</p></footer>
<script src="/js/app.js"></script><script>alert(3)</script>
</body></html>
"""

NEVER = ["alert", "script", "Chữ do script", "color", "Quảng cáo trong CSS", "onload", "Trang chủ", "Giới thiệu chung",
         "Từ khóa", "Nút tìm kiếm", "JavaScript", "Khung video", "display", "bị ẩn", "đoạn ẩn", "Ý kiến bạn đọc",
         "Viết bình luận", "Gửi ý kiến", "Tin liên quan", "Bồ Đề", "Tin đọc nhiều", "lịch tiếp công dân", "Hài lòng",
         "Bình chọn", "Bản quyền", "Điện thoại"]


def test_scripts_styles_forms_navigation_and_related_news_never_reach_the_text(tmp_path):
    (tmp_path / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    source = readers.read_source(tmp_path / "hostile.html", tmp_path)
    for word in NEVER:
        assert word not in source.text, word
    assert source.text.splitlines()[:3] == [
        "Cổng thông tin quận Long Biên",
        "Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021",
        "16/07/2021 08:30 | Lượt xem: 125",  # article:published_time in UTC, shown in Vietnam's time
    ]
    assert not [d for d in source.diagnostics if "markup" in d.message]
    article = extract(source)
    assert article.title == "Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021"
    assert article.published.isoformat() == "2021-07-16T08:30:00+07:00"
    assert article.event_date.isoformat() == "2021-07-15" and article.views == 125
    assert (article.locality.level, article.locality.name, article.locality.province) == ("phường", "Gia Thụy", "Hà Nội")
    assert article.author.name == "Minh Anh"
    assert [p.name for p in article.people] == ["Nguyễn Thanh Biên"]
    assert len(article.body) == 3 and article.body[-1].endswith("tổ dân phố./.")
    assert source.format == "html" and source.data == HOSTILE_PAGE.encode()
    assert source.sha256 == hashlib.sha256(HOSTILE_PAGE.encode()).hexdigest()
    assert ("2021-07-16T01:30:00Z", '<meta property="article:published_time">') in source.hints["published"]
    assert ("Phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021", "<h1>") in source.hints["title"]


@pytest.mark.parametrize("family", pages.FAMILIES)
def test_no_page_furniture_in_any_family(page_folder, family):
    folder = page_folder("dev", family)
    for path in sorted(folder.glob("*.html")):
        text = readers.read_source(path, folder).text
        for word in ("alert(", "<script", "color:red", "Bật JavaScript", "Bình chọn", "Tìm kiếm", "Thủ tục hành chính",
                     "Phường tổ chức ra quân làm sạch", "Hướng dẫn nộp hồ sơ trực tuyến", "Ghi rõ nguồn khi phát hành lại",
                     "Email của bạn sẽ không", "Bài trước", "Giấy phép số", "Hôm nay: Thứ Hai"):
            assert word not in text, (path.name, word)


# --- the same record as the .txt ---------------------------------------------------------------

@pytest.mark.parametrize("family", pages.FAMILIES)
def test_each_family_gives_the_records_of_the_txt_dev_corpus(txt_records, page_folder, family):
    expected = txt_records("dev")
    got = records(page_folder("dev", family))
    assert set(got) == set(expected)
    diffs = {(stem, name): (compared(got[stem])[name], value)
             for stem, article in expected.items() for name, value in compared(article).items()
             if compared(got[stem])[name] != value}
    assert not diffs


@pytest.mark.parametrize("family", [f for f in pages.FAMILIES if f != "legacy"])
def test_pages_without_metadata_give_the_same_records(txt_records, page_folder, family):
    """Only what a reader sees: no <meta> values, JSON-LD, datetime or itemprop attributes."""
    expected = txt_records("dev")
    got = records(page_folder("dev", family, bare=True))
    diffs = {(stem, name): (compared(got[stem])[name], value)
             for stem, article in expected.items() for name, value in compared(article).items()
             if compared(got[stem])[name] != value}
    assert not diffs


@pytest.mark.parametrize("name", ["seeds", "formats", "portals-a", "portals-b", "portals-c"])
def test_every_gold_set_as_pages_scores_as_its_txt(txt_records, page_folder, name):
    """The evaluation's figures (per field, files matched by stem) on pages of all six families
    equal those on the .txt files."""
    _, gold_file = GOLD_SETS[name]
    gold = load_gold(gold_file)
    on_txt = evaluate(gold, txt_records(name))
    on_pages = evaluate(gold, records(page_folder(name, "mixed")))
    assert not on_pages.missing_files
    for field in FIELDS:
        t, h = on_txt.fields[field], on_pages.fields[field]
        assert (h.correct, h.wrong, h.missing) == (t.correct, t.wrong, t.missing), (field, on_pages.failures)


def test_the_evaluate_command_on_a_folder_of_pages(page_folder, tmp_path):
    """``python build.py evaluate GOLD --corpus DIR`` on the dev corpus as pages gives the
    figures of the .txt."""
    import json

    from danvan_site.cli import main

    folder = page_folder("dev", "mixed")
    out = tmp_path / "pages.json"
    assert main(["evaluate", str(DEV / "gold.yaml"), "--corpus", str(folder), "--json", str(out), "-q"]) in (0, 1)
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["missing_files"] == []
    txt = tmp_path / "txt.json"
    main(["evaluate", str(DEV / "gold.yaml"), "--corpus", str(DEV), "--json", str(txt), "-q"])
    assert figures["fields"] == json.loads(txt.read_text(encoding="utf-8"))["fields"]


# --- pages: decoding and dates -----------------------------------------------------------------

PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body><div class="content">
<h1>{title}</h1><div class="date">{date}</div>
<p>Sáng ngày 10/3, Ban Dân vận Huyện ủy Hương Khê tổ chức hội nghị giao ban công tác dân vận quý I năm 2021 với sự tham dự của đại diện các xã.</p>
<p>Hội nghị đánh giá kết quả thực hiện nhiệm vụ quý I và bàn giải pháp cho quý II.</p></div></body></html>"""
TITLE = "Hương Khê giao ban công tác dân vận quý I năm 2021"


@pytest.mark.parametrize("encoding, charset", [("utf-8", "utf-8"), ("utf-16", "utf-8"), ("cp1258", "windows-1258"),
                                               ("utf-8-sig", "utf-8")])
def test_pages_in_other_encodings(tmp_path, encoding, charset):
    html = PAGE.format(charset=charset, title=TITLE, date="11/03/2021 15:20")
    if encoding == "cp1258":  # Windows' Vietnamese code page: a few letters, the tones as combining marks
        data = b"".join(_cp1258(ch) for ch in html)
    else:
        data = html.encode(encoding)
    (tmp_path / "p.html").write_bytes(data)
    source = readers.read_source(tmp_path / "p.html", tmp_path)
    assert source.text.splitlines()[0] == TITLE  # NFC again
    article = extract(source)
    assert article.title == TITLE and article.published.isoformat() == "2021-03-11T15:20:00+07:00"
    assert article.event_date.isoformat() == "2021-03-10"


def _cp1258(ch: str) -> bytes:
    """One character in Windows-1258: the letter with its vowel mark (â, ơ, ư ...) as one byte,
    the tone (grave, acute, tilde, hook, dot below) as a combining byte after it."""
    import unicodedata

    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        return letter.encode("cp1258") + tones.encode("cp1258")


@pytest.mark.parametrize("shown, published", [
    ("Ngày đăng: Thứ Năm, 11/03/2021 - 15:20", "2021-03-11T15:20:00+07:00"),
    ("11 Tháng Ba, 2021", "2021-03-11"),
    ("March 11, 2021 at 3:20 PM", "2021-03-11T15:20:00+07:00"),
    ("Cập nhật lúc 15h20 ngày 11/3/2021", "2021-03-11T15:20:00+07:00"),
])
def test_the_date_printed_beside_the_headline(tmp_path, shown, published):
    (tmp_path / "p.html").write_text(PAGE.format(charset="utf-8", title=TITLE, date=shown), encoding="utf-8")
    article = extract(readers.read_source(tmp_path / "p.html", tmp_path))
    assert article.published.isoformat() == published


def test_no_guessed_date(tmp_path):
    """A page that states no publication date gets none (not today's date in the header, not a
    related item's): a wrong date is worse than none."""
    html = PAGE.format(charset="utf-8", title=TITLE, date="").replace(
        "<body>", '<body><div class="today">Hôm nay: Thứ Hai, 01/01/2024</div>').replace(
        "</body>", '<ul class="other"><li><a>Tin cũ</a> (12/05/2019)</li></ul></body>')
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    source = readers.read_source(tmp_path / "p.html", tmp_path)
    assert extract(source).published is None
    assert "2024" not in source.text and "2019" not in source.text


# --- Word files --------------------------------------------------------------------------------

def _word(path: Path, *, title_style: bool = True, extra=None) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    d.core_properties.author = "admin"
    d.add_paragraph("ĐẢNG ỦY PHƯỜNG GIA THỤY")  # the issuing body, above the headline
    headline = "Đảng ủy phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021"
    if title_style:
        d.add_paragraph(headline, style="Title")
    else:
        d.add_paragraph().add_run(headline).bold = True
    d.add_paragraph("Thứ Sáu, 16/07/2021 08:30")
    d.add_paragraph("Sáng ngày 15/7/2021, Đảng ủy phường Gia Thụy, quận Long Biên tổ chức hội nghị sơ kết công tác "
                    "dân vận 6 tháng đầu năm 2021, triển khai nhiệm vụ 6 tháng cuối năm.")
    d.add_paragraph("Dự hội nghị có các đồng chí:")
    table = d.add_table(rows=4, cols=3)
    rows = [("TT", "Họ và tên", "Chức vụ"), ("1", "Nguyễn Thanh Biên", "Bí thư Đảng ủy phường"),
            ("2", "Trần Thị Lan", "Phó Chủ tịch Ủy ban MTTQ phường"), ("3", "Lê Văn Hùng", "Chủ tịch Hội Cựu chiến binh phường")]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    para = d.add_paragraph("Hội nghị đã thống nhất các giải pháp nâng cao chất lượng công tác dân vận trong 6 tháng "
                           "cuối năm,")
    para.add_run().add_break()  # a manual line break inside the paragraph
    para.add_run("phát huy mô hình Dân vận khéo ở các tổ dân phố./.")
    sign = d.add_paragraph()
    sign.add_run("Minh Anh").bold = True
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section = d.sections[0]
    section.header.paragraphs[0].text = "Bản tin nội bộ - không phải nội dung bài"
    section.footer.paragraphs[0].text = "Trang 1"
    if extra:
        extra(d)
    d.save(str(path))


@pytest.mark.parametrize("title_style", [True, False])
def test_a_word_file_gives_the_expected_record(tmp_path, title_style):
    _word(tmp_path / "gia-thuy.docx", title_style=title_style)
    source = readers.read_source(tmp_path / "gia-thuy.docx", tmp_path)
    lines = source.text.splitlines()
    assert lines[0] == "Đảng ủy phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021"  # the title first
    assert "1 | Nguyễn Thanh Biên | Bí thư Đảng ủy phường" in lines  # a table row per line, cells by " | "
    assert "Bản tin nội bộ" not in source.text and "Trang 1" not in source.text  # the page header and footer
    assert source.format == "docx" and source.hints["title"][0][0] == lines[0]
    assert ("admin", "docx: document property 'author'") in source.hints["author"]
    a = extract(source)
    values = actual_values(a)
    assert values["title"] == "Đảng ủy phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021"
    assert values["published"] == "2021-07-16T08:30" and values["event_date"] == "2021-07-15"
    assert (values["locality_level"], values["locality_name"], values["province"]) == ("phường", "Gia Thụy", "Hà Nội")
    assert (values["meeting_type"], values["period"], values["author"]) == ("sơ kết", "6 tháng đầu năm 2021", "Minh Anh")
    assert values["people"] == ["Nguyễn Thanh Biên", "Trần Thị Lan", "Lê Văn Hùng"]
    # each row's role only: a role phrase does not run on into the next row of the table
    assert [p.roles for p in a.people] == [["Bí thư Đảng ủy phường"], ["Phó Chủ tịch Ủy ban MTTQ phường"],
                                           ["Chủ tịch Hội Cựu chiến binh phường"]]
    assert values["body_first"].startswith("Sáng ngày 15/7/2021, Đảng ủy phường Gia Thụy")
    assert values["body_last"] == ("Hội nghị đã thống nhất các giải pháp nâng cao chất lượng công tác dân vận trong 6 "
                                   "tháng cuối năm, phát huy mô hình Dân vận khéo ở các tổ dân phố./.")
    assert "2 | Trần Thị Lan | Phó Chủ tịch Ủy ban MTTQ phường" in a.body


def test_merged_cells_are_read_once(tmp_path):
    def merged(d):
        t = d.add_table(rows=2, cols=3)
        top = t.cell(0, 0).merge(t.cell(0, 2))
        top.text = "Danh sách đại biểu"
        for j, text in enumerate(("Phạm Văn Nam", "Trưởng ban", "")):
            t.cell(1, j).text = text
    _word(tmp_path / "m.docx", extra=merged)
    lines = readers.read_source(tmp_path / "m.docx", tmp_path).text.splitlines()
    assert "Danh sách đại biểu" in lines and "Phạm Văn Nam | Trưởng ban" in lines


# --- the build reads every format ------------------------------------------------------------------


def test_a_build_reads_pages_word_files_and_text_side_by_side(tmp_path):
    """One corpus of a .txt, a saved page, a Word file and a clash of names: each bulletin gets its
    page and a copy of its source that is safe to serve; the clash is reported, never dropped."""
    import json

    from conftest import seed_settings
    from danvan_site.build.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))
    (corpus / "van-ban.txt").write_bytes(seed[0].read_bytes())
    pages.write_pages(SEEDS, tmp_path / "pages", "wordpress")
    page = sorted((tmp_path / "pages").glob("*.html"))[1]
    (corpus / "trang.html").write_bytes(page.read_bytes())
    _word(corpus / "word.docx")
    (corpus / "van-ban.html").write_bytes(page.read_bytes())  # the same name as van-ban.txt
    (corpus / "~$word.docx").write_bytes(b"lock file of an open Word document")
    (corpus / "word.yaml").write_text("author: Phòng Văn hóa\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build(seed_settings(out, corpus, search=False))
    assert result.collected.built == 3
    assert [(r.file, r.reason.split(";")[0]) for r in result.collected.rejected] == [
        ("van-ban.html", "another bulletin in this folder has the same name (van-ban.txt)")]
    export = json.loads((out / "api" / "articles.json").read_text(encoding="utf-8"))
    by_file = {a["source_file"]: a for a in export["articles"]}
    assert sorted(by_file) == ["trang.html", "van-ban.txt", "word.docx"]
    assert {f: a["raw_url"] for f, a in by_file.items()} == {
        "trang.html": "nguon/trang.html.txt", "van-ban.txt": "nguon/van-ban.txt", "word.docx": "nguon/word.docx"}
    assert (out / "nguon" / "trang.html.txt").read_bytes() == page.read_bytes()  # served as text, never run
    assert (out / "nguon" / "word.docx").read_bytes() == (corpus / "word.docx").read_bytes()
    assert by_file["word.docx"]["title"] == "Đảng ủy phường Gia Thụy sơ kết công tác dân vận 6 tháng đầu năm 2021"
    assert by_file["word.docx"]["author"] == {"name": "Phòng Văn hóa", "role": None}  # its sidecar applies
    word_page = (out / by_file["word.docx"]["url"] / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../nguon/word.docx">Tải tệp gốc (.docx)</a>' in word_page
    html_page = (out / by_file["trang.html"]["url"] / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../nguon/trang.html.txt">Xem trang web gốc (mã HTML, hiện dưới dạng văn bản)</a>' in html_page


def test_documents_no_reader_reads_are_reported_not_passed_over(tmp_path):
    """A .doc, .pdf or .odt among the bulletins is not read, and says so with what to do; pictures
    and stylesheets saved with a page are not bulletins and say nothing."""
    from conftest import seed_settings
    from danvan_site.build.pipeline import build
    from danvan_site.core import i18n
    from danvan_site.core.errors import format_diagnostic

    corpus = tmp_path / "corpus"
    (corpus / "cu").mkdir(parents=True)
    (corpus / "a.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    (corpus / "cu" / "bien-ban.DOC").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    (corpus / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n")
    (corpus / "~$bien-ban.doc").write_bytes(b"lock")  # Word's owner file: a leftover, not a document
    (corpus / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    scan = readers.scan(corpus)
    assert [scan.rel(p) for p in scan.unsupported] == ["bao-cao.pdf", "cu/bien-ban.DOC"]
    result = build(seed_settings(tmp_path / "site", corpus, search=False))
    found = {d.file: d for d in result.diagnostics}
    assert set(found) == {"bao-cao.pdf", "cu/bien-ban.DOC"}
    doc = found["cu/bien-ban.DOC"]
    assert doc.level == "warning"
    assert doc.message == "not read: danvan-site does not read .doc files (it reads .txt, .html, .htm, .docx)"
    assert doc.hint == "open it in Word or LibreOffice Writer and save it as a Word document (.docx)"
    assert format_diagnostic(doc, "vi") == (
        "cu/bien-ban.DOC: không đọc: danvan-site không đọc được tệp .doc (chỉ đọc .txt, .html, .htm, .docx) "
        "(mở tệp bằng Word hoặc LibreOffice Writer rồi lưu thành tệp Word (.docx))")
    assert found["bao-cao.pdf"].hint.startswith("copy its text into a .txt file")
    assert i18n.localize(found["bao-cao.pdf"].hint, "vi").startswith("chép chữ trong tệp vào một tệp .txt")


def test_the_markup_hint_reads_script_as_ignorecase_does():
    """The quick test before the markup scan (``readers.text._SCRIPT_HINT_RE``) spells "script"
    out letter by letter without IGNORECASE: each class holds exactly the code points that
    IGNORECASE matches to its letter, over the whole of Unicode (so it skips no bulletin the
    pattern with IGNORECASE would have looked at)."""
    import re

    from danvan_site.readers.text import _SCRIPT_HINT_RE

    classes = re.findall(r"\[([^\]]+)\]", _SCRIPT_HINT_RE.pattern)
    assert len(classes) == len("script")
    any_letter = re.compile("[script]", re.IGNORECASE)
    near = [chr(c) for c in range(0x110000) if any_letter.fullmatch(chr(c))]
    for letter, chars in zip("script", classes):
        assert {ch for ch in near if re.fullmatch(letter, ch, re.IGNORECASE)} == set(chars), letter
