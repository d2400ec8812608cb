"""Field extractors, each with a table of real examples (seed and dev-corpus sentences)."""
from __future__ import annotations

from datetime import date

import pytest

from danvan_site.extract import classify, find_people, find_units, lead_subject, parse_byline, title_subject
from danvan_site.readers.text import normalise
from danvan_site.extract import looks_like_byline, segment


def _source(text: str, stem: str):
    """A loaded bulletin made from text, as the loader would give it."""
    from danvan_site.readers.text import Source

    return Source(path=None, rel=f"{stem}.txt", id=stem, data=text.encode(), sha256="0" * 64,  # type: ignore[arg-type]
                  text=text, encoding="utf-8")


@pytest.mark.parametrize("title, slug", [
    ("Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021", "so-ket"),
    ("Tổng kết phong trào thi đua chào mừng 90 năm ngày truyền thống công tác dân vận (15/10/1930-15/10/2020)", "tong-ket"),
    ("Thường trực Thị ủy giao ban khối Dân vận; đánh giá kết quả thực hiện Quy chế dân chủ ở cơ sở 6 tháng đầu năm 2022", "giao-ban"),
    ("Ban thường vụ Quận uỷ Đống Đa làm việc với Ban Dân vận Quận uỷ, MTTQ", "lam-viec"),
    ("MTTQ huyện Thường Tín tổ chức kỳ họp thứ 6", "hoi-nghi"),
    ("Ban Dân vận Thành ủy Pleiku: Hội nghị tổng kết công tác dân vận năm 2020, triển khai nhiệm vụ năm 2021", "tong-ket"),
    ("Bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ hội quần chúng", "tap-huan"),
    ("Tam Kỳ kỷ niệm 88 năm Ngày truyền thống công tác dân vận", "ky-niem"),
    ("Vị Thủy: Tổ chức kiểm tra công tác chuẩn bị bầu cử", "kiem-tra-giam-sat"),
    ("Ban Chấp hành Đảng bộ xã Tân Hồng tổ chức Hội nghị BCH mở rộng tháng 6 năm 2023", "hoi-nghi"),
    ("Đại biểu Hội đồng nhân dân tỉnh, huyện tiếp xúc cử tri xã Minh Đức và Thanh Bình", "tiep-xuc-cu-tri"),
    ("Bí thư Thành ủy Cần Thơ Nguyễn Văn Hiếu dự Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư", "ky-niem"),
    ("TỌA ĐÀM KỶ NIỆM 93 NĂM NGÀY TRUYỀN THỐNG MẶT TRẬN VIỆT NAM (18/11/1930-18/11/2023)", "ky-niem"),
    ("Họp mặt kỷ niệm ngày thành lập Hội và tuyên dương hội viên tiêu biểu", "ky-niem"),
    ("Ban Kiểm tra Huyện ủy tổ chức hội nghị triển khai nhiệm vụ năm 2024", "trien-khai"),
    ("Huyện đoàn ra quân hưởng ứng Tháng Thanh niên", "phat-dong"),
    ("Bí thư Chi bộ bản đi trước, làm trước", None),
])
def test_classify(title, slug):
    found = classify(title)
    assert (found.slug if found else None) == slug


@pytest.mark.parametrize("byline, name, role", [
    ("Nguồn : Đào Tú Hoa - Cán bộ Văn phòng ĐU", "Đào Tú Hoa", "Cán bộ Văn phòng ĐU"),
    ("Mỹ Nhiên", "Mỹ Nhiên", None),
    ("T/h: Thùy Dương", "Thùy Dương", None),
    ("Nguyễn Văn Hùng-Chủ tịch Hội CCB", "Nguyễn Văn Hùng", "Chủ tịch Hội CCB"),
    ("Quận Đống Đa", "Quận Đống Đa", None),
    ("Tác giả: Văn Thông", "Văn Thông", None),
    ("CTV Khánh Phượng – Văn Thạch (TP.Pleiku)", "Khánh Phượng – Văn Thạch", "TP.Pleiku"),
    ("T.X", "T.X", None),
    ("T.XUÂN - H.BIN", "T.XUÂN - H.BIN", None),
    ("Tin bài: Mỹ Hồng -Thanh Thanh", "Mỹ Hồng -Thanh Thanh", None),
    ("lê thường xã thạnh hưng", "lê thường", "xã thạnh hưng"),
    ("Ban biên tập phường Đông Xuyên", "Ban biên tập phường Đông Xuyên", None),
    ("quantritrangbang", None, None),
    ("HOÀI DUY", "HOÀI DUY", None),
])
def test_parse_byline(byline, name, role):
    author = parse_byline(byline)
    if name is None:
        assert author is None
    else:
        assert author is not None and (author.name, author.role) == (name, role)


@pytest.mark.parametrize("line, expected", [
    ("Mỹ Nhiên", True),
    ("T/h: Thùy Dương", True),
    ("PV", True),
    ("Quang cảnh hội nghị.", False),
    ("Lãnh đạo trao tặng giấy khen tập thể, cá nhân có thành tích xuất sắc", False),
    ("Hội nghị kết thúc lúc 11 giờ cùng ngày.", False),
    ("Chia sẻ", False),
])
def test_looks_like_byline(line, expected):
    assert looks_like_byline(line) is expected


@pytest.mark.parametrize("text, names", [
    ("Đ/c Nguyễn Thành Biên - Phó Bí thư thường trực Đảng ủy, Phó trưởng Ban chỉ đạo QCDC, Trưởng khối Dân vận chủ trì hội nghị",
     [("Nguyễn Thành Biên", ["Phó Bí thư thường trực Đảng ủy", "Phó trưởng Ban chỉ đạo QCDC", "Trưởng khối Dân vận"])]),
    ("Các đồng chí: Lưu Thanh Phương, Phó Chủ tịch HĐND thị xã; Nguyễn Văn Bắc, Phó Chủ tịch UBND thị xã cùng dự.",
     [("Lưu Thanh Phương", ["Phó Chủ tịch HĐND thị xã"]), ("Nguyễn Văn Bắc", ["Phó Chủ tịch UBND thị xã"])]),
    ("do các đồng chí Thường Trực Quận ủy: Đinh Trường Thọ - TUV, Bí thư Quận ủy; Nguyễn Anh Cường - Phó Bí thư thường trực Quận ủy - Chủ tịch HĐND quận; Lê Tuấn Định - Phó Bí thư QU, Chủ tịch UBND Quận chủ trì.",
     [("Đinh Trường Thọ", ["TUV", "Bí thư Quận ủy"]), ("Nguyễn Anh Cường", ["Phó Bí thư thường trực Quận ủy", "Chủ tịch HĐND quận"]),
      ("Lê Tuấn Định", ["Phó Bí thư QU", "Chủ tịch UBND Quận"])]),
    ("Tổ đại biểu HĐND tỉnh gồm ông Nguyễn Phúc Hậu và Tổ đại biểu HĐND huyện gồm ông Nguyễn Viết Đợi, ông Điểu Mẫn đã tiếp xúc cử tri.",
     [("Nguyễn Phúc Hậu", []), ("Nguyễn Viết Đợi", []), ("Điểu Mẫn", [])]),
    ("Bí thư Thành ủy Cần Thơ Nguyễn Văn Hiếu dự Ngày hội", [("Nguyễn Văn Hiếu", ["Bí thư Thành ủy Cần Thơ"])]),
    ("Các học viên được nghe Tiến sĩ Phạm Ngọc Lợi, Trưởng khoa Dân vận và Công tác xã hội trình bày.",
     [("Phạm Ngọc Lợi", ["Trưởng khoa Dân vận và Công tác xã hội"])]),
    ("gặp anh Lò Văn So, Bí thư Chi bộ bản Ta Vắt, xã Phiêng Pằn. Anh So là người có uy tín.", [("Lò Văn So", ["Bí thư Chi bộ bản Ta Vắt"])]),
    ("Kết luận hội nghị, đồng chí Bí thư Đảng ủy đề nghị các đồng chí ủy viên bám sát địa bàn.", []),
    ("các đại biểu cùng ôn lại bài báo \"Dân vận\" của Chủ tịch Hồ Chí Minh", []),
    ("bà Nguyễn Thị Thanh, Chủ tịch Hội LHPN xã và bà Nguyễn Thị Thanh Thủy, Phó Chủ tịch Hội",
     [("Nguyễn Thị Thanh", ["Chủ tịch Hội LHPN xã"]), ("Nguyễn Thị Thanh Thủy", ["Phó Chủ tịch Hội"])]),
])
def test_find_people(text, names):
    people = find_people(text, exclude=set())
    assert [(p.name, p.roles) for p in people] == names


@pytest.mark.parametrize("text, expected", [
    ("Đảng ủy phường Gia Thụy", [("phường", "Gia Thụy")]),
    ("Ban thường vụ Quận uỷ Đống Đa", [("quận", "Đống Đa")]),
    ("Ban Dân vận Huyện ủy", [("huyện", None)]),
    ("Ban Dân vận Quận ủy và UBND Quận 1", [("quận", None), ("quận", "1")]),
    ("Bí thư Thành ủy Cần Thơ Nguyễn Văn Hiếu", [("thành phố", "Cần Thơ")]),
    ("Ban công tác Mặt trận khu vực Tân Mỹ 1, phường Tân Lộc, quận Thốt Nốt, thành phố Cần Thơ",
     [("phường", "Tân Lộc"), ("quận", "Thốt Nốt"), ("thành phố", "Cần Thơ")]),
    ("UBND tỉnh Quảng Ninh", [("tỉnh", "Quảng Ninh")]),
    ("Ban Dân vận Thành ủy Pleiku", [("thành phố", "Pleiku")]),
])
def test_find_units(text, expected):
    assert [(m.level, m.name) for m in find_units(text)] == expected


def test_subjects():
    ts = title_subject("Bí thư Thành ủy Cần Thơ Nguyễn Văn Hiếu dự Ngày hội Đại đoàn kết")
    assert ts is not None and ts.guest
    ts = title_subject("Ban Dân vận Thành ủy Pleiku: Hội nghị tổng kết công tác dân vận năm 2020")
    assert ts is not None and ts.text == "Ban Dân vận Thành ủy Pleiku" and not ts.guest
    ls = lead_subject("Sáng ngày 04/8, tại hội trường Huyện ủy Thường Tín, Ban Thường trực Ủy ban MTTQ Việt Nam huyện tổ chức kỳ họp thứ 6")
    assert ls is not None and ls.text == "Ban Thường trực Ủy ban MTTQ Việt Nam huyện"
    ls = lead_subject("Chiều ngày 15/07/2021 Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình")
    assert ls is not None and ls.text == "Đảng ủy phường Gia Thụy"


def test_segment_title_after_date_and_hard_wraps():
    text = normalise(
        "UBND PHƯỜNG 8 - THÀNH PHỐ TUY HÒA - TỈNH PHÚ YÊN\nHoạt động MTTQ và các đoàn thể\n17/11/2023\n"
        "TỌA ĐÀM KỶ NIỆM 93 NĂM NGÀY TRUYỀN THỐNG MẶT TRẬN VIỆT NAM\n"
        "Sáng ngày 15/11/2023, Ủy ban MTTQ Việt Nam Phường 8 đã tổ chức buổi tọa đàm kỷ niệm 93 năm Ngày truyền thống.\n"
        "Đến dự buổi tọa đàm có các đồng chí lãnh đạo Đảng ủy, HĐND,\nUBND Phường 8, các đồng chí bí thư chi bộ\n"
        "cùng các thành viên Ủy ban MTTQ Việt Nam phường.\nLãnh đạo trao tặng giấy khen tập thể\nTin bài: Mỹ Hồng\n"
    )
    seg = segment(text)
    assert seg.title == "TỌA ĐÀM KỶ NIỆM 93 NĂM NGÀY TRUYỀN THỐNG MẶT TRẬN VIỆT NAM"
    assert seg.published == date(2023, 11, 17)
    assert seg.section == "Hoạt động MTTQ và các đoàn thể"
    assert seg.site_header == "UBND PHƯỜNG 8 - THÀNH PHỐ TUY HÒA - TỈNH PHÚ YÊN"
    assert [p.text for p in seg.body] == [
        "Sáng ngày 15/11/2023, Ủy ban MTTQ Việt Nam Phường 8 đã tổ chức buổi tọa đàm kỷ niệm 93 năm Ngày truyền thống.",
        "Đến dự buổi tọa đàm có các đồng chí lãnh đạo Đảng ủy, HĐND, UBND Phường 8, các đồng chí bí thư chi bộ "
        "cùng các thành viên Ủy ban MTTQ Việt Nam phường.",
    ]
    assert [c.text for c in seg.captions] == ["Lãnh đạo trao tặng giấy khen tập thể"]
    assert seg.byline == "Tin bài: Mỹ Hồng"


def test_segment_sapo_and_chrome():
    text = normalise(
        "Trang chủ > Tin tức > Dân vận\nHuyện ủy Tuyên Hóa giao ban công tác dân vận quý I\n"
        "Ngày đăng: 29/03/2019 - 08:00 | Lượt xem: 1.204\nHuyện ủy Tuyên Hóa giao ban công tác dân vận quý I\n\n"
        "Ngày 28/3, Ban Thường vụ Huyện ủy Tuyên Hóa tổ chức hội nghị giao ban công tác dân vận quý I năm 2019.\n\n"
        "Chia sẻ Facebook Twitter\nHOÀI DUY\nTin liên quan\nHuyện ủy tổ chức hội nghị khác\n"
    )
    seg = segment(text)
    assert seg.title == "Huyện ủy Tuyên Hóa giao ban công tác dân vận quý I"
    assert seg.views == 1204
    assert seg.section == "Dân vận"
    assert [p.text for p in seg.body] == [
        "Ngày 28/3, Ban Thường vụ Huyện ủy Tuyên Hóa tổ chức hội nghị giao ban công tác dân vận quý I năm 2019."]
    assert seg.byline == "HOÀI DUY"


@pytest.mark.parametrize("lead, expected", [
    ("Sáng 5-4, Ban Dân vận Tỉnh ủy phối hợp với UBND thành phố Tam Kỳ tổ chức hội nghị", "Ban Dân vận Tỉnh ủy"),
    ("Ngày 12/3, Hội Cựu chiến binh huyện cùng với Huyện đoàn tổ chức tọa đàm", "Hội Cựu chiến binh huyện"),
])
def test_lead_subject_drops_co_organisers(lead, expected):
    ls = lead_subject(lead)
    assert ls is not None and ls.text == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Sáng 8/7, Đảng ủy xã tổ chức hội nghị.", date(2022, 7, 9), date(2022, 7, 8)),
    ("Ngày 08/11, Ủy ban MTTQ huyện tổ chức hội nghị.", date(2018, 11, 9), date(2018, 11, 8)),
    ("Từ ngày 1-6 đến 26-7, các đoàn kiểm tra làm việc tại 12 xã.", date(2020, 7, 30), date(2020, 6, 1)),
    ("Ngày 27 và 28/2, Huyện ủy tổ chức lớp bồi dưỡng.", date(2021, 3, 1), date(2021, 2, 27)),
])
def test_event_date_forms(text, published, expected):
    from danvan_site.extract.dates import find_event_date
    found = find_event_date([text], published)
    assert found is not None and found.date == expected


@pytest.mark.parametrize("line, name", [
    ("Theo Báo Quảng Nam", "Báo Quảng Nam"),
    ("Theo baoquangnam.vn", "baoquangnam.vn"),
    ("PV Minh Anh", "Minh Anh"),
])
def test_soft_prefixed_bylines(line, name):
    assert looks_like_byline(line)
    author = parse_byline(line)
    assert author is not None and author.name == name


def test_ambiguous_ward_stays_unresolved_with_a_warning_on_its_line():
    from danvan_site.extract import extract

    text = ("Đảng ủy phường 8 sơ kết công tác dân vận 6 tháng đầu năm 2021\n12/07/2021 10:00\n\n"
            "Sáng ngày 10/7, Đảng ủy phường 8 tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021.\n\n"
            "Hội nghị thống nhất nhiệm vụ 6 tháng cuối năm./.\n")
    art = extract(_source(text, "p8"))
    assert (art.locality.level, art.locality.name, art.locality.province, art.locality.code) == ("phường", "8", None, None)
    assert art.uncertain["locality"].startswith("có ") and "phường 8" in art.uncertain["locality"]
    [warning] = [d for d in art.diagnostics if d.field == "locality"]
    assert warning.line == 4 and warning.file == "p8.txt"


@pytest.mark.parametrize("text, names", [
    ("Đoàn khảo sát tại đường Ông Ích Khiêm và chợ Bà Chiểu.", []),
    ("Đồng chí Bí thư Thành ủy Bà Rịa Vũng Tàu làm việc với đoàn.", []),
    ("Tham dự có bà Nguyễn Thị Lan, Chủ tịch Hội LHPN huyện.", [("Nguyễn Thị Lan", ["Chủ tịch Hội LHPN huyện"])]),
])
def test_places_are_not_people(text, names):
    assert [(p.name, p.roles) for p in find_people(text, exclude=set())] == names


def test_unnamed_committee_takes_the_headlines_place():
    from danvan_site.extract import extract

    text = ("BÁO QUẢNG NAM\nChính trị\nTam Kỳ kỷ niệm 88 năm Ngày truyền thống công tác dân vận\n12/10/2018 06:30\n\n"
            "Sáng 11/10, Ban Dân vận Thành ủy tổ chức sinh hoạt kỷ niệm 88 năm Ngày truyền thống công tác dân vận.\n\n"
            "Nhiều mô hình dân vận khéo được biểu dương./.\n")
    art = extract(_source(text, "tk"))
    assert (art.locality.level, art.locality.name, art.locality.province) == ("thành phố", "Tam Kỳ", "Quảng Nam")


def test_event_date_hom_nay():
    from danvan_site.extract.dates import find_event_date
    found = find_event_date(["Hôm nay (12/7), Ủy ban MTTQ huyện tổ chức hội nghị."], date(2023, 7, 12))
    assert found is not None and found.date == date(2023, 7, 12)


@pytest.mark.parametrize("text, names", [
    ("Phát biểu tại hội nghị, Nguyễn Văn An, Bí thư Huyện ủy, đề nghị các xã chủ động.",
     [("Nguyễn Văn An", ["Bí thư Huyện ủy"])]),
    ("Trần Thị Hoa - Chủ tịch Hội LHPN xã cho biết hội đã vận động 200 hội viên.",
     [("Trần Thị Hoa", ["Chủ tịch Hội LHPN xã"])]),
    ("Theo Nguyễn Văn Bình, nông dân trong xã đã chủ động chuyển đổi cây trồng.", []),
])
def test_name_role_apposition(text, names):
    assert [(p.name, p.roles) for p in find_people(text, exclude=set())] == names


def test_long_single_line_and_huge_file(tmp_path):
    """A 200,000-character line is read in linear time; a 50 MB file is rejected with a reason."""
    from danvan_site.core.errors import ParseError
    from danvan_site.extract import extract
    from danvan_site.readers.text import read_source

    line = ("Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết công tác dân vận " * 3200)[:200_000]
    (tmp_path / "long.txt").write_text(f"Một bản tin rất dài\n12/07/2021 10:00\n\n{line}\n", encoding="utf-8")
    art = extract(read_source(tmp_path / "long.txt", tmp_path))
    assert art.title == "Một bản tin rất dài" and len(art.body) == 1 and len(art.body[0]) == len(line.strip())
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(ParseError) as err:
        read_source(big, tmp_path)
    assert err.value.diagnostic.file == "big.txt" and "50.0 MB" in err.value.diagnostic.message
