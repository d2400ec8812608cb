"""Every kind of page in Chromium: it loads without console errors or failed requests, has the
landmarks and skip link, fits a phone's width, prints without the site's chrome; screenshots at
375 px and 1280 px into tests/browser/screenshots/."""
from __future__ import annotations

import re

import pytest

from danvan_site.vn.sort import sort_key

from .conftest import PAGE_KINDS, page_file

KINDS = list(PAGE_KINDS)
WIDTHS = (375, 1280)


def test_every_page_kind_is_built(served):
    missing = [page_file(kind) for kind in PAGE_KINDS if not served.exists(page_file(kind))]
    assert missing == []


@pytest.mark.parametrize("kind", KINDS)
def test_loads_without_errors(visit, kind):
    v = visit(kind)
    assert v.problems == []


@pytest.mark.parametrize("kind", KINDS)
def test_landmarks(visit, kind):
    """lang="vi", one banner, one main (the skip link's target), navigation, one footer, one h1."""
    page = visit(kind).page
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("header.site-header").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("main").get_attribute("id") == "noi-dung"
    assert page.locator("footer.site-footer").count() == 1
    assert page.locator("nav[aria-label='Mục chính']").count() == 1
    assert page.locator("h1").count() == 1
    assert page.title().strip() != ""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_screenshot(visit, screenshots_dir, kind, width):
    v = visit(kind, width)
    v.page.screenshot(path=str(screenshots_dir / f"{kind}-{width}.png"), full_page=True)
    # nothing sticks out sideways: the page scrolls only down, on a phone too
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    assert v.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_is_first_and_visible_on_focus(open_page, width):
    page, problems = open_page(PAGE_KINDS["article"], width=width)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#noi-dung"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0  # on screen once focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    assert problems == []


def test_focus_is_visible_on_links(open_page):
    """Tabbing through the header: every focused element draws a 3 px outline."""
    page, _ = open_page("index.html")
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
        ))
    assert all(style == ["A", "solid", "3px"] for style in seen), seen


@pytest.mark.parametrize("kind", ["article", "locality", "home", "stats"])
def test_print_leaves_out_the_site_chrome(open_page, served, kind):
    page, _ = open_page(PAGE_KINDS[kind])
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-header', '.site-search', '.breadcrumbs', '.site-footer', '.skip-link', '.pagination', '.feed-link']"
        ".map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))"
    )
    assert hidden == [True] * 7
    colours = page.evaluate(
        "[...new Set(['body', 'h1', 'main a', '.kicker', '.card-title a', '.stats strong']"
        ".flatMap(s => [...document.querySelectorAll(s)]).map(e => getComputedStyle(e).color))]"
    )
    assert colours == ["rgb(0, 0, 0)"]  # black text and links
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_a_printed_bulletin_says_where_it_is_published(open_page, served):
    page, _ = open_page(PAGE_KINDS["article"])
    line = page.locator(".provenance .print-only")
    assert not line.is_visible()
    page.emulate_media(media="print")
    assert line.is_visible()
    assert line.inner_text() == "Địa chỉ của bản tin: " + served.url(PAGE_KINDS["article"].removesuffix("index.html"))


WEEKDAY = r"(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật)"
VN_DATE = re.compile(rf"^(?:\d{{2}}:\d{{2}}, )?(?:{WEEKDAY}, )?\d{{2}}/\d{{2}}/\d{{4}}$")
NOT_VIETNAMESE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


@pytest.mark.parametrize("kind", KINDS)
def test_dates_are_written_the_vietnamese_way(visit, kind):
    """Every <time> reads "16/07/2021", "Thứ Năm, 15/07/2021" or "10:09, Thứ Sáu, 16/07/2021";
    no ISO date or English month or weekday in the text a reader sees (code samples aside)."""
    page = visit(kind).page
    times = page.eval_on_selector_all("main time", "els => els.map(e => e.textContent.trim())")
    assert [t for t in times if not VN_DATE.match(t)] == []
    text = page.evaluate(
        "(() => { const m = document.querySelector('main').cloneNode(true);"
        " m.querySelectorAll('pre, code, script').forEach(e => e.remove()); return m.innerText; })()"
    )
    assert NOT_VIETNAMESE.findall(text) == []


def test_article_dates(visit):
    times = visit("article").page.eval_on_selector_all(".facts time", "els => els.map(e => e.textContent)")
    assert times == ["10:09, Thứ Sáu, 16/07/2021", "Thứ Năm, 15/07/2021"]


def _sibling_labels(page, selector: str) -> list[list[str]]:
    """The link texts of each list matched by ``selector``, list by list."""
    return page.eval_on_selector_all(
        selector, "uls => uls.map(ul => [...ul.children].map(li => li.querySelector('a').textContent.trim()))"
    )


def _without_level(label: str) -> str:
    return re.sub(r"^(?:Tỉnh|Thành phố|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn) ", "", label)


def test_places_are_in_vietnamese_alphabetical_order(visit):
    """Every list of places on the places page: by name (level word aside), as Vietnamese sorts
    (Đ after D), the places not known last."""
    lists = _sibling_labels(visit("localities").page, "main ul.tree, main ul.tree ul")
    assert lists[0] == ["Hà Nội", "Chưa xác định"]
    assert lists[1:] == [["Quận Đống Đa", "Quận Long Biên"], ["Phường Bồ Đề", "Phường Gia Thụy"]]
    for labels in lists:
        known = [label for label in labels if not label.startswith("Chưa ")]
        assert known == sorted(known, key=lambda label: sort_key(_without_level(label)))


def test_search_filters_list_places_in_vietnamese_order(open_page):
    """The province, district and commune lists: by name as Vietnamese sorts (level word aside),
    the places not known last."""
    page, problems = open_page("tim-kiem/index.html?q=dan+van")
    page.click("details.search-filters summary")
    page.locator("#loc-xa option[value='00130']").wait_for(state="attached")
    for select in ("#loc-tinh", "#loc-huyen", "#loc-xa"):
        labels = page.eval_on_selector_all(
            f"{select} option", "os => os.map(o => o.textContent.trim()).filter(t => t !== 'Tất cả')")
        assert len(labels) >= 2, select
        known = [label.split(" – ")[0] for label in labels if not label.startswith("Chưa ")]
        assert known == sorted(known, key=lambda label: sort_key(_without_level(label))), select
    assert problems == []
