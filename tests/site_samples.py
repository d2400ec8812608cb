"""Hand-made bulletins and a settings factory shared by the archive, render and link tests."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from danvan_site.core.config import DEFAULT_THEME, Settings
from danvan_site.core.models import Article, Author, Image, Locality, MeetingType, Period, Person

VN = timezone(timedelta(hours=7))
XSS = "<script>alert(1)</script>"
# A body paragraph with abbreviations next to markup that must stay text.
ABBR_PARAGRAPH = f"Thường trực MTTQ và UBND phường {XSS} dự; UBMTTQ & KT-XH, không phải MTTQX."


def sample_articles() -> list[Article]:
    """Five bulletins covering the shapes a real corpus has (given in no particular order)."""
    return [
        Article(
            id="003_bo-de",
            source_file="003_bo-de.txt",
            sha256="b" * 64,
            title="Ban thường vụ Đảng ủy phường Bồ Đề làm việc với Mặt trận Tổ quốc",
            published=datetime(2020, 7, 10, 10, 49, tzinfo=VN),
            event_date=date(2020, 7, 9),
            locality=Locality(level="phường", name="Bồ Đề", province="Hà Nội", district="quận Long Biên",
                              district_level="quận", district_name="Long Biên", code="00139",
                              successor="phường Bồ Đề, Hà Nội"),
            meeting_type=MeetingType("lam-viec", "làm việc"),
            period=Period("6 tháng cuối năm 2020", date(2020, 7, 1), date(2020, 12, 31)),
            organisations=["Mặt trận Tổ quốc Việt Nam", "Hội Cựu chiến binh"],
            abbreviations=["MTTQ"],
            people=[Person("Nguyễn Ngọc Quang", ["Bí thư Đảng ủy phường"])],
            body=["Sáng ngày 9/7/2020, Ban Thường vụ Đảng ủy phường Bồ Đề làm việc với MTTQ."],
            author=Author("Nguyễn Văn Hùng"),
            images=[Image(None, "Quang cảnh buổi làm việc")],  # a caption whose file name is lost
        ),
        Article(
            id="000_gia-thuy",
            source_file="000_gia-thuy.txt",
            sha256="a" * 64,
            title="Đảng ủy phường Gia Thụy tổ chức sơ kết mô hình Dân vận khéo 6 tháng đầu năm 2021",
            published=datetime(2021, 7, 16, 10, 9, tzinfo=VN),
            event_date=date(2021, 7, 15),
            time_of_day="chiều",
            locality=Locality(level="phường", name="Gia Thụy", province="Hà Nội", district="quận Long Biên",
                              district_level="quận", district_name="Long Biên", code="00130"),
            organizer="Đảng ủy phường Gia Thụy",
            meeting_type=MeetingType("so-ket", "sơ kết"),
            period=Period("6 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 6, 30)),
            author=Author("Đào Tú Hoa"),
            views=1234,
            people=[Person("Nguyễn Thành Biên", ["Phó Bí thư thường trực Đảng ủy"])],
            body=[
                "Chiều ngày 15/07/2021 Đảng ủy phường Gia Thụy tổ chức sơ kết.",
                f"Đoạn có mã độc {XSS} & ký tự đặc biệt.",
                ABBR_PARAGRAPH,
            ],
            organisations=["Ủy ban nhân dân", "Mặt trận Tổ quốc Việt Nam"],
            abbreviations=["MTTQ", "UBND", "UBMTTQ", "KT-XH"],
            section="Công tác đảng",
            images=[Image("0/637382914550614577446.png", "Quang cảnh hội nghị")],
            word_count=321,
        ),
        Article(
            id="001_huyen",
            source_file="001_huyen.txt",
            sha256="c" * 64,
            title="Tổng kết phong trào thi đua chào mừng 90 năm ngày truyền thống công tác dân vận",
            published=date(2020, 10, 14),
            event_date=date(2020, 10, 8),
            locality=Locality(level="huyện"),
            meeting_type=MeetingType("tong-ket", "tổng kết"),
            period=Period("quý III/2020", date(2020, 7, 1), date(2020, 9, 30)),
            organisations=["Ban Dân vận"],
            people=[Person("Trần Văn Thắng", ["Trưởng Ban Dân vận Huyện ủy"])],
            body=["Chiều ngày 8/10/2020, Ban Dân vận Huyện ủy tổ chức Hội nghị tổng kết."],
        ),
        Article(
            id="004_dong-da",
            source_file="004_dong-da.txt",
            sha256="d" * 64,
            title="Quận Đống Đa làm việc với Ban Dân vận Thành ủy",
            published=datetime(2023, 7, 12, 13, 1, tzinfo=VN),
            event_date=date(2023, 7, 12),
            locality=Locality(level="quận", name="Đống Đa", province="Hà Nội", code="006"),
            meeting_type=MeetingType("lam-viec", "làm việc"),
            organisations=["Ban Dân vận", "Mặt trận Tổ quốc Việt Nam"],
            # "Lê Thị Thuỷ" here and "Lê Thị Thủy" in 002: one person in the index
            people=[Person("Nguyễn Thành Biên", ["Chủ tịch UBMTTQ"]), Person("Lê Thị Thuỷ", ["Trưởng ban"])],
            body=["Chiều ngày 12/7/2023, đoàn công tác làm việc với quận Đống Đa."],
        ),
        Article(
            id="002_thi-xa",
            source_file="002_thi-xa.txt",
            sha256="e" * 64,
            title="Thường trực Thị ủy giao ban khối Dân vận",
            published=datetime(2022, 6, 22, 19, 38, tzinfo=VN),
            event_date=date(2022, 6, 22),
            locality=Locality(level="xã", name="Hoàng Tân"),
            meeting_type=MeetingType("giao-ban", "giao ban"),
            # no period; an organisation the data file does not know (as a sidecar may give)
            organisations=["Hội Khuyến học"],
            people=[Person("Phạm Lê Hưng", ["Phó Bí thư Thường trực Thị ủy"]), Person("Lưu Thanh Phương"),
                    Person("Lê Thị Thủy", ["Trưởng Ban"])],
            body=["Chiều ngày 22/6, đồng chí Phạm Lê Hưng chủ trì cuộc họp giao ban."],
        ),
    ]


def write_corpus(folder: Path, articles: list[Article]) -> Path:
    """Create the raw source files the articles point at; returns the corpus folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        path = folder / article.source_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.title + "\n\n" + "\n\n".join(article.body) + "\n", encoding="utf-8")
    return folder


def make_settings(tmp: Path, **changes: object) -> Settings:
    settings = Settings(corpus=tmp / "corpus", output=tmp / "site", theme=DEFAULT_THEME)
    for key, value in changes.items():
        setattr(settings, key, value)
    return settings
