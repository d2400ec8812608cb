"""Report tables (site/tables.py): the CSV files read back with the csv module give the right
counts, start with a byte-order mark, keep formulas from running and list places in Vietnamese
alphabetical order; the statistics page's period tables and their sentence; LibreOffice opens a
file (when it is installed; CI must have it); the sentence quoted in docs/du-lieu.md is true."""
from __future__ import annotations

import copy
import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest

from conftest import ROOT
from danvan_site.archive import urls
from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Article, Locality, MeetingType, Period
from danvan_site.site import tables
from site_samples import VN

H1_2021 = Period("6 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 6, 30))
TYPES = {
    "hoi-nghi": MeetingType("hoi-nghi", "hội nghị"),
    "doi-thoai": MeetingType("doi-thoai", "đối thoại"),
    "tap-huan": MeetingType("tap-huan", "tập huấn"),
    "so-ket": MeetingType("so-ket", "sơ kết"),
}
GIA_THUY = Locality(level="phường", name="Gia Thụy", province="Hà Nội", district="quận Long Biên",
                    district_level="quận", district_name="Long Biên")
LONG_BIEN = Locality(level="quận", name="Long Biên", province="Hà Nội")
HAI_CHAU = Locality(level="quận", name="Hải Châu", province="Đà Nẵng")
CAN_THO = Locality(level="tỉnh", name="Cần Thơ", province="Cần Thơ")
FORMULA = Locality(level="xã", name="Hồng Hà", province="=HYPERLINK(1)")


def _a(id: str, kind: str, place: Locality, event: date | None = None, published=None,
       period: Period | None = None, duplicate_of: str | None = None) -> Article:
    return Article(id=id, source_file=f"{id}.txt", sha256="0" * 64, title=f"Bản tin {id}", published=published,
                   event_date=event, locality=place, meeting_type=TYPES[kind], period=period,
                   duplicate_of=duplicate_of)


def records() -> list[Article]:
    """In the first half of 2021: 3 hội nghị, 1 đối thoại, 1 tập huấn (one dated by its publication
    only); in July a sơ kết that reviews the first half; an undated one; a merged duplicate."""
    return [
        _a("01", "hoi-nghi", GIA_THUY, date(2021, 1, 10)),
        _a("02", "hoi-nghi", GIA_THUY, date(2021, 2, 5)),
        _a("03", "hoi-nghi", LONG_BIEN, date(2021, 5, 20)),
        _a("04", "doi-thoai", HAI_CHAU, date(2021, 4, 2)),
        _a("05", "tap-huan", CAN_THO, published=datetime(2021, 6, 30, 9, 0, tzinfo=VN)),
        _a("06", "so-ket", GIA_THUY, date(2021, 7, 15), period=H1_2021),
        _a("07", "hoi-nghi", Locality()),
        _a("08", "hoi-nghi", GIA_THUY, date(2021, 1, 10), duplicate_of="01"),
        _a("09", "doi-thoai", FORMULA, date(2022, 3, 1)),
    ]


@pytest.fixture(scope="module")
def archive():
    return build_archive(records())


@pytest.fixture(scope="module")
def files(archive):
    return tables.report_csvs(archive)


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_files_and_their_headers(files):
    assert list(files) == [
        "api/thong-ke/theo-quy.csv", "api/thong-ke/theo-6-thang.csv", "api/thong-ke/theo-nam.csv",
        "api/thong-ke/theo-ky-bao-cao.csv", "api/thong-ke/so-lieu.csv",
    ]
    first = files["api/thong-ke/theo-6-thang.csv"].decode("utf-8-sig").split("\r\n")[0]
    assert first == ('Kỳ,Từ ngày,Đến ngày,"Tỉnh, thành phố","Quận, huyện","Xã, phường, thị trấn",'
                     "Sơ kết,Hội nghị,Đối thoại,Tập huấn,Tổng số")
    for data in files.values():
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")


def test_half_year_counts(files):
    rows = _read(files["api/thong-ke/theo-6-thang.csv"])
    h1 = [r for r in rows if r["Kỳ"] == "6 tháng đầu năm 2021"]
    assert sum(int(r["Hội nghị"]) for r in h1) == 3  # the merged duplicate is not counted again
    assert sum(int(r["Đối thoại"]) for r in h1) == 1
    assert sum(int(r["Tập huấn"]) for r in h1) == 1  # dated by its publication
    assert sum(int(r["Sơ kết"]) for r in h1) == 0  # held in July, though it reviews the first half
    assert sum(int(r["Tổng số"]) for r in h1) == 5
    assert {(r["Từ ngày"], r["Đến ngày"]) for r in h1} == {("2021-01-01", "2021-06-30")}
    # one row per place, at the place itself; provinces in Vietnamese order (C, Đ, H)
    assert [(r["Tỉnh, thành phố"], r["Quận, huyện"], r["Xã, phường, thị trấn"], r["Tổng số"]) for r in h1] == [
        ("Cần Thơ", "", "", "1"),
        ("Đà Nẵng", "Quận Hải Châu", "", "1"),
        ("Hà Nội", "Quận Long Biên", "", "1"),
        ("Hà Nội", "Quận Long Biên", "Phường Gia Thụy", "2"),
    ]
    h2 = [r for r in rows if r["Kỳ"] == "6 tháng cuối năm 2021"]
    assert [(r["Xã, phường, thị trấn"], r["Sơ kết"], r["Tổng số"]) for r in h2] == [("Phường Gia Thụy", "1", "1")]
    # periods oldest first, the undated last; every bulletin counted once
    assert [r["Kỳ"] for r in rows][-1] == "Chưa rõ ngày"
    assert rows[-1]["Tỉnh, thành phố"] == "Chưa xác định"
    assert sum(int(r["Tổng số"]) for r in rows) == 8


def test_quarters_years_and_stated_periods(files):
    quarters = _read(files["api/thong-ke/theo-quy.csv"])
    assert [(r["Kỳ"], r["Tổng số"]) for r in quarters if r["Kỳ"].startswith("Quý")] == [
        ("Quý I/2021", "2"), ("Quý II/2021", "1"), ("Quý II/2021", "1"), ("Quý II/2021", "1"),
        ("Quý III/2021", "1"), ("Quý I/2022", "1"),
    ]
    years = _read(files["api/thong-ke/theo-nam.csv"])
    assert sum(int(r["Tổng số"]) for r in years if r["Kỳ"] == "Năm 2021") == 6
    stated = _read(files["api/thong-ke/theo-ky-bao-cao.csv"])
    assert [(r["Kỳ"], r["Sơ kết"]) for r in stated if r["Kỳ"] != tables.NO_STATED_PERIOD] == [
        ("6 tháng đầu năm 2021", "1")]
    assert sum(int(r["Tổng số"]) for r in stated if r["Kỳ"] == tables.NO_STATED_PERIOD) == 7


def test_long_file_for_pivot_tables(files):
    rows = _read(files["api/thong-ke/so-lieu.csv"])
    halves = [r for r in rows if r["Cách chia kỳ"] == "6 tháng" and r["Kỳ"] == "6 tháng đầu năm 2021"]
    assert sorted((r["Mã loại hội nghị"], int(r["Số bản tin"])) for r in halves) == [
        ("doi-thoai", 1), ("hoi-nghi", 1), ("hoi-nghi", 2), ("tap-huan", 1)]
    for kind in ("Quý", "6 tháng", "Năm", "Kỳ báo cáo ghi trong bản tin"):
        assert sum(int(r["Số bản tin"]) for r in rows if r["Cách chia kỳ"] == kind) == 8


def test_formulas_do_not_run(files):
    rows = _read(files["api/thong-ke/theo-nam.csv"])
    assert [(r["Tỉnh, thành phố"], r["Xã, phường, thị trấn"]) for r in rows if r["Kỳ"] == "Năm 2022"] == [
        ("'=HYPERLINK(1)", "Xã Hồng Hà")]


def test_periods():
    assert tables.calendar_period(date(2021, 11, 30), "quy") == tables.ReportPeriod(
        "quy", "2021-q4", "Quý IV/2021", date(2021, 10, 1), date(2021, 12, 31))
    assert tables.calendar_period(date(2020, 2, 29), "quy").end == date(2020, 3, 31)
    assert tables.calendar_period(date(2021, 7, 1), "6-thang").label == "6 tháng cuối năm 2021"
    assert tables.calendar_period(date(2021, 6, 30), "6-thang").key == "2021-h1"
    assert tables.calendar_period(date(2021, 6, 30), "nam").label == "Năm 2021"
    undated = _a("x", "hoi-nghi", Locality())
    assert tables.period_of(undated, "quy").label == tables.UNDATED
    assert tables.period_of(undated, "ky-bao-cao").label == tables.NO_STATED_PERIOD


def test_page_tables(archive):
    groups = tables.period_tables(archive)
    assert [(g.kind, g.shown, g.available) for g in groups] == [("quy", 4, 4), ("6-thang", 2, 3), ("nam", 2, 2)]
    halves = groups[1].tables
    assert [t.period.label for t in halves] == ["6 tháng đầu năm 2022", "6 tháng cuối năm 2021"]
    h1 = tables.period_tables(archive, recent={"6-thang": 3})[0].tables[2]
    assert h1.anchor == "ky-2021-h1"
    assert h1.sentence == ("6 tháng đầu năm 2021 (01/01/2021 – 30/06/2021): 5 bản tin, gồm 3 hội nghị, "
                           "1 buổi đối thoại, 1 lớp tập huấn.")
    assert [c.label for c in h1.columns] == ["Hội nghị", "Đối thoại", "Tập huấn"]
    assert [(p.label, values, total) for p, values, total in h1.rows] == [
        ("Cần Thơ", (0, 0, 1), 1),
        ("Quận Hải Châu, Đà Nẵng", (0, 1, 0), 1),
        ("Quận Long Biên, Hà Nội", (1, 0, 0), 1),
        ("Phường Gia Thụy, Quận Long Biên, Hà Nội", (2, 0, 0), 2),
    ]
    assert h1.totals == (3, 1, 1) and h1.total == 5 and not h1.by_province
    # too many places: one row per province
    rolled = tables.period_tables(archive, recent={"6-thang": 3}, max_rows=3)[0].tables[2]
    assert rolled.by_province
    assert [(p.label, total) for p, _, total in rolled.rows] == [("Cần Thơ", 1), ("Đà Nẵng", 1), ("Hà Nội", 3)]
    context = tables.stats_context(archive)
    assert context.undated == 1
    assert [url for url, _ in context.files] == list(tables.report_csvs(archive))


def test_the_statistics_page_section(tmp_path):
    """The section renders (escaped, with caption and header scopes) when the context is given,
    and the page renders as before without it."""
    from danvan_site.site import charts, stats
    from danvan_site.site.render import _Renderer
    from site_samples import make_settings

    hostile = Locality(level="xã", name="<script>alert(1)</script>", province="Hà Nội")
    archive = build_archive(records() + [_a("10", "hoi-nghi", hostile, date(2022, 3, 2))])
    renderer = _Renderer(archive, make_settings(tmp_path))
    drawn = [(chart, charts.render_chart(chart)) for chart in stats.charts(archive)]
    common = dict(section=urls.STATS, summary=stats.summarise(archive), charts=drawn, share=stats.share)
    html = renderer.page("stats.html", urls.STATS, "Thống kê", [("Thống kê", urls.STATS)],
                         report_tables=tables.stats_context(archive), **common).content.decode()
    section = html[html.index('id="so-lieu-theo-ky"'):]
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert '<a href="#ky-2022-q1">Quý I/2022</a>' in section
    assert '<h4 id="ky-2022-q1">Quý I/2022</h4>' in section
    assert section.count("<caption>") == 8
    assert '<caption>Quý I/2022 (01/01/2022 – 31/03/2022): số bản tin theo địa phương và loại hội nghị</caption>' in section
    assert '<th scope="col" class="num">Đối thoại</th>' in section
    assert '<tr><th scope="row">Cộng</th>' in section
    assert '<a href="../api/thong-ke/theo-quy.csv">' in section
    assert "Không tính 1 bản tin chưa rõ ngày." in section
    plain = renderer.page("stats.html", urls.STATS, "Thống kê", [("Thống kê", urls.STATS)], **common).content
    assert b"so-lieu-theo-ky" not in plain


def test_libreoffice_opens_a_file(files, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed, and CI must check the CSV files with it")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    source = tmp_path / "theo-6-thang.csv"
    source.write_bytes(files["api/thong-ke/theo-6-thang.csv"])
    # UTF-8 (76), comma separated (44), double quotes (34), first line 1
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--infilter=CSV:44,34,76,1",
         "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "theo-6-thang.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    for text in ("Xã, phường, thị trấn", "6 tháng đầu năm 2021", "Phường Gia Thụy", "Đà Nẵng", "Tập huấn"):
        assert text in strings, text


def test_the_sentence_quoted_in_the_doc_is_true(seed_articles):
    archive = build_archive(copy.deepcopy(list(seed_articles.values())))
    doc = (ROOT / "docs" / "du-lieu.md").read_text(encoding="utf-8")
    quoted = re.search(r'ví dụ: "(6 tháng cuối năm 2020[^"]*)"', " ".join(doc.split())).group(1)
    halves = tables.period_tables(archive, recent={"6-thang": 10})[0].tables
    assert quoted in [t.sentence for t in halves]
