"""Pages opened from disk (file://), as a user does before deploying: the style sheet applies and
nothing is refused (the Content-Security-Policy's 'self' covers the site's own files there too),
no console error, and the search page keeps its message that search needs a web server."""
from __future__ import annotations

import pytest

from .conftest import Problems, page_file


@pytest.mark.parametrize("kind", ["home", "article", "stats", "search", "localities"])
def test_a_page_opened_from_disk_is_styled_without_errors(browser, served, kind):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        page.goto((served.folder / page_file(kind)).as_uri(), wait_until="load")
        # style.css: the body font and the skip link moved out of sight
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
        if kind == "search":
            assert page.is_hidden(".search-form")
            assert page.is_visible("[data-no-http]")
            assert page.locator(".search-status").text_content() == ""
        assert problems == []
    finally:
        context.close()
