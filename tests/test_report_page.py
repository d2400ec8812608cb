"""The quality report as a page (bao-cao/) and as api/report.json, on the hand-made archive:
a bulletin whose locality is missing, an uncertain field, a warning with its line, a rejected
file and a stray sidecar."""
from __future__ import annotations

import json
import re
from pathlib import Path

from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Article, Author, Diagnostic
from danvan_site.core.outputs import each_output
from danvan_site.archive.quality import QualityReport, build_report
from danvan_site.site.render import render_site, report_json
from danvan_site.output.write import write_site
from linkcheck import check_links
from site_samples import make_settings, sample_articles, write_corpus

REJECTED = [("zz_hong.txt", "the file is not valid UTF-8 (byte 0xff at offset 3)")]
STRAY = Diagnostic("le.yaml", "sidecar without a bulletin of the same name", hint="rename it to match a .txt file")


def _flawed_articles() -> list[Article]:
    articles = sample_articles()
    by_id = {a.id: a for a in articles}
    by_id["002_thi-xa"].uncertain = {"locality": "3 units are named 'xã Hoàng Tân'; the text does not say which"}
    by_id["004_dong-da"].diagnostics = [
        Diagnostic("004_dong-da.txt", "date line not understood: 'Cập nhật 12/7'", line=12, field="published",
                   hint="write the date as DD/MM/YYYY in a sidecar"),
    ]
    return articles


def _report(articles: list[Article]) -> QualityReport:
    return build_report(articles, REJECTED, [STRAY, *[d for a in articles for d in a.diagnostics]])


def _build(tmp_path: Path, **changes: object) -> tuple[Path, QualityReport]:
    articles = _flawed_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, **changes)
    archive = build_archive(articles, settings)  # sets the URLs the report links to
    report = _report(articles)
    write_site(render_site(archive, settings, report), settings.output)
    return settings.output, report


def _main(html: str) -> str:
    match = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert match is not None
    return match.group(1)


def _item(page: str, source_file: str) -> str:
    """The report's section about one bulletin."""
    for block in re.findall(r'<article class="report-item".*?</article>', page, re.S):
        if f"<code>{source_file}</code>" in block:
            return block
    raise AssertionError(f"no report item for {source_file}")


def test_report_page_shows_counts_and_what_to_fix(tmp_path: Path) -> None:
    site, _ = _build(tmp_path)
    page = _main((site / "bao-cao/index.html").read_text(encoding="utf-8"))
    assert "<h1>Báo cáo chất lượng dữ liệu</h1>" in page
    assert "<li><span class=\"stat\"><strong>6</strong> tệp bản tin đã đọc</span></li>" in page
    assert "<li><span class=\"stat\"><strong>5</strong> bản tin có trang riêng</span></li>" in page
    assert "<li><span class=\"stat\"><strong>0</strong> bản trùng đã gộp</span></li>" in page
    assert "<strong>3</strong> bản tin thiếu thông tin" in page
    assert "<strong>1</strong> tệp bị loại" in page
    assert "<strong>2</strong> cảnh báo" in page  # the warning with a line and the stray sidecar

    huyen = _item(page, "001_huyen.txt")
    assert re.search(r'<h3><a href="../bai-viet/tong-ket-phong-trao[a-z0-9-]+/index.html">Tổng kết phong trào', huyen)
    assert "<div><dt>Chưa tìm thấy</dt><dd>tên địa phương, tỉnh/thành phố, tác giả</dd></div>" in huyen
    assert "lưu đoạn dưới đây thành tệp <code>corpus/001_huyen.yaml</code>" in huyen
    assert ('<pre class="sidecar"><code>locality:\n  name: &#39;...&#39;\n  province: &#39;...&#39;\n'
            "author: &#39;...&#39;\n</code></pre>") in huyen

    thi_xa = _item(page, "002_thi-xa.txt")
    assert "<div><dt>Chưa tìm thấy</dt><dd>tỉnh/thành phố, kỳ báo cáo, tác giả</dd></div>" in thi_xa
    assert ("<li>Địa phương: 3 units are named &#39;xã Hoàng Tân&#39;; the text does not say which</li>"
            in thi_xa)
    assert "<code>corpus/002_thi-xa.yaml</code>" in thi_xa

    dong_da = _item(page, "004_dong-da.txt")
    assert ("<li>dòng 12: date line not understood: &#39;Cập nhật 12/7&#39; <span class=\"muted\">(ngày đăng)</span>"
            " – <span class=\"hint\">write the date as DD/MM/YYYY in a sidecar</span></li>") in dong_da


def test_report_page_lists_bulletins_to_fix_first_then_rejected_and_other(tmp_path: Path) -> None:
    site, _ = _build(tmp_path)
    page = _main((site / "bao-cao/index.html").read_text(encoding="utf-8"))
    to_fix = page.index('id="can-xem-lai"')
    complete = page.index('id="day-du"')
    assert to_fix < complete < page.index('id="bi-loai"') < page.index('id="canh-bao-khac"')
    files = re.findall(r'<article class="report-item".*?<code>([^<]+)</code>', page, re.S)
    assert files == ["001_huyen.txt", "002_thi-xa.txt", "004_dong-da.txt"]
    done = page[complete:page.index('id="bi-loai"')]
    assert "<code>000_gia-thuy.txt</code>" in done and "<code>003_bo-de.txt</code>" in done
    assert "<pre" not in done
    assert ("<li><code>zz_hong.txt</code>: the file is not valid UTF-8 (byte 0xff at offset 3)</li>") in page
    assert ("<li><code>le.yaml</code>: sidecar without a bulletin of the same name – "
            '<span class="hint">rename it to match a .txt file</span></li>') in page


def test_report_json(tmp_path: Path) -> None:
    site, report = _build(tmp_path)
    raw = (site / "api/report.json").read_text(encoding="utf-8")
    assert "Tổng kết phong trào" in raw  # ensure_ascii=False
    data = json.loads(raw)
    assert list(data) == ["schema_version", "counts", "bulletins", "rejected", "duplicates", "learned_chrome", "other"]
    assert data["counts"] == report.counts
    assert data["counts"]["with_missing_fields"] == 3 and data["counts"]["rejected"] == 1
    assert [b["id"] for b in data["bulletins"]] == ["001_huyen", "002_thi-xa", "004_dong-da", "000_gia-thuy", "003_bo-de"]
    huyen = data["bulletins"][0]
    assert huyen["missing"] == ["locality.name", "locality.province", "author"]
    assert huyen["sidecar_file"] == "001_huyen.yaml"
    assert huyen["sidecar"] == "locality:\n  name: '...'\n  province: '...'\nauthor: '...'\n"
    for record in data["bulletins"]:
        assert (site / record["url"] / "index.html").is_file(), record["id"]
    assert data["bulletins"][2]["warnings"] == [{
        "message": "date line not understood: 'Cập nhật 12/7'", "line": 12, "field": "published",
        "hint": "write the date as DD/MM/YYYY in a sidecar", "level": "warning",
    }]
    assert data["rejected"] == [{"file": "zz_hong.txt", "reason": REJECTED[0][1]}]
    assert data["other"] == [{"file": "le.yaml", "message": STRAY.message, "line": None, "hint": STRAY.hint}]


def test_report_json_is_deterministic_and_fills_urls_from_the_archive() -> None:
    articles = _flawed_articles()
    early = _report(articles)  # made before the archive gave the articles their URLs
    assert all(b.url == "" for b in early.bulletins)
    archive = build_archive(articles)
    late = _report(list(reversed(articles)))
    late.rejected.reverse()
    assert report_json(early, archive.articles) == report_json(late, archive.articles)
    urls = {b["id"]: b["url"] for b in json.loads(report_json(early, archive.articles))["bulletins"]}
    assert urls == {a.id: a.url for a in archive.articles}


def test_report_is_linked_from_home_nav_and_footer(tmp_path: Path) -> None:
    site, _ = _build(tmp_path)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<h3 id="tra-cuu-bao-cao"><a href="bao-cao/index.html">Báo cáo chất lượng dữ liệu</a></h3>' in home
    assert "3 trong 5 bản tin cần bổ sung hoặc xem lại; 1 tệp bị loại." in home
    article = next((site / "bai-viet").glob("*/index.html")).read_text(encoding="utf-8")
    footer = article[article.index("<footer"):]
    assert '<a href="../../bao-cao/index.html">Báo cáo chất lượng</a>' in footer
    assert '<a href="../../api/report.json">Báo cáo dạng JSON</a>' in footer
    report = (site / "bao-cao/index.html").read_text(encoding="utf-8")
    assert '<a href="index.html" aria-current="page">Báo cáo chất lượng</a>' in report


def test_without_a_report_there_is_no_report_page_or_link(tmp_path: Path) -> None:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path)
    write_site(render_site(build_archive(articles, settings), settings), settings.output)
    assert not (settings.output / "bao-cao").exists() and not (settings.output / "api/report.json").exists()
    assert '"bao-cao/index.html"' not in (settings.output / "index.html").read_text(encoding="utf-8")


def test_site_with_the_report_has_no_broken_links(tmp_path: Path) -> None:
    site, _ = _build(tmp_path, page_size=1)
    assert check_links(site) == []


def _report_output(archive, settings, report, previous=None, index=None):  # type: ignore[no-untyped-def]
    outputs = render_site(archive, settings, report, global_key="k", previous=previous, index=index)
    return next(o for o in each_output(outputs) if o.path == "bao-cao/index.html")


def test_report_page_is_kept_while_the_report_is_the_same_and_made_again_when_it_changes(tmp_path: Path) -> None:
    articles = _flawed_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path)
    archive = build_archive(articles, settings)
    report = _report(articles)
    plain = next(o for o in render_site(archive, settings, report) if o.path == "bao-cao/index.html")
    index: dict = {}
    first = _report_output(archive, settings, report, index=index)
    assert first.data() == plain.content  # keyed and made later: the same bytes
    again = _report_output(archive, settings, _report(articles), previous=index, index={})
    assert again.key == first.key
    # A bulletin whose author is now known: one field fewer to fix, another page.
    by_id = {a.id: a for a in articles}
    missing_author = next(a for a in articles if a.author is None and a.duplicate_of is None)
    by_id[missing_author.id].author = Author("Minh Anh")
    new_report = _report(articles)
    changed = _report_output(archive, settings, new_report, previous=index, index={})
    assert changed.key != first.key
    new_plain = next(o for o in render_site(archive, settings, new_report) if o.path == "bao-cao/index.html")
    assert changed.data() == new_plain.content != plain.content


def test_report_json_lines_kept_between_builds_give_the_same_file(tmp_path: Path) -> None:
    """The lines of records unchanged since the last build are taken as they were
    (``Fragments``); the file is the one made without them, and a changed record's line is new."""
    from danvan_site.site.exports import Fragments

    articles = _flawed_articles()
    archive = build_archive(articles)
    for a in archive.records:
        a.fingerprint = f"fp-{a.id}"
    report = _report(archive.records)
    plain = report_json(report, archive.records)
    pieces = tmp_path / "report.db"
    first = Fragments(pieces, "v1")
    assert report_json(report, archive.records, fragments=first) == plain
    assert first.made == len(report.bulletins)
    again = Fragments(pieces, "v1")
    assert report_json(report, archive.records, fragments=again) == plain
    assert again.made == 0
    # One record edited (a new fingerprint, a new title): only its line is made again.
    edited = next(a for a in archive.records if a.duplicate_of is None)
    edited.title, edited.fingerprint = "Tiêu đề đã sửa", "fp-edited"
    report = _report(archive.records)
    after = Fragments(pieces, "v1")
    made = report_json(report, archive.records, fragments=after)
    assert after.made == 1
    assert made == report_json(report, archive.records)
    assert "Tiêu đề đã sửa" in made.decode("utf-8")
