"""People: one person per name whatever the tone placement, the index in Vietnamese alphabetical
order with a letter index, and a page per person with the roles the bulletins state, over time."""
from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from danvan_site.site import stats
from danvan_site.archive import urls
from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Article, Locality, MeetingType, Person
from danvan_site.site.render import paginate_alphabetical, render_site
from danvan_site.output.write import write_site
from linkcheck import check_links
from site_samples import VN, XSS, make_settings, sample_articles, write_corpus


def _article(ident: str, day: date, people: list[Person], title: str | None = None) -> Article:
    return Article(id=ident, source_file=f"{ident}.txt", sha256="3" * 64, title=title or f"Bản tin {ident}",
                   published=datetime(day.year, day.month, day.day, 8, 0, tzinfo=VN),
                   locality=Locality(level="xã", name="Yên Hòa", province="Ninh Bình"),
                   meeting_type=MeetingType("hoi-nghi", "hội nghị"), people=people, body=["Nội dung."])


def _render(tmp_path: Path, articles: list[Article], **changes) -> Path:
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, **changes)
    write_site(render_site(build_archive(articles, settings), settings), settings.output)
    return settings.output


class _Tables(HTMLParser):
    """The rows of the roles-over-time table (cell texts and the links in them), the breadcrumb
    trail and the letter headings of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.crumbs: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._in_table = self._in_body = self._in_crumbs = False
        self._cell: list[str] | None = None
        self._heading: tuple[str, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "roles-over-time" in (a.get("class") or ""):
            self._in_table = True
        elif tag == "tbody" and self._in_table:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []
        elif tag == "a" and self._in_body:
            self.links.append(a.get("href") or "")
        elif tag == "br" and self._cell is not None:
            self._cell.append(" | ")
        elif tag == "nav" and "breadcrumbs" in (a.get("class") or ""):
            self._in_crumbs = True
        elif tag == "h2" and "letter-heading" in (a.get("class") or ""):
            self._heading = (a.get("id") or "", [])

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "nav":
            self._in_crumbs = False
        elif tag == "h2" and self._heading is not None:
            self.headings.append((self._heading[0], "".join(self._heading[1]).strip()))
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_crumbs and data.strip():
            self.crumbs.append(data.strip())
        if self._heading is not None:
            self._heading[1].append(data)


# --- one person per name ----------------------------------------------------------------------


def test_tone_variants_are_one_person_shown_in_the_most_common_spelling() -> None:
    items = [
        _article("a1", date(2021, 3, 1), [Person("Trần Thị Hoà", ["Chủ tịch Hội LHPN xã"])]),
        _article("a2", date(2021, 4, 1), [Person("Trần Thị Hoà", ["Chủ tịch Hội LHPN xã"])]),
        _article("a3", date(2022, 5, 1), [Person("Trần Thị Hòa", ["Phó Bí thư Đảng ủy xã"])]),
    ]
    archive = build_archive(items)
    assert [(n.label, n.count) for n in archive.people.children] == [("Trần Thị Hoà", 3)]  # 2 against 1
    node = archive.people.children[0]
    profile = stats.person_profile(archive, node)
    assert profile.spellings == ["Trần Thị Hoà", "Trần Thị Hòa"]
    assert [s.spellings for s in profile.statements] == [("Trần Thị Hòa",), ("Trần Thị Hoà",), ("Trần Thị Hoà",)]
    # a tie goes to the modern placement
    tie = build_archive(items[1:])
    assert [n.label for n in tie.people.children] == ["Trần Thị Hòa"]


def test_sample_variants_merge_with_the_modern_spelling() -> None:
    archive = build_archive(sample_articles())
    thuy = archive.person_node("Lê Thị Thuỷ")
    assert thuy is archive.person_node("Lê Thị Thủy") and thuy is not None
    assert (thuy.label, thuy.count) == ("Lê Thị Thủy", 2)  # "Thuỷ" once, "Thủy" once: the modern one
    profile = stats.person_profile(archive, thuy)
    assert profile.spellings == ["Lê Thị Thủy", "Lê Thị Thuỷ"]
    # "Trưởng ban" (2023) and "Trưởng Ban" (2022) are one role, stated twice
    assert [(r.role, r.count, r.span) for r in profile.roles] == [("Trưởng Ban", 2, "22/06/2022 – 12/07/2023")]


def test_person_url_is_stable_when_bulletins_are_added() -> None:
    before = build_archive(sample_articles()).person_node("Lê Thị Thủy")
    more = sample_articles() + [
        _article("z1", date(2024, 1, 2), [Person("LÊ THỊ THUỶ", ["Bí thư Chi bộ"])]),
        _article("z2", date(2024, 2, 2), [Person("Lê Thị Thuỷ")]),
        _article("z3", date(2024, 3, 2), [Person("Lê  Thị Thuỷ")]),
    ]
    after = build_archive(more).person_node("Lê Thị Thủy")
    assert before is not None and after is not None
    assert after.label == "Lê Thị Thuỷ"  # now the most common spelling
    assert after.url == before.url == "nguoi/le-thi-thuy-" + urls.short_hash("lê thị thủy") + "/"


# --- the roles over time ----------------------------------------------------------------------


def test_profile_roles_over_time_newest_first() -> None:
    items = [
        _article("b1", date(2019, 5, 2), [Person("Võ Văn Tâm", ["Chủ tịch UBND xã"])]),
        _article("b2", date(2021, 8, 9), [Person("Võ Văn Tâm", ["Phó Bí thư Đảng ủy xã", "Chủ tịch UBND xã"])]),
        _article("b3", date(2023, 1, 15), [Person("Võ Văn Tâm", ["Bí thư Đảng ủy xã"])]),
        _article("b4", date(2023, 6, 1), [Person("Võ Văn Tâm")]),
        # named twice in one bulletin: one row, roles of both mentions, no repeat
        _article("b5", date(2020, 2, 3), [Person("Võ Văn Tâm", ["Chủ tịch UBND xã"]),
                                          Person("võ văn tâm", ["chủ tịch UBND xã", "Trưởng Ban chỉ đạo"])]),
    ]
    archive = build_archive(items)
    profile = stats.person_profile(archive, archive.person_node("Võ Văn Tâm"))
    assert [(s.article.id, s.date, s.roles) for s in profile.statements] == [
        ("b4", date(2023, 6, 1), ()),
        ("b3", date(2023, 1, 15), ("Bí thư Đảng ủy xã",)),
        ("b2", date(2021, 8, 9), ("Phó Bí thư Đảng ủy xã", "Chủ tịch UBND xã")),
        ("b5", date(2020, 2, 3), ("Chủ tịch UBND xã", "Trưởng Ban chỉ đạo")),
        ("b1", date(2019, 5, 2), ("Chủ tịch UBND xã",)),
    ]
    assert profile.latest is not None and profile.latest.article.id == "b3"
    assert [(r.role, r.count, r.span) for r in profile.roles] == [
        ("Bí thư Đảng ủy xã", 1, "15/01/2023"),
        ("Phó Bí thư Đảng ủy xã", 1, "09/08/2021"),
        ("Chủ tịch UBND xã", 3, "02/05/2019 – 09/08/2021"),
        ("Trưởng Ban chỉ đạo", 1, "03/02/2020"),
    ]
    assert (profile.first, profile.last) == (date(2019, 5, 2), date(2023, 6, 1))
    assert [(n.label, count) for n, count in profile.places] == [("Xã Yên Hòa", 5)]
    assert [(n.key, count) for n, count in profile.meeting_types] == [("hoi-nghi", 5)]


def test_person_page_table(tmp_path: Path) -> None:
    site = _render(tmp_path, sample_articles())
    archive = build_archive(sample_articles())
    bien = archive.person_node("Nguyễn Thành Biên")
    html = (site / bien.url / "index.html").read_text(encoding="utf-8")
    page = _Tables(html)
    assert page.rows == [
        ["12/07/2023", "Chủ tịch UBMTTQ",
         "Quận Đống Đa làm việc với Ban Dân vận Thành ủy | Quận Đống Đa, Hà Nội · Làm việc"],
        ["16/07/2021", "Phó Bí thư thường trực Đảng ủy",
         "Đảng ủy phường Gia Thụy tổ chức sơ kết mô hình Dân vận khéo 6 tháng đầu năm 2021 | "
         "Phường Gia Thụy, quận Long Biên, Hà Nội · Sơ kết"],
    ]
    by_id = {a.id: a for a in archive.articles}
    assert page.links == ["../../" + by_id["004_dong-da"].url + "index.html",
                          "../../" + by_id["000_gia-thuy"].url + "index.html"]
    assert page.crumbs == ["Trang chủ", "Người được nhắc đến", "Nguyễn Thành Biên"]
    assert "Được nêu tên trong 2 bản tin, từ 16/07/2021 đến 12/07/2023." in html
    assert '<a href="../../dia-phuong/ha-noi/quan-dong-da/index.html">Quận Đống Đa, Hà Nội</a>' in html
    assert '<a href="../../loai-hoi-nghi/lam-viec/index.html">Làm việc</a> <span class="count">(1)</span>' in html
    # a person with no role stated
    phuong = (site / archive.person_node("Lưu Thanh Phương").url / "index.html").read_text(encoding="utf-8")
    assert _Tables(phuong).rows[0][:2] == ["22/06/2022", "Không nêu"]
    assert "Các bản tin không nêu chức vụ." in phuong
    # the spellings seen, when there is more than one
    thuy = (site / archive.person_node("Lê Thị Thủy").url / "index.html").read_text(encoding="utf-8")
    assert "Các cách viết tên trong bản tin: Lê Thị Thủy, Lê Thị Thuỷ." in thuy
    assert "Các cách viết tên" not in html


def test_person_pages_are_paginated_with_breadcrumbs(tmp_path: Path) -> None:
    site = _render(tmp_path, sample_articles(), page_size=1)
    bien = build_archive(sample_articles()).person_node("Nguyễn Thành Biên")
    first = _Tables((site / bien.url / "index.html").read_text(encoding="utf-8"))
    second_html = (site / bien.url / "trang/1/index.html").read_text(encoding="utf-8")
    second = _Tables(second_html)
    assert [r[0] for r in first.rows] == ["12/07/2023"]
    assert [r[0] for r in second.rows] == ["16/07/2021"]
    assert second.crumbs == ["Trang chủ", "Người được nhắc đến", "Nguyễn Thành Biên", "Ngày 16/07/2021"]
    assert "<title>Nguyễn Thành Biên – ngày 16/07/2021 – " in second_html
    assert not (site / bien.url / "trang/2").exists()
    assert check_links(site) == []


# --- the index --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "letter"), [
    ("An", "A"), ("Ấn Văn", "Â"), ("ăn", "Ă"), ("đào", "Đ"), ("Ứng", "Ư"), ("Ơn", "Ơ"), ("Ôn", "Ô"),
    ("Ê", "Ê"), ("Ý", "Y"), ("Fatima", "F"), ("1 Người", "#"), ("Ωmega", "#"), ("", "#"),
])
def test_letter_of(name: str, letter: str) -> None:
    assert stats.letter_of(name) == letter


def test_letter_anchors_are_ascii_and_distinct() -> None:
    anchors = [stats.letter_anchor(x) for x in stats.ALPHABET]
    assert len(set(anchors)) == 29 and all(a.isascii() for a in anchors)
    assert (stats.letter_anchor("Ă"), stats.letter_anchor("Đ"), stats.letter_anchor("#")) == ("chu-aw", "chu-dd", "chu-khac")


def test_people_letters_point_at_the_right_page() -> None:
    archive = build_archive(sample_articles())  # Lê, Lưu, Nguyễn, Nguyễn, Phạm, Trần
    people = archive.people.children
    # each letter leads to the page of its first person, whatever the pages hold
    links = {l.letter: l.url for l in stats.people_letters(people, urls.PEOPLE, [1, 1, 2, 2, 3, 4])}
    assert list(links)[:7] == ["A", "Ă", "Â", "B", "C", "D", "Đ"]
    assert {k: v for k, v in links.items() if v} == {
        "L": "nguoi/#chu-l", "N": "nguoi/trang/2/#chu-n", "P": "nguoi/trang/3/#chu-p", "T": "nguoi/trang/4/#chu-t",
    }
    # as the people index is cut (2 a page, where the names' keys say): Lê, Lưu, Nguyễn Ngọc
    # Quang | Nguyễn Thành Biên | Phạm, Trần
    pages = paginate_alphabetical(people, urls.PEOPLE, 2)
    assert [[p.label for p in page.items] for page in pages] == [
        ["Lê Thị Thủy", "Lưu Thanh Phương", "Nguyễn Ngọc Quang"], ["Nguyễn Thành Biên"], ["Phạm Lê Hưng", "Trần Văn Thắng"]]
    assert [page.names for page in pages] == [("Lê Thị Thủy", "Nguyễn Ngọc Quang"), ("Nguyễn Thành Biên", "Nguyễn Thành Biên"),
                                              ("Phạm Lê Hưng", "Trần Văn Thắng")]
    links = {l.letter: l.url for l in stats.people_letters(people, urls.PEOPLE, [p.number for p in pages for _ in p.items])}
    assert {k: v for k, v in links.items() if v} == {
        "L": "nguoi/#chu-l", "N": "nguoi/#chu-n", "P": "nguoi/trang/3/#chu-p", "T": "nguoi/trang/3/#chu-t",
    }


def test_people_index_page(tmp_path: Path) -> None:
    site = _render(tmp_path, sample_articles(), page_size=2)  # pages: L L N | N | P T
    first = (site / "nguoi/index.html").read_text(encoding="utf-8")
    second = (site / "nguoi/trang/2/index.html").read_text(encoding="utf-8")
    third = (site / "nguoi/trang/3/index.html").read_text(encoding="utf-8")
    assert not (site / "nguoi/trang/4").exists()
    # one sentence says that namesakes cannot be told apart
    assert "hai người khác nhau trùng họ tên thì hiện chung một mục" in first
    assert _Tables(first).headings == [("chu-l", "L"), ("chu-n", "N")]
    assert _Tables(second).headings == [("chu-n", "N")]
    assert _Tables(third).headings == [("chu-p", "P"), ("chu-t", "T")]
    # letters: a link where someone is listed (page and heading), plain text elsewhere
    assert '<li><a href="index.html#chu-l">L</a></li>' in first
    assert '<li><a href="trang/3/index.html#chu-p">P</a></li>' in first
    assert '<li><a href="../../index.html#chu-l">L</a></li>' in second
    # each page says which names it holds, not how many people there are in all
    assert '<p class="pagination-status">Trang 1 · người từ Lê Thị Thủy đến Nguyễn Ngọc Quang</p>' in first
    assert '<p class="pagination-status">Trang 2 · Nguyễn Thành Biên</p>' in second
    assert ('<meta name="description" content="Người được nhắc đến, xếp theo vần chữ cái: '
            'từ Phạm Lê Hưng đến Trần Văn Thắng. Trang 3.">') in third
    assert '<meta name="description" content="6 người được nêu tên' in first
    assert '<li aria-hidden="true"><span class="letter-empty" title="Không có ai">Đ</span></li>' in first  # not read out
    # each person: count and most recent role
    archive = build_archive(sample_articles())
    bien = archive.person_node("Nguyễn Thành Biên")
    assert (f'<a href="{urls.relative("nguoi/trang/2/", bien.url)}">Nguyễn Thành Biên</a> <span class="count">(2 bản tin)</span><br>'
            '<span class="roles"><span class="label">Chức vụ gần nhất:</span> Chủ tịch UBMTTQ (12/07/2023)</span>') in second
    phuong = archive.person_node("Lưu Thanh Phương")
    assert f'<a href="{urls.relative("nguoi/", phuong.url)}">Lưu Thanh Phương</a> <span class="count">(1 bản tin)</span></li>' in first
    # Vietnamese alphabetical order across the pages
    order = [first.index("Lê Thị Thủy"), first.index("Lưu Thanh Phương"), first.index("Nguyễn Ngọc Quang")]
    assert order == sorted(order)
    assert check_links(site) == []


def test_names_and_roles_are_escaped(tmp_path: Path) -> None:
    items = [_article("x1", date(2022, 1, 1), [Person(f"Đỗ {XSS}", [f"Chủ tịch {XSS}"])])]
    site = _render(tmp_path, items)
    node = build_archive(items).people.children[0]
    for page in ("nguoi/index.html", node.url + "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert check_links(site) == []
