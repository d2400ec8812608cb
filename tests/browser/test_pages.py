"""Every kind of page in Chromium: it loads without console errors or failed requests, has the
landmarks and skip link, fits a phone's width, prints without the site's chrome; screenshots at
375 px and 1280 px into tests/browser/screenshots/."""
from __future__ import annotations

import pytest

from .conftest import LATER, PAGE_KINDS

KINDS = list(PAGE_KINDS)
WIDTHS = (375, 1280)


def test_every_page_kind_is_built(served):
    missing = [path for kind, path in PAGE_KINDS.items() if kind not in LATER and not served.exists(path)]
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


@pytest.mark.parametrize("kind", ["article", "locality", "home"])
def test_print_leaves_out_the_site_chrome(open_page, kind):
    page, _ = open_page(PAGE_KINDS[kind])
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-header', '.breadcrumbs', '.site-footer', '.skip-link']"
        ".map(s => document.querySelector(s)).map(e => e === null || getComputedStyle(e).display === 'none')"
    )
    assert hidden == [True, True, True, True]
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('h1')).color]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"]
