"""The archive: URLs, newest-first order and every grouping, with exact expected values."""
from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from danvan_site.archive import urls
from danvan_site.archive.groups import build_archive, load_meeting_types, newest_first_key
from danvan_site.core.config import Settings
from danvan_site.core.errors import BuildError
from danvan_site.core.models import Article, Locality, MeetingType, Period, Person
from danvan_site.vn.sort import sort_key
from site_samples import VN, sample_articles


def _article(id: str, **fields: object) -> Article:
    values: dict[str, object] = {"source_file": f"{id}.txt", "sha256": "0" * 64, "title": f"Bản tin {id}"}
    values.update(fields)
    return Article(id=id, **values)  # type: ignore[arg-type]


def _urls(root) -> list[str]:
    return [node.url for node in root.walk()]


def test_articles_get_page_and_raw_urls() -> None:
    archive = build_archive(sample_articles(), Settings())
    gia_thuy = next(a for a in archive.articles if a.id == "000_gia-thuy")
    assert gia_thuy.slug == "dang-uy-phuong-gia-thuy-to-chuc-so-ket-mo-hinh-dan-van-kheo-6-thang-dau-nam-2021-" + urls.short_hash("000_gia-thuy")
    assert gia_thuy.url == f"bai-viet/{gia_thuy.slug}/"
    assert gia_thuy.raw_url == "nguon/000_gia-thuy.txt"


def test_newest_first_with_stable_ties() -> None:
    archive = build_archive(sample_articles())
    assert [a.id for a in archive.articles] == ["004_dong-da", "002_thi-xa", "000_gia-thuy", "001_huyen", "003_bo-de"]


def test_order_on_one_day_and_undated_last() -> None:
    day = date(2021, 5, 4)
    items = [
        _article("d_undated"),
        _article("c_date_only", published=day),
        _article("b_morning", published=datetime(2021, 5, 4, 8, 0, tzinfo=VN)),
        _article("a_evening", published=datetime(2021, 5, 4, 20, 0, tzinfo=VN)),
        _article("e_event_only", event_date=date(2021, 5, 5)),
        _article("f_same_as_c", published=day),
    ]
    ordered = sorted(items, key=newest_first_key)
    assert [a.id for a in ordered] == ["e_event_only", "a_evening", "b_morning", "c_date_only", "f_same_as_c", "d_undated"]


def test_urls_are_stable_when_other_bulletins_are_added() -> None:
    first = build_archive(sample_articles())
    before = {a.id: (a.url, a.raw_url) for a in first.articles}
    more = sample_articles() + [
        _article("200_dup", title=sample_articles()[0].title, published=date(2024, 1, 1)),
        _article("201_dup", title=sample_articles()[0].title, published=date(2019, 1, 1)),
    ]
    second = build_archive(more)
    after = {a.id: (a.url, a.raw_url) for a in second.articles}
    assert {k: after[k] for k in before} == before
    # repeated titles still get pages of their own
    assert len({a.url for a in second.articles}) == len(second.articles)


def test_duplicate_ids_are_refused() -> None:
    a = _article("x", source_file="a/x.txt")
    b = _article("x", source_file="b/x.txt")
    with pytest.raises(BuildError, match=r"same id 'x' \(a/x.txt and b/x.txt\)"):
        build_archive([a, b])


def test_locality_tree_paths_and_counts() -> None:
    archive = build_archive(sample_articles())
    assert [(n.url, n.label, n.count) for n in archive.localities.walk()] == [
        ("dia-phuong/", "Địa phương", 5),
        ("dia-phuong/ha-noi/", "Hà Nội", 3),
        ("dia-phuong/ha-noi/quan-dong-da/", "Quận Đống Đa", 1),
        ("dia-phuong/ha-noi/quan-long-bien/", "Quận Long Biên", 2),
        ("dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/", "Phường Bồ Đề", 1),
        ("dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/", "Phường Gia Thụy", 1),
        ("dia-phuong/chua-ro-tinh/", "Chưa rõ tỉnh, thành phố", 1),
        ("dia-phuong/chua-ro-tinh/xa-hoang-tan/", "Xã Hoàng Tân", 1),
        ("dia-phuong/chua-xac-dinh/", "Chưa xác định", 1),
    ]
    assert archive.locality_of["001_huyen"].url == "dia-phuong/chua-xac-dinh/"
    node = archive.locality_of["000_gia-thuy"]
    assert node.description == "Phường Gia Thụy, Quận Long Biên, Hà Nội"
    assert [n.label for n in node.trail()] == ["Địa phương", "Hà Nội", "Quận Long Biên", "Phường Gia Thụy"]


def test_tone_placement_variants_are_one_place() -> None:
    items = [
        _article("1", locality=Locality(level="phường", name="Yên Hoà", province="Hà Nội", district="quận Cầu Giấy")),
        _article("2", locality=Locality(level="phường", name="Yên Hòa", province="Hà Nội", district="quận Cầu Giấy")),
        _article("3", locality=Locality(level="Phường", name="Yên Hòa", province="Hà Nội", district_level="quận",
                                        district_name="Cầu Giấy")),
    ]
    archive = build_archive(items)
    assert [(n.url, n.label, n.count) for n in archive.localities.walk()] == [
        ("dia-phuong/", "Địa phương", 3),
        ("dia-phuong/ha-noi/", "Hà Nội", 3),
        ("dia-phuong/ha-noi/quan-cau-giay/", "Quận Cầu Giấy", 3),
        ("dia-phuong/ha-noi/quan-cau-giay/phuong-yen-hoa/", "Phường Yên Hòa", 3),
    ]


def test_province_and_district_level_units() -> None:
    items = [
        _article("p1", locality=Locality(level="tỉnh", name="Quảng Ninh")),
        _article("p2", locality=Locality(level="thành phố", name="Hà Nội", province="Hà Nội")),
        _article("d1", locality=Locality(level="thị xã", name="Quảng Yên", province="Quảng Ninh")),
        _article("d2", locality=Locality(level="huyện", province="Quảng Ninh")),  # name unknown
        _article("u1", locality=Locality(level="xã", name="Hoàng Tân", province="tỉnh Quảng Ninh",
                                         district="thị xã Quảng Yên")),
        _article("u2", locality=Locality(level="phường", name="2", province="Thành phố Hồ Chí Minh",
                                         district="quận 10")),
        _article("u3", locality=Locality(level="phường", name="10", province="Hồ Chí Minh", district="quận 10")),
    ]
    archive = build_archive(items)
    assert [(n.url, n.count) for n in archive.localities.walk()] == [
        ("dia-phuong/", 7),
        ("dia-phuong/ha-noi/", 1),
        ("dia-phuong/ho-chi-minh/", 2),
        ("dia-phuong/ho-chi-minh/quan-10/", 2),
        ("dia-phuong/ho-chi-minh/quan-10/phuong-2/", 1),
        ("dia-phuong/ho-chi-minh/quan-10/phuong-10/", 1),
        ("dia-phuong/quang-ninh/", 4),
        ("dia-phuong/quang-ninh/thi-xa-quang-yen/", 2),
        ("dia-phuong/quang-ninh/thi-xa-quang-yen/xa-hoang-tan/", 1),
    ]
    assert archive.locality_of["p1"].url == "dia-phuong/quang-ninh/"
    assert archive.locality_of["d2"].url == "dia-phuong/quang-ninh/"


def test_sibling_slug_collisions_and_reserved_names_get_a_hash() -> None:
    base = {"province": "Hà Nội", "district": "quận Long Biên"}
    items = [
        _article("1", locality=Locality(level="phường", name="Gia Thụy", **base)),
        _article("2", locality=Locality(level="phường", name="Gia Thủy", **base)),
        _article("3", locality=Locality(level=None, name="Tràng", **base)),
    ]
    archive = build_archive(items)
    district = archive.localities.children[0].children[0]
    got = {n.label: n.url for n in district.children}
    assert got["Phường Gia Thụy"] != got["Phường Gia Thủy"]
    assert got["Phường Gia Thụy"].startswith("dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy-")
    assert got["Phường Gia Thủy"].startswith("dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy-")
    assert got["Tràng"] != "dia-phuong/ha-noi/quan-long-bien/trang/"  # "trang/" is pagination
    assert got["Tràng"].startswith("dia-phuong/ha-noi/quan-long-bien/trang-")


def test_date_tree_newest_first_with_undated_bucket() -> None:
    items = sample_articles() + [_article("zz_undated")]
    archive = build_archive(items)
    assert [(n.url, n.label, n.count) for n in archive.dates.walk()] == [
        ("thoi-gian/", "Thời gian", 6),
        ("thoi-gian/2023/", "Năm 2023", 1),
        ("thoi-gian/2023/07/", "Tháng 7/2023", 1),
        ("thoi-gian/2022/", "Năm 2022", 1),
        ("thoi-gian/2022/06/", "Tháng 6/2022", 1),
        ("thoi-gian/2021/", "Năm 2021", 1),
        ("thoi-gian/2021/07/", "Tháng 7/2021", 1),
        ("thoi-gian/2020/", "Năm 2020", 2),
        ("thoi-gian/2020/10/", "Tháng 10/2020", 1),
        ("thoi-gian/2020/07/", "Tháng 7/2020", 1),
        ("thoi-gian/chua-ro-ngay/", "Chưa rõ ngày", 1),
    ]


def test_meeting_types_follow_the_vocabulary_order() -> None:
    vocabulary = load_meeting_types()
    assert vocabulary[0] == MeetingType("so-ket", "sơ kết")
    assert vocabulary[-1] == MeetingType("khac", "khác")
    items = sample_articles() + [
        _article("k", meeting_type=MeetingType("khac", "khác")),
        _article("n", meeting_type=MeetingType("le-hoi", "lễ hội")),
    ]
    archive = build_archive(items)
    assert [(n.url, n.label, n.count) for n in archive.meeting_types.children] == [
        ("loai-hoi-nghi/so-ket/", "sơ kết", 1),
        ("loai-hoi-nghi/tong-ket/", "tổng kết", 1),
        ("loai-hoi-nghi/giao-ban/", "giao ban", 1),
        ("loai-hoi-nghi/lam-viec/", "làm việc", 2),
        ("loai-hoi-nghi/khac/", "khác", 1),
        ("loai-hoi-nghi/le-hoi/", "lễ hội", 1),
    ]


def test_people_index_merges_spelling_variants_and_roles() -> None:
    archive = build_archive(sample_articles())
    assert [(n.label, n.count) for n in archive.people.children] == [
        ("Lê Thị Thủy", 2),
        ("Lưu Thanh Phương", 1),
        ("Nguyễn Ngọc Quang", 1),
        ("Nguyễn Thành Biên", 2),
        ("Phạm Lê Hưng", 1),
        ("Trần Văn Thắng", 1),
    ]
    bien = archive.person_node("Nguyễn Thành Biên")
    assert bien is not None
    assert bien.roles == ["Chủ tịch UBMTTQ", "Phó Bí thư thường trực Đảng ủy"]  # newest first
    assert [a.id for a in bien.articles] == ["004_dong-da", "000_gia-thuy"]
    thuy = archive.person_node("Lê Thị Thuỷ")
    assert thuy is archive.person_node("LÊ THỊ THỦY")
    assert thuy is not None and thuy.roles == ["Trưởng ban"]
    assert thuy.url == "nguoi/le-thi-thuy-" + urls.short_hash("lê thị thủy") + "/"


def test_counts() -> None:
    items = sample_articles() + [_article("zz")]
    c = build_archive(items).counts
    assert (c.articles, c.provinces, c.places, c.years, c.months, c.meeting_types, c.people, c.undated, c.unlocated) == (
        6, 1, 5, 4, 5, 5, 6, 1, 2  # "zz" has the default type "khác"
    )


def test_archive_does_not_depend_on_input_order() -> None:
    a = build_archive(sample_articles())
    b = build_archive(list(reversed(copy.deepcopy(sample_articles()))))
    for root_a, root_b in zip(a.groupings(), b.groupings()):
        assert [(n.url, n.label, [x.id for x in n.articles]) for n in root_a.walk()] == [
            (n.url, n.label, [x.id for x in n.articles]) for n in root_b.walk()
        ]


def test_person_without_name_is_skipped() -> None:
    archive = build_archive([_article("x", people=[Person("  "), Person("Võ Văn A")])])
    assert [n.label for n in archive.people.children] == ["Võ Văn A"]


def test_place_urls_are_unique_country_wide_and_carry_codes() -> None:
    # "phường Tân Định" exists in two cities; "quận 1" too: the parent units keep them apart
    items = [
        _article("1", locality=Locality(level="phường", name="Tân Định", province="Hồ Chí Minh", district="quận 1",
                                        code="26734")),
        _article("2", locality=Locality(level="phường", name="Tân Định", province="Bình Dương",
                                        district="thị xã Bến Cát", code="25930", successor="phường Tây Nam")),
        _article("3", locality=Locality(level="phường", name="Tân Định", province="Bình Dương",
                                        district="thị xã Bến Cát", code="25930")),
        _article("4", locality=Locality(level="quận", name="1", province="Hồ Chí Minh", code="760")),
        _article("5", locality=Locality(level="phường", name="Tân Định")),  # nothing says where
    ]
    archive = build_archive(items)
    assert [(n.url, n.code, n.successor, n.count) for n in archive.localities.walk()] == [
        ("dia-phuong/", None, None, 5),
        ("dia-phuong/binh-duong/", None, None, 2),
        ("dia-phuong/binh-duong/thi-xa-ben-cat/", None, None, 2),
        ("dia-phuong/binh-duong/thi-xa-ben-cat/phuong-tan-dinh/", "25930", "phường Tây Nam", 2),
        ("dia-phuong/ho-chi-minh/", None, None, 2),
        ("dia-phuong/ho-chi-minh/quan-1/", "760", None, 2),
        ("dia-phuong/ho-chi-minh/quan-1/phuong-tan-dinh/", "26734", None, 1),
        ("dia-phuong/chua-ro-tinh/", None, None, 1),
        ("dia-phuong/chua-ro-tinh/phuong-tan-dinh/", None, None, 1),
    ]
    urls_seen = [n.url for n in archive.localities.walk()]
    assert len(urls_seen) == len(set(urls_seen))


def test_sample_place_nodes_carry_the_codes_of_their_own_bulletins() -> None:
    archive = build_archive(sample_articles())
    codes = {n.url: n.code for n in archive.localities.walk()}
    assert codes["dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/"] == "00130"
    assert codes["dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/"] == "00139"
    assert codes["dia-phuong/ha-noi/quan-dong-da/"] == "006"
    assert codes["dia-phuong/ha-noi/quan-long-bien/"] is None  # a ward's code is not its district's
    assert codes["dia-phuong/ha-noi/"] is None


def test_organisations_follow_the_data_file_order() -> None:
    archive = build_archive(sample_articles())
    assert [(n.url, n.label, [a.id for a in n.articles]) for n in archive.organisations.children] == [
        ("to-chuc/mat-tran-to-quoc/", "Mặt trận Tổ quốc Việt Nam", ["004_dong-da", "000_gia-thuy", "003_bo-de"]),
        ("to-chuc/ban-dan-van/", "Ban Dân vận", ["004_dong-da", "001_huyen"]),
        ("to-chuc/hoi-cuu-chien-binh/", "Hội Cựu chiến binh", ["003_bo-de"]),
        ("to-chuc/uy-ban-nhan-dan/", "Ủy ban nhân dân", ["000_gia-thuy"]),
        ("to-chuc/hoi-khuyen-hoc-" + urls.short_hash("hội khuyến học") + "/", "Hội Khuyến học", ["002_thi-xa"]),
    ]
    assert [a.id for a in archive.organisations.articles] == [a.id for a in archive.articles]
    rows = archive.organisation_rows
    assert rows[0] == ("Mặt trận Tổ quốc Việt Nam", archive.organisations.children[0])
    assert ("Hội Nông dân", None) in rows and rows[-1][0] == "Hội Khuyến học"
    assert archive.organisation_node("mặt trận tổ quốc việt nam") is archive.organisations.children[0]
    assert archive.counts.organisations == 5


def test_one_organisation_named_twice_counts_once() -> None:
    archive = build_archive([_article("x", organisations=["Ban Dân vận", "ban dân vận", " "])])
    assert [(n.label, n.count) for n in archive.organisations.children] == [("Ban Dân vận", 1)]


def test_periods_by_start_year_newest_first() -> None:
    items = sample_articles() + [
        _article("y2020", period=Period("năm 2020", date(2020, 1, 1), date(2020, 12, 31))),
        _article("q4", period=Period("quý IV/2020", date(2020, 10, 1), date(2020, 12, 31))),
        # the same range written another way is the same period
        _article("q3b", period=Period("Quý III/2020", date(2020, 7, 1), date(2020, 9, 30))),
        _article("gd", period=Period("giai đoạn 2020-2025", date(2020, 1, 1), date(2025, 12, 31))),
    ]
    archive = build_archive(items)
    assert [(n.url, n.label, n.count) for n in archive.periods.walk()] == [
        ("ky-bao-cao/", "Kỳ báo cáo", 7),
        ("ky-bao-cao/2021/", "Các kỳ năm 2021", 1),
        ("ky-bao-cao/2021/6-thang-dau-nam-2021/", "6 tháng đầu năm 2021", 1),
        ("ky-bao-cao/2020/", "Các kỳ năm 2020", 6),
        ("ky-bao-cao/2020/giai-doan-2020-2025/", "Giai đoạn 2020-2025", 1),
        ("ky-bao-cao/2020/nam-2020/", "Năm 2020", 1),
        ("ky-bao-cao/2020/6-thang-cuoi-nam-2020/", "6 tháng cuối năm 2020", 1),
        ("ky-bao-cao/2020/quy-iv-2020/", "Quý IV/2020", 1),
        ("ky-bao-cao/2020/quy-iii-2020/", "Quý III/2020", 2),
    ]
    quarter = archive.period_of["001_huyen"]
    assert quarter is archive.period_of["q3b"]
    assert quarter.description == "Từ 01/07/2020 đến 30/09/2020"
    assert [n.label for n in quarter.trail()] == ["Kỳ báo cáo", "Các kỳ năm 2020", "Quý III/2020"]
    assert "002_thi-xa" not in archive.period_of and "004_dong-da" not in archive.period_of
    assert archive.counts.periods == 6


def test_glossary_in_vietnamese_order_with_usage_counts() -> None:
    archive = build_archive(sample_articles() + [_article("x", abbreviations=["MTTQ", "MTTQ", "ĐU"])])
    abbrs = [e.abbr for e in archive.glossary]
    assert abbrs == sorted(abbrs, key=sort_key) and len(abbrs) == archive.counts.abbreviations
    assert abbrs.index("DVK") < abbrs.index("Đ/c") < abbrs.index("ĐU") < abbrs.index("HĐND")
    counts = {e.abbr: e.count for e in archive.glossary}
    assert counts["MTTQ"] == 3 and counts["ĐU"] == 1 and counts["UBND"] == 1 and counts["ANTT"] == 0
    assert next(e for e in archive.glossary if e.abbr == "MTTQ").expansion == "Mặt trận Tổ quốc"
