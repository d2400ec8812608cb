"""The seeds site, built once into a temporary folder and served on 127.0.0.1 under a sub-path
(``/luu-tru/``), and one headless Chromium driven by Playwright.

Tools the tests need: Debian's Chromium at ``/usr/bin/chromium``, Playwright for Python (the
``test`` extra), Node's ``node_modules/`` (``npm ci``: axe-core, vnu-jar) and Java 17 for the Nu
checker; ``tests/browser/setup.sh`` installs them. Where one is missing the tests that need it
are skipped with the reason, except in CI (``CI=true``), where a missing tool is a failure.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SUB_PATH = "luu-tru"  # the site is served at http://127.0.0.1:PORT/luu-tru/, as under a sub-path
PAGE_SIZE = 2  # small pages, so the seeds give an older part of a list (bai-viet/trang/1/)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SETUP_HINT = "run `sh tests/browser/setup.sh` (as root, to install Chromium with apt-get)"


def need(ok: bool, what: str) -> None:
    """Skip the test when a tool is missing, with the reason; in CI (CI=true) fail instead."""
    if ok:
        return
    message = f"{what} is missing; {SETUP_HINT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(message)


# Every kind of page, by a name used in test ids and screenshot file names, with the page's path
# in the site. The article is seed 000; the lists and nodes are ones the seeds fill.
ARTICLE_000 = "bai-viet/dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135/index.html"
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "article": ARTICLE_000,
    "all-bulletins": "bai-viet/index.html",
    "page-2": "bai-viet/trang/1/index.html",  # the older part of a list cut from its oldest bulletin
    "localities": "dia-phuong/index.html",
    "locality": "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html",
    "dates": "thoi-gian/index.html",
    "year": "thoi-gian/2021/index.html",
    "month": "thoi-gian/2021/07/index.html",
    "meeting-types": "loai-hoi-nghi/index.html",
    "meeting-type": "loai-hoi-nghi/so-ket/index.html",
    "people": "nguoi/index.html",
    "person": "nguoi/nguyen-thanh-bien-361ce2/index.html",
    "organisations": "to-chuc/index.html",
    "organisation": "to-chuc/mat-tran-to-quoc/index.html",
    "periods": "ky-bao-cao/index.html",
    "period": "ky-bao-cao/2021/6-thang-dau-nam-2021/index.html",
    "glossary": "thuat-ngu/index.html",
    "report": "bao-cao/index.html",
    "stats": "thong-ke/index.html",
    "search": "tim-kiem/index.html",
    "search-results": "tim-kiem/index.html?q=dan+van",
    "not-found": "bai-viet/khong-co-ban-tin-nay/index.html",  # missing: the host serves 404.html
}


def page_file(kind: str) -> str:
    """The file of the site that a page kind shows."""
    return "404.html" if kind == "not-found" else PAGE_KINDS[kind].split("?")[0]


# The search page has finished a search when its status line says what it found.
SEARCH_DONE = re.compile(r"^(?:Tìm thấy|Không tìm thấy)")


def wait_for_search(page) -> None:
    """Wait until the search page's status line says what the search found. A locator, not
    ``wait_for_function``: Playwright compiles that one's predicate with eval, which the pages'
    Content-Security-Policy refuses."""
    page.locator(".search-status").filter(has_text=SEARCH_DONE).wait_for()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, as a static host serves them: a missing file gets the site's 404.html."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".csv": "text/csv; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    not_found = f"{SUB_PATH}/404.html"  # the page a missing address gets, in the served folder

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.not_found
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Served:
    """The built site: ``folder`` on disk, ``url(path)`` its address on the test server."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder = folder
        self.base = base  # http://127.0.0.1:PORT/luu-tru/

    def url(self, path: str = "index.html") -> str:
        return self.base + path

    def exists(self, path: str) -> bool:
        return (self.folder / path).is_file()

    @functools.cached_property
    def export(self) -> dict:
        return json.loads((self.folder / "api" / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """Build the seeds (page size 2, base URL = the test server's sub-path) and serve them."""
    from danvan_site.core.config import load_settings
    from danvan_site.build.pipeline import build

    root = tmp_path_factory.mktemp("served")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root))
    )
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}/{SUB_PATH}/"
    settings = load_settings(
        ROOT / "site.yaml",
        {
            "corpus": str(ROOT / "corpus"),
            "output": str(root / SUB_PATH),
            "page_size": PAGE_SIZE,
            "base_url": base.rstrip("/"),
        },
    )
    result = build(settings)
    assert result.written, [str(d) for d in result.diagnostics]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(root / SUB_PATH, base)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright for Python (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Problems(list):
    """What went wrong while pages loaded: console errors, uncaught errors, failed requests and
    HTTP errors (except a 404 the test asked for)."""

    def __init__(self) -> None:
        super().__init__()
        self.expected_404: set[str] = set()

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        if message.type != "error" or (url in self.expected_404 and "404" in message.text):
            return
        self.append(f"console: {message.text} {url}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.url not in self.expected_404:
            self.append(f"HTTP {response.status}: {response.url}")


def load(page, url: str, problems: Problems, status: int = 200) -> None:
    """Go to ``url`` and wait until the page and whatever its scripts fetch have arrived."""
    if status == 404:
        problems.expected_404.add(url)
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == status, (url, response.status)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def open_page(browser, served):
    """``open_page(path, width=1280)`` -> (page, problems): a fresh context, the page loaded."""
    contexts = []

    def _open(path: str, width: int = 1280, height: int = 900, status: int = 200):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        load(page, served.url(path), problems, status)
        return page, problems

    yield _open
    for context in contexts:
        context.close()


class Visit:
    """One page kind loaded once at one width, kept open for the tests that only look at it."""

    def __init__(self, page, problems: Problems) -> None:
        self.page = page
        self.problems = problems


@pytest.fixture(scope="session")
def visit(browser, served):
    """``visit(kind, width)`` -> Visit: each page kind is loaded once per width and shared by
    the tests that read it (errors, screenshots, axe); tests that click or type open their own."""
    contexts: dict[int, object] = {}
    cache: dict[tuple[str, int], Visit] = {}

    def _visit(kind: str, width: int = 1280) -> Visit:
        if (kind, width) not in cache:
            path = PAGE_KINDS[kind]
            if width not in contexts:
                contexts[width] = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
            page = contexts[width].new_page()
            problems = Problems()
            problems.watch(page)
            load(page, served.url(path), problems, 404 if kind == "not-found" else 200)
            if "?q=" in path:
                wait_for_search(page)
            cache[(kind, width)] = Visit(page, problems)
        return cache[(kind, width)]

    yield _visit
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where the screenshots go (git-ignored): emptied at the start of each run."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
