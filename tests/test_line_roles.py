"""Tables of real lines (from the seeds, the shared dev corpus and tests/data/portals-*), one
table per role a line can have: publication line, views, chrome widget, end-of-article marker,
image name, caption or credit, body sentence, header signature, byline. Each row is a line as a
portal printed it and what it must be read as."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from danvan_site.extract import looks_like_byline, parse_byline
from danvan_site.extract.dates import VN_TZ
from danvan_site.extract.lines import caption_reason, is_drop, is_image, is_stop, is_views_line, published_line
from danvan_site.extract.title import looks_like_signature


def dt(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


# (line, published, views, byline on the line, section on the line)
PUBLICATION_LINES = [
    ("Thứ bảy, 17/01/2015 16:59:14 | Mặt trận", dt(2015, 1, 17, 16, 59), None, None, "Mặt trận"),
    ("08/10/2021 15:50 43 lượt xem", dt(2021, 10, 8, 15, 50), 43, None, None),
    ("Nguyễn Hoàn (báo lao động) 07/09/2025 08:10 (GMT+7)", dt(2025, 9, 7, 8, 10), None, "Nguyễn Hoàn (báo lao động)", None),
    ("12 Tháng Tám, 2022", date(2022, 8, 12), None, None, None),
    ("| 02-08-2023 | 08:29:50", dt(2023, 8, 2, 8, 29), None, None, None),
    ("Ngày đăng 11/03/2020 | 08:54  | Lượt xem: 303", dt(2020, 3, 11, 8, 54), 303, None, None),
    ("quantri gửi vào 12/04/2019", date(2019, 4, 12), None, None, None),
    ("12/10/2017 3:45:20 CH", dt(2017, 10, 12, 15, 45), None, None, None),
    ("22/01/2015 5:10 PM", dt(2015, 1, 22, 17, 10), None, None, None),
    ("Thứ Tư, ngày 04/01/2023 | 13:33", dt(2023, 1, 4, 13, 33), None, None, None),
    ("Đăng ngày 16/10/2018", date(2018, 10, 16), None, None, None),
    ("Được đăng: Thứ năm, 02 Tháng 10 2025 09:12", dt(2025, 10, 2, 9, 12), None, None, None),
    ("14 Tháng Mười Một, 2022 | Đăng bởi: admin_p3 | Để lại bình luận", date(2022, 11, 14), None, None, "Để lại bình luận"),
    ("Thu Hiền - 21/12/2022 15:05", dt(2022, 12, 21, 15, 5), None, "Thu Hiền", None),
    ("Ngày tạo: 20/06/2016 07:45", dt(2016, 6, 20, 7, 45), None, None, None),
    ("Posted on 12/08/2025 by admin", date(2025, 8, 12), None, None, None),
    ("Ngày đăng: 24/03/2020 - Số lượt người xem: 184", date(2020, 3, 24), 184, None, None),
    ("Cập nhật lúc 08:15 ngày 12/03/2019", dt(2019, 3, 12, 8, 15), None, None, None),
]


@pytest.mark.parametrize("line, published, views, byline, section", PUBLICATION_LINES)
def test_publication_lines(line, published, views, byline, section):
    parsed = published_line(line)
    assert parsed is not None
    assert (parsed.published, parsed.views, parsed.byline, parsed.section) == (published, views, byline, section)


@pytest.mark.parametrize("line", [
    "Đồng Văn Kỷ niệm 91 năm Ngày truyền thống công tác dân vận của Đảng (15/10/1930-15/10/2021); 22 năm ngày dân vận của cả nước (15/10/1999-15/10/2021)",
    "Sáng ngày 12/8/2022, tại Hội trường Ủy ban MTTQ Việt Nam tỉnh, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đăk Nông tổ chức Hội nghị lần thứ 7",
    "Hội nghị sơ kết ngày 12/3/2020",
    "Kỷ niệm 90 năm ngày truyền thống (15/10/1930-15/10/2020)",
    "Tổng lượt truy cập: 86.430",
])
def test_not_publication_lines(line):
    assert published_line(line) is None


@pytest.mark.parametrize("line, views", [("Lượt xem: 318", 318), ("Số lượt xem: 1.024", 1024), ("Lượt xem: 1.204", 1204)])
def test_views_lines(line, views):
    assert is_views_line(line) == views


@pytest.mark.parametrize("line", [
    "Trang chủ » Tin tức » Liên đoàn Lao động tỉnh", "Trang chủ › Tin bài › Cơ quan tham mưu",
    "Chia sẻ Facebook Twitter", "Đang truy cập: 12", "Hôm nay: 487", "Tags: Hà Tĩnh, dân vận, Mặt trận Tổ quốc",
    "Thời sự › Chính trị", "In bài viết | Gửi email",
])
def test_chrome_widgets(line):
    assert is_drop(line)


@pytest.mark.parametrize("line", [
    "Tin liên quan", "Các tin khác", "Tin cùng chuyên mục", "Các bài viết khác", "Bài viết cùng chủ đề", "Đọc thêm",
    "Trả lời", "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
    "Tổng số điểm của bài viết là: 0 trong 0 đánh giá", "Click để đánh giá bài viết", "Bình luận (0)", "Gửi bình luận",
    "Để lại một bình luận", "Những tin mới hơn",
])
def test_end_of_article_markers(line):
    assert is_stop(line)


@pytest.mark.parametrize("line", [".jpg)", "hoi-nghi-mttq-lan-7.jpg", "images/tin-tuc/21516.jpg", "0/63738294890217944.png",
                                  "![](https://example.vn/anh/dai-hoi.jpg)", "IMG_20250810_0912.jpg"])
def test_image_names(line):
    assert is_image(line)


CAPTIONS = [
    "Phát huy vai trò của MTTQ Thái Nguyên và các đoàn thể trong phát triển kinh tế - xã hội. Ảnh: Nguyễn Hoàn.",
    "Chủ tịch MTTQ Việt Nam tỉnh Thái Nguyên phát biểu tại buổi làm việc với phường Phan Đình Phùng. Ảnh: Đặng Vũ.",
    "Ông Trần Văn Huyến, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, phát biểu tại buổi tiếp xúc cử tri.",
    "Cử tri phát biểu ý kiến.",
    "Ông Phạm Tuấn Tú, Phó Chủ tịch Thường trực Ủy ban MTTQ Việt Nam phường Bình Dương, Chủ tịch Công đoàn phường.",
    "Buổi lễ phát động đợt thi đua của MTTQ TP Vinh chào mừng Đại hội MTTQ các cấp nhiệm kỳ 2019-2024.",
    'Một số hình ảnh tại Hội thi "Dân vận khéo" tỉnh Điện Biên lần thứ II, năm 2018:',
    "Quang cảnh Hội nghị",
    "Các đại biểu dự lễ phát động. Ảnh: H.N",
    'Các tập thể, cá nhân điển hình "Dân vận khéo" nhận Giấy khen của Ban Thường vụ Thị ủy.',
    "Các đại biểu thực hiện nghi thức chào cờ tại ngày hội.",
    "Đồng chí Phạm Lê Hưng, Phó Bí thư Thường trực Thị ủy phát biểu kết luận hội nghị.",
]


@pytest.mark.parametrize("line", CAPTIONS)
def test_captions(line):
    assert caption_reason(line) is not None


BODY_SENTENCES = [
    "Được biết, đợt thi đua kéo dài 3 tháng, từ tháng 7 đến tháng 10/2018.",
    "Hội nghị đánh giá kết quả hoạt động của Mặt trận các xã, thị trấn trong quý 1 và bàn nhiệm vụ quý 2 năm 2019.",
    "Đồng chí Nguyễn Thị Thanh đề nghị Mặt trận các xã tiếp tục bám sát khu dân cư.",
    "Hội nghị đã thảo luận, thông qua các nội dung:",
    "Ngày hội diễn ra trong không khí vui tươi, đầm ấm, góp phần thắt chặt tình làng nghĩa xóm giữa các gia đình trong khu dân cư.",
    "Tham dự có đồng chí Trần Văn Hòa, Phó Bí thư Thường trực Thị ủy, Chủ tịch HĐND thị xã.",
    "Hội nghị do ông Đinh Văn Hùng, Chủ tịch Ủy ban MTTQ Việt Nam huyện chủ trì.",
    "Ban tổ chức đã trao giải Nhất cho đội thị trấn Một Ngàn.",
    "Hội nghị đã biểu dương 12 mô hình \"Dân vận khéo\" tiêu biểu./.",
]


@pytest.mark.parametrize("line", BODY_SENTENCES)
def test_body_sentences_are_not_captions(line):
    assert caption_reason(line) is None


@pytest.mark.parametrize("line, expected", [
    ("Thu Hằng", True), ("NGỌC TRÂM", True), ("PV", True), ("Theo TTXVN", True), ("✍️ Tin, ảnh: Hoàng Yến", True),
    ("Chính trị", False), ("Tiếng nói cơ sở", False), ("Thời sự › Chính trị", False),
    ("Cổng thông tin điện tử tỉnh Gia Lai", False), ("Tuyên Quang: Xã vùng cao Mèo Vạc tổ chức Đại hội", False),
])
def test_header_signatures(line, expected):
    assert looks_like_signature(line) is expected


# (line, a byline?, name, role)
BYLINES = [
    ("Đặng Sang - LĐLĐ tỉnh", True, "Đặng Sang", "LĐLĐ tỉnh"),
    ("TRẦN QUỐC BẢO - BDV Huyện ủy Ninh Phước", True, "TRẦN QUỐC BẢO", "BDV Huyện ủy Ninh Phước"),
    ("Hoàng Yến - Thành Đoàn Phan Thiết", True, "Hoàng Yến", "Thành Đoàn Phan Thiết"),
    ("Phạm Văn Tuấn (Văn phòng Đảng ủy)", True, "Phạm Văn Tuấn", "Văn phòng Đảng ủy"),
    ("Tác giả bài viết: Thanh Trúc", True, "Thanh Trúc", None),
    ("✍️ Tin, ảnh: Hoàng Yến", True, "Hoàng Yến", None),
    ("Minh Hải - Đức Long", True, "Minh Hải - Đức Long", None),
    ("TIỂU LIÊN", True, "TIỂU LIÊN", None),
    ("Ủy ban nhân dân Quận 2 - Thành phố Hồ Chí Minh", False, None, None),  # the portal's footer
    ("Hội nghị đã thảo luận, thông qua các nội dung:", False, None, None),
]


@pytest.mark.parametrize("line, is_byline, name, role", BYLINES)
def test_bylines(line, is_byline, name, role):
    assert looks_like_byline(line) is is_byline
    if is_byline:
        author = parse_byline(line)
        assert author is not None and (author.name, author.role) == (name, role)


def test_shared_pairs_counts_what_the_sets_of_word_pairs_share():
    """``shared_pairs`` (the title's word pairs found in the text after it, without the text's
    set of pairs) gives ``len(grams & bigrams(text))`` on every seed bulletin and on texts made to
    trip it: pairs across punctuation, line ends and dashes, old tone placement, case, NFD, a
    pair at either end, a word that only ends like the pair's."""
    import unicodedata
    from pathlib import Path

    from danvan_site.extract.lines import bigrams, shared_pairs

    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))]
    texts += ["Hội nghị, tổng kết - công tác\nDân vận năm 2024.", "HỘI NGHỊ Tổng Kết", "hoà bình; thuỷ lợi",
              unicodedata.normalize("NFD", "Hòa bình, thủy lợi"), "xhội nghị tổng kếtx", "hội_nghị tổng", "", "…"]
    for title in ["Hội nghị tổng kết công tác dân vận", "Hòa bình – thủy lợi", "Tổng kết", "a", *texts[:3]]:
        grams = bigrams(title)
        for text in texts:
            assert shared_pairs(grams, text) == len(grams & bigrams(text)), (title, text[:60])
