"""How names and headlines are shown (site/display.py): one capitalisation rule for places and
meeting types, and headlines written in capitals shown in sentence case, letter case only."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from danvan_site.core.models import Article, Locality, Person
from danvan_site.site.display import FILTERS, headline, is_all_caps, place_inline, place_label, sentence_case


@pytest.mark.parametrize(
    "text, label, inline",
    [
        ("phường Gia Thụy, quận Long Biên, Hà Nội", "Phường Gia Thụy, quận Long Biên, Hà Nội",
         "phường Gia Thụy, quận Long Biên, Hà Nội"),
        ("Phường Gia Thụy, Quận Long Biên, Hà Nội", "Phường Gia Thụy, quận Long Biên, Hà Nội",
         "phường Gia Thụy, quận Long Biên, Hà Nội"),
        ("Xã Hiệp Hòa – Huyện Vũ Thư – Tỉnh Thái Bình", "Xã Hiệp Hòa – huyện Vũ Thư – tỉnh Thái Bình",
         "xã Hiệp Hòa – huyện Vũ Thư – tỉnh Thái Bình"),
        ("Thành phố Thủ Đức, Hồ Chí Minh", "Thành phố Thủ Đức, Hồ Chí Minh", "thành phố Thủ Đức, Hồ Chí Minh"),
        ("thị xã (chưa rõ tên)", "Thị xã (chưa rõ tên)", "thị xã (chưa rõ tên)"),
        ("Hà Nội", "Hà Nội", "Hà Nội"),
        ("", "", ""),
    ],
)
def test_one_rule_for_places(text, label, inline):
    assert place_label(text) == label
    assert place_inline(text) == inline


def test_only_headlines_in_capitals_change():
    assert is_all_caps("HỘI NÔNG DÂN XÃ PHƯỚC GIANG TỔNG KẾT NĂM 2025")
    assert is_all_caps("UBND XÃ TÂN THÀNH: HỘI NGHỊ TỔNG KẾT CÔNG TÁC DÂN VẬN và QUY CHẾ DÂN CHỦ")  # a stray word
    assert not is_all_caps("UBND xã Tân Thành tổng kết công tác dân vận")
    assert not is_all_caps("MTTQ UBND")  # too short to tell
    for title in ("Đảng ủy phường Gia Thụy tổ chức sơ kết", "Ban Thường vụ Quận uỷ Đống Đa làm việc", ""):
        assert headline(title) == title


@pytest.mark.parametrize(
    "title, shown",
    [
        ("HỘI NÔNG DÂN XÃ PHƯỚC GIANG: HỘI NGHỊ TỔNG KẾT CÔNG TÁC DÂN VẬN VÀ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ NĂM 2025",
         "Hội Nông dân xã Phước Giang: Hội nghị tổng kết công tác dân vận và thực hiện Quy chế dân chủ ở cơ sở năm 2025"),
        ("ĐẢNG ỦY XÃ HÒA NINH GIAO BAN CÔNG TÁC DÂN VẬN QUÝ II/2025",
         "Đảng ủy xã Hòa Ninh giao ban công tác dân vận quý II/2025"),
        ("ĐẠI HỘI ĐẠI BIỂU HỘI NÔNG DÂN XÃ GIA HANH LẦN THỨ XI, NHIỆM KỲ 2024 - 2029",
         "Đại hội đại biểu Hội Nông dân xã Gia Hanh lần thứ XI, nhiệm kỳ 2024 - 2029"),
        ("ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HÀ NỘI GIAO BAN KHỐI DÂN VẬN THÁNG 06 NĂM 2022",
         "Ủy ban MTTQ Việt Nam thành phố Hà Nội giao ban Khối Dân vận tháng 06 năm 2022"),
        ("THƯỜNG TRỰC HUYỆN ỦY CƯ JÚT LÀM VIỆC VỚI BAN DÂN VẬN, ỦY BAN MTTQ VÀ CÁC ĐOÀN THỂ",
         "Thường trực Huyện ủy Cư Jút làm việc với Ban Dân vận, Ủy ban MTTQ và các đoàn thể"),
        ("HỘI CỰU CHIẾN BINH HUYỆN ĐỊNH QUÁN SƠ KẾT VIỆC THỰC HIỆN MÔ HÌNH “DÂN VẬN KHÉO” 6 THÁNG ĐẦU NĂM 2024",
         "Hội Cựu chiến binh huyện Định Quán sơ kết việc thực hiện mô hình “Dân vận khéo” 6 tháng đầu năm 2024"),
        ("TỔ ĐẠI BIỂU HĐND HUYỆN NA RÌ TIẾP XÚC VỚI CỬ TRI HUYỆN NA RÌ",
         "Tổ đại biểu HĐND huyện Na Rì tiếp xúc với cử tri huyện Na Rì"),
        ("XÃ MỸ THẠNH TRUNG KỶ NIỆM 91 NĂM NGÀY TRUYỀN THỐNG CÔNG TÁC DÂN VẬN CỦA ĐẢNG (15/10/1930 - 15/10/2021)",
         "Xã Mỹ Thạnh Trung kỷ niệm 91 năm ngày truyền thống công tác dân vận của Đảng (15/10/1930 - 15/10/2021)"),
        # "xã hội" is society, not a commune; "vi phạm" is not a Roman six
        ("HỘI NGHỊ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI BÀN VỀ XỬ LÝ VI PHẠM TRẬT TỰ ĐÔ THỊ",
         "Hội nghị các tổ chức chính trị - xã hội bàn về xử lý vi phạm trật tự đô thị"),
        # the old tone placement of the headline is kept: only the case changes
        ("BAN THƯỜNG VỤ QUẬN UỶ ĐỐNG ĐA LÀM VIỆC VỚI BAN DÂN VẬN QUẬN UỶ",
         "Ban Thường vụ Quận uỷ Đống Đa làm việc với Ban Dân vận Quận uỷ"),
    ],
)
def test_sentence_case_of_headlines_in_capitals(title, shown):
    assert sentence_case(title) == shown
    assert shown.lower() == title.lower()  # letters and tone marks as written


def test_the_record_gives_the_proper_names():
    """Names the gazetteer cannot place (a person, a body) come from the record itself."""
    article = Article(id="a", source_file="a.txt", sha256="0",
                      title="ĐỒNG CHÍ NGUYỄN THÀNH BIÊN DỰ HỘI NGHỊ CỦA HỘI NGƯỜI MÙ PHƯỜNG GIA THỤY",
                      locality=Locality(level="phường", name="Gia Thụy", province="Hà Nội", district="quận Long Biên"),
                      people=[Person("Nguyễn Thành Biên", ["Phó Bí thư"])], organisations=["Hội Người mù"])
    assert headline(article) == "Đồng chí Nguyễn Thành Biên dự hội nghị của Hội Người mù phường Gia Thụy"
    assert article.title.startswith("ĐỒNG CHÍ")  # the record keeps the headline as written
    article.title = "Đồng chí Nguyễn Thành Biên dự hội nghị"
    assert headline(article) == article.title


def test_filters_for_make_environment():
    assert set(FILTERS) == {"headline", "place_label", "place_inline"}


def test_a_name_given_in_capitals_and_as_written_reads_as_written_whatever_the_hash_seed():
    """A record may give its place as "CÀ MAU" (the headline's own capitals) and its province as
    "Cà Mau": the headline shows "Cà Mau" in every process (the names' order once depended on a
    set's order, so on PYTHONHASHSEED: one build in two wrote "tỉnh CÀ MAU")."""
    import subprocess
    import sys

    code = ("from danvan_site.site.display import sentence_case; "
            "print(sentence_case('HỘI NÔNG DÂN TỈNH CÀ MAU LÀM VIỆC VỚI BAN DÂN VẬN', ['CÀ MAU', 'Cà Mau']))")
    src = str(Path(__file__).resolve().parents[1] / "src")
    shown = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": src}).stdout.strip()
             for seed in range(12)}
    assert shown == {"Hội Nông dân tỉnh Cà Mau làm việc với Ban Dân vận"}
