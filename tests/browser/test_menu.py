"""The header on a phone and a desktop. At 375 px the eleven links of the two rows fold away behind
"Danh mục" (a <details> whose <summary> is the button, no script): closed at first, opened and
closed with the keyboard, every link then on screen and reachable with Tab, nothing wider than
the screen. At 1280 px the button is hidden and both rows show as before."""
from __future__ import annotations

import pytest

from .conftest import PAGE_KINDS

HEADER_LINKS = [
    "Trang chủ", "Tất cả bản tin", "Địa phương", "Thời gian", "Loại hội nghị", "Người được nhắc đến", "Thống kê",
    "Tổ chức", "Kỳ báo cáo", "Từ viết tắt", "Báo cáo chất lượng",
]
NAV_LINKS = ".site-header nav a"


def focused(page) -> list[str]:
    return page.evaluate("[document.activeElement.tagName, document.activeElement.textContent.trim()]")


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("kind", ["home", "article", "search", "locality"])
def test_the_phone_menu_is_closed_at_first(open_page, kind):
    page, problems = open_page(PAGE_KINDS[kind], width=375)
    assert page.is_visible(".menu-toggle summary")
    assert page.locator(".menu-toggle").evaluate("d => d.open") is False
    assert page.locator(NAV_LINKS).all_inner_texts() == HEADER_LINKS  # in the page, out of sight
    assert not any(link.is_visible() for link in page.locator(NAV_LINKS).all())
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 140  # the title, the button, the search box
    assert overflow(page) == 0
    assert problems == []


def test_the_phone_menu_works_with_the_keyboard(open_page, screenshots_dir):
    page, problems = open_page("index.html", width=375)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    assert focused(page) == ["SUMMARY", "Danh mục"]
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.locator(".menu-toggle").evaluate("d => d.open") is True
    page.screenshot(path=str(screenshots_dir / "menu-dien-thoai.png"))
    # every link in turn, on screen, as wide as the screen at most, a target of 44 px
    for name in HEADER_LINKS:
        page.keyboard.press("Tab")
        assert focused(page) == ["A", name]
        box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                            " return [r.left, r.right, r.height]; })()")
        assert box[0] >= 0 and box[1] <= 375 and box[2] >= 44, (name, box)
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-search-q"  # then the search box
    assert overflow(page) == 0
    # back to the button; Space closes the menu
    for _ in HEADER_LINKS:
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == ["SUMMARY", "Danh mục"]
    page.keyboard.press(" ")
    assert page.locator(".menu-toggle").evaluate("d => d.open") is False
    assert not page.locator(NAV_LINKS).first.is_visible()
    assert problems == []


def test_a_link_of_the_phone_menu_leads_to_its_page(open_page, served):
    page, problems = open_page("index.html", width=375)
    page.click(".menu-toggle summary")
    with page.expect_navigation():
        page.locator(".site-header").get_by_role("link", name="Kỳ báo cáo", exact=True).click()
    assert page.url == served.url("ky-bao-cao/index.html")
    assert page.locator(".menu-toggle").evaluate("d => d.open") is False  # a new page: closed again
    assert problems == []


@pytest.mark.parametrize("kind", ["home", "article", "search"])
def test_the_desktop_header_shows_every_link(open_page, kind):
    page, problems = open_page(PAGE_KINDS[kind], width=1280)
    assert page.is_hidden(".menu-toggle")
    links = page.locator(NAV_LINKS)
    assert links.all_inner_texts() == HEADER_LINKS
    header = page.locator(".site-header").bounding_box()
    for link in links.all():
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 1280
        assert header["y"] <= box["y"] <= header["y"] + header["height"]
    # the main row on one line
    tops = {round(link.bounding_box()["y"]) for link in page.locator(".site-nav:not(.site-nav-more) a").all()}
    assert len(tops) == 1
    assert overflow(page) == 0
    assert problems == []


def test_tab_order_on_a_desktop_skips_the_hidden_button(open_page):
    page, _ = open_page("index.html", width=1280)
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused(page) == ["A", "Trang chủ"]
