"""A reader's walks through the site, by clicking links as a person would."""
from __future__ import annotations

from .conftest import need

TITLE_000 = "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021"
TITLE_004 = (
    "Ban thường vụ Quận uỷ Đống Đa làm việc với Ban Dân vận Quận uỷ, MTTQ và các tổ chức chính trị"
    " xã hội quận về đánh giá kết quả hoạt động 6 tháng đầu năm 2023"
)


def click(page, name: str, within: str = "main") -> None:
    """Click the link named ``name`` (exactly) inside ``within`` and wait for the next page."""
    link = page.locator(within).get_by_role("link", name=name, exact=True)
    assert link.count() >= 1, f"no link {name!r} on {page.url}"
    with page.expect_navigation():
        link.first.click()


def h1(page) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def test_home_to_locality_to_article(open_page):
    page, problems = open_page("index.html")
    click(page, "Hà Nội")
    assert h1(page) == "Hà Nội"
    click(page, "Quận Long Biên")
    assert h1(page) == "Quận Long Biên"
    click(page, "Phường Gia Thụy")
    assert h1(page) == "Phường Gia Thụy"
    click(page, TITLE_000)
    assert h1(page) == TITLE_000
    assert page.url.endswith("-e26135/index.html")
    assert problems == []


def test_home_to_meeting_type_to_article(open_page):
    page, problems = open_page("index.html")
    click(page, "Làm việc")
    assert h1(page) == "Làm việc"
    click(page, TITLE_004)
    assert h1(page) == TITLE_004
    assert page.url.endswith("-a56a8f/index.html")
    # and back up through the breadcrumbs
    click(page, "Trang chủ", within="nav.breadcrumbs")
    assert page.url.endswith("/luu-tru/index.html")
    assert problems == []


def test_phone_reader_reaches_an_article_from_the_menu(open_page):
    page, problems = open_page("index.html", width=375)
    page.click(".menu-toggle summary")  # the links fold away behind "Danh mục" on a phone
    click(page, "Thời gian", within="nav.site-nav")
    click(page, "Năm 2021")
    click(page, "Tháng 7/2021")
    click(page, TITLE_000)
    assert h1(page) == TITLE_000
    assert problems == []
