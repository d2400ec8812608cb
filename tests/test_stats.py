"""The statistics page: exact counts for a hand-made archive and for the seeds build, SVG charts
that are well-formed XML with role, title and desc, tables that carry the same numbers as the
charts, deterministic output, and links that check out."""
from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from danvan_site.site import charts as chart_svg
from danvan_site.site import stats
from danvan_site.archive.groups import build_archive
from danvan_site.core.config import load_settings
from danvan_site.core.models import Article, Locality, MeetingType, Person
from danvan_site.build.pipeline import build
from danvan_site.site.render import render_site
from danvan_site.output.write import write_site
from linkcheck import check_links
from site_samples import VN, make_settings, sample_articles, write_corpus

SVG = "{http://www.w3.org/2000/svg}"


def extra_articles() -> list[Article]:
    """Two more bulletins: a second one in July 2021 at phường Gia Thụy (so that month has the
    most), and an undated one at xã Hoàng Tân (province unknown)."""
    return [
        Article(
            id="005_gia-thuy-2", source_file="005_gia-thuy-2.txt", sha256="f" * 64,
            title="Phường Gia Thụy sơ kết công tác dân vận tháng 7",
            published=datetime(2021, 7, 20, 9, 0, tzinfo=VN),
            locality=Locality(level="phường", name="Gia Thụy", province="Hà Nội", district="quận Long Biên",
                              district_level="quận", district_name="Long Biên", code="00130"),
            meeting_type=MeetingType("so-ket", "sơ kết"),
            people=[Person("Lê Thị Thủy", ["Phó Chủ tịch Ủy ban MTTQ phường"])],
            body=["Sáng 20/7, phường Gia Thụy sơ kết công tác dân vận."],
        ),
        Article(
            id="006_khong-ngay", source_file="006_khong-ngay.txt", sha256="0" * 64,
            title="Xã Hoàng Tân gặp mặt người có uy tín",
            locality=Locality(level="xã", name="Hoàng Tân"),
            body=["Xã Hoàng Tân gặp mặt người có uy tín."],
        ),
    ]


def small_archive():
    return build_archive(sample_articles() + extra_articles())


def _values(bars) -> list[tuple[str, int]]:
    return [(b.full_label, b.value) for b in bars]


# --- the figures ------------------------------------------------------------------------------


def test_monthly_counts_span_the_archive_with_empty_months() -> None:
    bars = stats.monthly_counts(small_archive())
    assert len(bars) == 37  # July 2020 to July 2023
    assert (bars[0].key, bars[-1].key) == ("2020-07", "2023-07")
    assert [(b.key, b.value) for b in bars if b.value] == [
        ("2020-07", 1), ("2020-10", 1), ("2021-07", 2), ("2022-06", 1), ("2023-07", 1),
    ]
    assert sum(b.value for b in bars) == 6  # the undated bulletin is not counted
    assert bars[1] == stats.Bar(key="2020-08", label="8/2020", value=0, full_label="Tháng 8/2020", url=None)
    assert bars[12].url == "thoi-gian/2021/07/" and bars[12].label == "7/2021"


def test_meeting_type_counts_follow_the_vocabulary() -> None:
    assert [(b.key, b.label, b.value, b.url) for b in stats.meeting_type_counts(small_archive())] == [
        ("so-ket", "Sơ kết", 2, "loai-hoi-nghi/so-ket/"),
        ("tong-ket", "Tổng kết", 1, "loai-hoi-nghi/tong-ket/"),
        ("giao-ban", "Giao ban", 1, "loai-hoi-nghi/giao-ban/"),
        ("lam-viec", "Làm việc", 2, "loai-hoi-nghi/lam-viec/"),
        ("khac", "Khác", 1, "loai-hoi-nghi/khac/"),
    ]


def test_province_counts_most_first_unknown_last() -> None:
    bars = stats.province_counts(small_archive())
    assert [(b.label, b.value, b.url) for b in bars] == [
        ("Hà Nội", 4, "dia-phuong/ha-noi/"),
        ("Chưa rõ tỉnh, thành phố", 3, None),  # huyện with no name, xã Hoàng Tân twice
    ]
    assert sum(b.value for b in bars) == 7


def test_province_ties_in_vietnamese_alphabetical_order() -> None:
    def at(i: str, province: str) -> Article:
        return Article(id=i, source_file=f"{i}.txt", sha256="1" * 64, title=i, published=date(2021, 1, 1),
                       locality=Locality(level="tỉnh", name=province, province=province))
    archive = build_archive([at("a", "Đồng Nai"), at("b", "Bắc Ninh"), at("c", "Điện Biên"), at("d", "Đồng Nai"),
                             at("e", "An Giang")])
    assert _values(stats.province_counts(archive)) == [
        ("Đồng Nai", 2), ("An Giang", 1), ("Bắc Ninh", 1), ("Điện Biên", 1),
    ]


def test_top_localities_count_bulletins_filed_at_each_place() -> None:
    assert [(b.label, b.full_label, b.value) for b in stats.top_localities(small_archive())] == [
        ("Phường Gia Thụy", "Phường Gia Thụy, Quận Long Biên, Hà Nội", 2),
        ("Xã Hoàng Tân", "Xã Hoàng Tân", 2),
        ("Phường Bồ Đề", "Phường Bồ Đề, Quận Long Biên, Hà Nội", 1),
        ("Quận Đống Đa", "Quận Đống Đa, Hà Nội", 1),
    ]


def test_top_localities_keep_ten_and_tell_namesakes_apart() -> None:
    def at(i: str, district: str, ward: str, day: int) -> Article:
        return Article(id=i, source_file=f"{i}.txt", sha256="2" * 64, title=i, published=date(2022, 3, day),
                       locality=Locality(level="phường", name=ward, province="Hồ Chí Minh",
                                         district=f"quận {district}", district_level="quận", district_name=district))
    items = [at(f"x{n:02d}", "3" if n % 2 else "5", str(n), n) for n in range(1, 13)]
    items += [at("y1", "3", "1", 20), at("y2", "5", "1", 21)]
    bars = stats.top_localities(build_archive(items))
    assert len(bars) == 10
    assert [(b.label, b.value) for b in bars[:2]] == [("Phường 1 (Quận 3)", 2), ("Phường 1 (Quận 5)", 1)]
    assert [b.label for b in bars[2:]] == [f"Phường {n}" for n in range(2, 10)]


def test_summary() -> None:
    s = stats.summarise(small_archive())
    assert (s.articles, s.dated, s.undated, s.first, s.last, s.months, s.active_months) == (
        7, 6, 1, date(2020, 7, 10), date(2023, 7, 12), 37, 5)
    assert (s.provinces, s.places, s.unlocated, s.people, s.meeting_types) == (1, 5, 1, 6, 5)


@pytest.mark.parametrize(("value", "total", "text"), [
    (1, 3, "33,3%"), (2, 3, "66,7%"), (1, 8, "12,5%"), (1, 16, "6,3%"), (3, 16, "18,8%"),
    (5, 5, "100,0%"), (0, 7, "0,0%"), (0, 0, "0,0%"), (12345, 12345, "100,0%"),
])
def test_share_rounds_half_up(value: int, total: int, text: str) -> None:
    assert stats.share(value, total) == text


def test_chart_descriptions_name_the_peak() -> None:
    months, types, provinces, places = stats.charts(small_archive())
    assert months.description == (
        "Biểu đồ cột, mỗi hàng một năm: số bản tin mỗi tháng từ tháng 7/2020 đến tháng 7/2023, 6 bản tin "
        "trong 37 tháng, 32 tháng không có bản tin. Nhiều nhất: tháng 7/2021 với 2 bản tin.")
    assert "Không tính 1 bản tin chưa rõ ngày." in months.caption
    assert types.description == ("Biểu đồ thanh ngang: số bản tin theo loại hội nghị, 5 loại. "
                                 "Nhiều nhất: Sơ kết và Làm việc, mỗi loại 2 bản tin.")
    assert provinces.description == ("Biểu đồ thanh ngang: số bản tin theo tỉnh, thành phố, 1 tỉnh, thành phố. "
                                     "Nhiều nhất: Hà Nội với 4 bản tin. 3 bản tin chưa rõ tỉnh, thành phố.")
    assert places.description.endswith(
        "Nhiều nhất: Phường Gia Thụy, Quận Long Biên, Hà Nội và Xã Hoàng Tân, mỗi địa phương 2 bản tin.")
    # more than three leaders: three named, the rest counted
    seeds_like = build_archive(sample_articles())
    assert stats.charts(seeds_like)[0].description.endswith(
        "Nhiều nhất: tháng 7/2020, tháng 10/2020, tháng 7/2021 và 2 tháng khác, mỗi tháng 1 bản tin.")


# --- the SVG ----------------------------------------------------------------------------------


def _svg_values(root: ET.Element) -> list[int]:
    return [int(t.text.replace(".", "")) for t in root.iter(f"{SVG}text") if t.get("class") == "value"]


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_svg_is_well_formed_and_described(position: int) -> None:
    chart = stats.charts(small_archive())[position]
    markup = str(chart_svg.render_chart(chart))
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text == chart.title and desc.text == chart.description
    assert root.get("aria-labelledby") == title.get("id") == f"{chart.slug}-tieu-de"
    assert root.get("aria-describedby") == desc.get("id") == f"{chart.slug}-mo-ta"
    # scales with its viewBox: no fixed size; 360 units wide, nothing drawn outside
    assert root.get("width") is None and root.get("height") is None
    x0, y0, width, height = (float(v) for v in root.get("viewBox").split())
    assert (x0, y0, width) == (0, 0, 360)
    for element in root.iter():
        for attr in ("x", "x1", "x2"):
            if element.get(attr) is not None:
                assert 0 <= float(element.get(attr)) <= width, (element.tag, element.attrib)
        for attr in ("y", "y1", "y2"):
            if element.get(attr) is not None:
                assert 0 <= float(element.get(attr)) <= height, (element.tag, element.attrib)
    # the numbers drawn are the chart's data
    assert _svg_values(root) == [b.value for b in chart.bars]
    assert root.get("font-family") == chart_svg.FONT_STACK


def test_month_chart_draws_a_row_per_year_and_zero_months() -> None:
    chart = stats.charts(small_archive())[0]
    root = ET.fromstring(str(chart_svg.render_chart(chart)))
    years = [g.get("data-year") for g in root.iter(f"{SVG}g")]
    assert years == ["2020", "2021", "2022", "2023"]
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 5
    heights = sorted(float(r.get("height")) for r in root.iter(f"{SVG}rect"))
    assert heights == [30, 30, 30, 30, 60]  # July 2021 (2 bulletins) is the tallest
    assert _svg_values(root).count(0) == 32


def test_chart_text_uses_the_site_font_stack_and_theme_colours() -> None:
    css = (ROOT / "src/danvan_site/site/theme" / "static" / "style.css").read_text(encoding="utf-8")
    body = re.search(r"body\s*\{[^}]*font-family:\s*([^;]+);", css)
    assert body is not None and body.group(1).strip() == chart_svg.FONT_STACK
    for colour in (chart_svg.TEXT_COLOUR, chart_svg.MUTED_COLOUR, chart_svg.BAR_COLOUR):
        assert colour in css  # the theme's text, muted and link colours


def _contrast(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def test_chart_colours_meet_aa_contrast_on_white() -> None:
    root = ET.fromstring(str(chart_svg.render_chart(stats.charts(small_archive())[0])))
    used = {e.get("fill") for e in root.iter() if e.get("fill")} | {e.get("stroke") for e in root.iter() if e.get("stroke")}
    assert used == {chart_svg.TEXT_COLOUR, chart_svg.MUTED_COLOUR, chart_svg.BAR_COLOUR}
    assert all(_contrast(c) >= 4.5 for c in used)


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    long_name = "Khu dân cư số 1 " + "rất dài " * 8 + "& <b>đậm</b>"
    chart = stats.ChartData(
        slug="thu", kind="bars", title="Thử <b>", caption="", description="A & B < C", label_header="x",
        bars=(stats.Bar("k", long_name, 3, long_name), stats.Bar("j", "<script>alert(1)</script>", 1, "s")), total=4)
    markup = str(chart_svg.render_chart(chart))
    assert "<script>" not in markup and "<b>" not in markup
    root = ET.fromstring(markup)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels[1] == "<script>alert(1)</script>"
    assert labels[0].endswith("…") and len(labels[0]) == 46 and long_name.startswith(labels[0][:-1])
    assert root[0].text == "Thử <b>" and root[1].text == "A & B < C"


def test_no_bars_no_svg() -> None:
    empty = stats.ChartData(slug="x", kind="bars", title="t", caption="", description="d", label_header="h",
                            bars=(), total=0)
    assert str(chart_svg.render_chart(empty)) == ""


# --- the page ---------------------------------------------------------------------------------


class _StatsPage(HTMLParser):
    """Per chart section: the inline SVG source and the table rows (label, count, share)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.sections: dict[str, dict] = {}
        self._current: dict | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_tbody = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "chart-section" in (a.get("class") or ""):
            self._current = {"id": a.get("aria-labelledby"), "rows": [], "links": []}
            self.sections[a["aria-labelledby"]] = self._current
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and self._row is not None and self._current is not None:
            self._current["links"].append(a.get("href"))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._current is not None:
            self._current["rows"].append(tuple(self._row))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def svg(self, slug: str) -> ET.Element:
        start = self.html.index(f'<section class="chart-section" aria-labelledby="{slug}">')
        begin = self.html.index("<svg", start)
        end = self.html.index("</svg>", begin) + len("</svg>")
        return ET.fromstring(self.html[begin:end])


def _render(tmp_path: Path, articles: list[Article], **changes) -> Path:
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, **changes)
    write_site(render_site(build_archive(articles, settings), settings), settings.output)
    return settings.output


def test_stats_page_tables_equal_the_charts(tmp_path: Path) -> None:
    articles = sample_articles() + extra_articles()
    site = _render(tmp_path, articles)
    html = (site / "thong-ke/index.html").read_text(encoding="utf-8")
    page = _StatsPage(html)
    # the four charts, then the report tables by period (site/tables.py, tests/test_tables.py)
    assert list(page.sections) == ["theo-thang", "theo-loai", "theo-tinh", "dia-phuong-nhieu-nhat", "so-lieu-theo-ky"]
    for chart in stats.charts(build_archive(copy.deepcopy(articles))):
        section = page.sections[chart.slug]
        rows = section["rows"]
        assert [(r[0], int(r[1].replace(".", ""))) for r in rows] == _values(chart.bars)
        assert [r[2] for r in rows] == [stats.share(b.value, 7) for b in chart.bars]
        assert _svg_values(page.svg(chart.slug)) == [b.value for b in chart.bars]
    assert page.sections["theo-tinh"]["rows"] == [("Hà Nội", "4", "57,1%"), ("Chưa rõ tỉnh, thành phố", "3", "42,9%")]
    assert page.sections["theo-thang"]["links"][:2] == ["../thoi-gian/2020/07/index.html",
                                                       "../thoi-gian/2020/10/index.html"]
    # figure, caption, SVG, then the table; the prose summary at the top
    assert html.count("<figure class=\"chart\">") == 4 and html.count("<figcaption>") == 4
    assert html.count('<details class="chart-data">') == 4
    assert ("Kho lưu trữ có <strong>7</strong> bản tin, từ 10/07/2020 đến 12/07/2023 (37 tháng, 5 tháng có "
            "bản tin); 1 bản tin chưa rõ ngày.") in html
    assert ("nói về <strong>1</strong> tỉnh, thành phố và <strong>5</strong> quận, huyện, xã, phường "
            "(1 bản tin chưa xác định được địa phương), thuộc <strong>5</strong> loại hội nghị, và nêu tên "
            "<strong>6</strong> người.") in html
    assert '<html lang="vi"' in html
    assert check_links(site) == []


def test_stats_page_is_deterministic(tmp_path: Path) -> None:
    a = _render(tmp_path / "a", sample_articles() + extra_articles())
    b = _render(tmp_path / "b", list(reversed(sample_articles() + extra_articles())))
    assert (a / "thong-ke/index.html").read_bytes() == (b / "thong-ke/index.html").read_bytes()


def test_stats_page_of_an_empty_archive(tmp_path: Path) -> None:
    site = _render(tmp_path, [])
    html = (site / "thong-ke/index.html").read_text(encoding="utf-8")
    assert "Chưa có bản tin nào." in html
    assert "<svg" not in html and "<table" not in html
    assert check_links(site) == []


def test_stats_page_is_linked_from_the_home_page_and_the_nav(tmp_path: Path) -> None:
    site = _render(tmp_path, sample_articles())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('href="thong-ke/index.html"') >= 3  # nav, under the figures, the browse grid
    assert 'href="nguoi/index.html"' in home
    article = next((site / "bai-viet").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<a href="../../thong-ke/index.html">Thống kê</a>' in article
    own = (site / "thong-ke/index.html").read_text(encoding="utf-8")
    assert '<a href="index.html" aria-current="page">Thống kê</a>' in own


# --- the seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "site"
    build(load_settings(ROOT / "site.yaml", {"corpus": str(CORPUS), "output": str(out)}))
    return out


def test_seeds_build_counts(seeds_site: Path) -> None:
    html = (seeds_site / "thong-ke/index.html").read_text(encoding="utf-8")
    page = _StatsPage(html)
    months = page.sections["theo-thang"]["rows"]
    assert len(months) == 37
    assert [(label, n) for label, n, _ in months if n != "0"] == [
        ("Tháng 7/2020", "1"), ("Tháng 10/2020", "1"), ("Tháng 7/2021", "1"), ("Tháng 6/2022", "1"),
        ("Tháng 7/2023", "1"),
    ]
    assert page.sections["theo-loai"]["rows"] == [
        ("Sơ kết", "1", "20,0%"), ("Tổng kết", "1", "20,0%"), ("Giao ban", "1", "20,0%"), ("Làm việc", "2", "40,0%"),
    ]
    assert page.sections["theo-tinh"]["rows"] == [("Hà Nội", "3", "60,0%"), ("Chưa rõ tỉnh, thành phố", "2", "40,0%")]
    assert page.sections["dia-phuong-nhieu-nhat"]["rows"] == [
        ("Phường Bồ Đề, Quận Long Biên, Hà Nội", "1", "20,0%"),
        ("Phường Gia Thụy, Quận Long Biên, Hà Nội", "1", "20,0%"),
        ("Quận Đống Đa, Hà Nội", "1", "20,0%"),
    ]
    for slug in [s for s in page.sections if s != "so-lieu-theo-ky"]:  # the charts
        root = page.svg(slug)
        assert root.get("role") == "img" and root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"
        assert _svg_values(root) == [int(r[1]) for r in page.sections[slug]["rows"]]
    assert "Kho lưu trữ có <strong>5</strong> bản tin, từ 10/07/2020 đến 12/07/2023" in html
    assert "nêu tên <strong>9</strong> người." in html
    assert check_links(seeds_site) == []
