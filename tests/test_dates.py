"""Publication lines and event dates, as the portals and bulletins write them."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from danvan_site.extract.dates import VN_TZ, find_event_date
from danvan_site.extract.lines import published_line, vocab
from danvan_site.extract.dates import split_glued_date


def dt(y, mo, d, h, mi):
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


@pytest.mark.parametrize("line, published, views", [
    ("Ngày đăng 16/07/2021 | 10:09  | Lượt xem: 159", dt(2021, 7, 16, 10, 9), 159),
    (" 14/10/2020", date(2020, 10, 14), None),
    ("22/06/2022 19:38", dt(2022, 6, 22, 19, 38), None),
    ("12/07/2023 - 01:01 PM", dt(2023, 7, 12, 13, 1), None),
    ("15:30 | 08/01/2021", dt(2021, 1, 8, 15, 30), None),
    ("Thứ Sáu, 26/07/2019 - 10:05", dt(2019, 7, 26, 10, 5), None),
    ("Thứ tư, 21/04/2021 10:00", dt(2021, 4, 21, 10, 0), None),
    ("12/10/2018 - 06:30 AM", dt(2018, 10, 12, 6, 30), None),
    ("Ngày 14-04-2021 - Lượt xem: 38", date(2021, 4, 14), 38),
    ("Ngày đăng: 29/06/2019 - 08:00", dt(2019, 6, 29, 8, 0), None),
    ("13/6/2023 9:30:12 SA", dt(2023, 6, 13, 9, 30), None),
    ("10/7/2020 2:49:08 CH", dt(2020, 7, 10, 14, 49), None),
    ("(Ngày 01-07-2020)", date(2020, 7, 1), None),
    ("Cập nhật lúc 08:15, Thứ Hai, 12/03/2019", dt(2019, 3, 12, 8, 15), None),
    ("Thứ năm, 20/10/2023 - 09:12", dt(2023, 10, 20, 9, 12), None),
    ("Publish date 17/05/2021 10:20", dt(2021, 5, 17, 10, 20), None),
])
def test_publication_lines(line, published, views):
    parsed = published_line(line)
    assert parsed is not None
    assert parsed.published == published
    assert parsed.views == views


@pytest.mark.parametrize("line", [
    "Ngày 25/6/2022, Ủy ban Mặt trận Tổ quốc xã Vũ Muộn tổ chức hội nghị sơ kết.",
    "Tổng kết phong trào thi đua chào mừng 90 năm ngày truyền thống (15/10/1930-15/10/2020)",
    "Hôm nay: 2470",
    "68",
])
def test_not_publication_lines(line):
    assert published_line(line) is None


def test_date_glued_to_title():
    v = vocab()
    head, parsed = split_glued_date("Đảng ủy xã Tân Hồng tổ chức hội nghị sơ kết 12/03/2019 08:15", v.date_labels, v.views)
    assert head == "Đảng ủy xã Tân Hồng tổ chức hội nghị sơ kết"
    assert parsed.published == dt(2019, 3, 12, 8, 15)
    head, parsed = split_glued_date("MTTQ phường 8 tọa đàm kỷ niệm ngày truyền thống (Ngày 01-07-2020)", v.date_labels, v.views)
    assert head == "MTTQ phường 8 tọa đàm kỷ niệm ngày truyền thống"
    assert parsed.published == date(2020, 7, 1)
    # A date range closing a title is not a publication date.
    assert split_glued_date("Kỷ niệm 90 năm ngày truyền thống (15/10/1930-15/10/2020)", v.date_labels, v.views) is None


@pytest.mark.parametrize("text, published, expected, tod", [
    ("Chiều ngày 15/07/2021 Đảng ủy phường Gia Thụy tổ chức sơ kết.", date(2021, 7, 16), date(2021, 7, 15), "chiều"),
    ("Chiều ngày 22/6, đồng chí Phạm Lê Hưng chủ trì cuộc họp.", date(2022, 6, 22), date(2022, 6, 22), "chiều"),
    ("Ban thường vụ làm việc. Vào hồi 15h30 ngày 09/7/2020 tại Phòng họp số 1.", date(2020, 7, 10), date(2020, 7, 9), "chiều"),
    ("Thực hiện Quyết định số 825-QĐ/QU ngày 13/4/2022 của Ban Thường vụ. Ngày 12/7/2023, Ban Thường vụ Quận ủy làm việc.",
     date(2023, 7, 12), date(2023, 7, 12), None),
    ("(QNO) - Sáng qua 11.10, Ban Dân vận Thành ủy Tam Kỳ tổ chức sinh hoạt.", date(2018, 10, 12), date(2018, 10, 11), "sáng"),
    ("Từ ngày 01 đến 05/4/2021, huyện Vị Thủy thành lập các đoàn kiểm tra.", date(2021, 4, 14), date(2021, 4, 1), None),
    ("Trong hai ngày 19 và 25/7/2019, Ban Dân vận Quận ủy tổ chức tập huấn.", date(2019, 7, 26), date(2019, 7, 19), None),
    ("Sáng 22-4, UBND tỉnh Quảng Ninh tổ chức hội nghị tuyên dương.", date(2015, 4, 23), date(2015, 4, 22), "sáng"),
    ("Đà Nẵng – Ngày 20-4, Ban Dân vận Thành ủy tổ chức hội nghị.", date(2021, 4, 21), date(2021, 4, 20), None),
    ("Ngày 28/12, Đảng ủy tổ chức hội nghị tổng kết.", date(2021, 1, 3), date(2020, 12, 28), None),
    ("Ban Dân vận Thành ủy Pleiku vừa tổ chức hội nghị tổng kết công tác dân vận năm 2020.", date(2021, 1, 8), None, None),
])
def test_event_dates(text, published, expected, tod):
    found = find_event_date([text], published)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.date == expected
        assert found.time_of_day == tod


@pytest.mark.parametrize("line, published", [
    ("Thứ sáu, 16/07/2021, 10:09 (GMT+7)", dt(2021, 7, 16, 10, 9)),
    ("Đăng ngày: 2021-07-16 10:09", dt(2021, 7, 16, 10, 9)),
    ("Ngày 16 tháng 7 năm 2021", date(2021, 7, 16)),
    ("16/07/2021 - 10 giờ 09 phút", dt(2021, 7, 16, 10, 9)),
])
def test_more_publication_lines(line, published):
    parsed = published_line(line)
    assert parsed is not None and parsed.published == published
