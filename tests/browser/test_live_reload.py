"""``python build.py serve`` in Chromium: an open page reloads by itself once a change to the
corpus has been rebuilt, without a console error (the script comes from the same origin)."""
from __future__ import annotations

import shutil

from danvan_site.dev import serve as live
from danvan_site.core.config import load_settings
from danvan_site.build.pipeline import build

from .conftest import ROOT, Problems

ARTICLE = "000_889518c93afc39ce.txt"
TITLE = "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021"


def test_open_page_reloads_after_a_rebuild(browser, tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "src/danvan_site/site/theme", tmp_path / "theme")  # edits to templates/ meanwhile: not seen
    overrides = {"corpus": str(tmp_path / "corpus"), "output": str(tmp_path / "site"),
                 "theme": str(tmp_path / "theme"), "templates": None, "search": False}
    settings = load_settings(ROOT / "site.yaml", overrides)
    assert build(settings).written
    server = live.Server(settings, port=0, interval=0.2)
    server.start()
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        page.goto(server.url + "index.html", wait_until="load")
        assert TITLE in page.content()
        # A mark that lives as long as this document: a reload removes it.
        page.evaluate("window.__chuaTaiLai = true")
        page.wait_for_function("() => performance.getEntriesByType('resource')"
                               ".some(e => e.name.endsWith('/__danvan/version'))", timeout=15_000)
        source = tmp_path / "corpus" / ARTICLE
        source.write_text(source.read_text(encoding="utf-8").replace(TITLE, TITLE + " (bản sửa)", 1),
                          encoding="utf-8")
        page.wait_for_function("() => window.__chuaTaiLai === undefined"
                               " && document.body.textContent.includes('(bản sửa)')", timeout=30_000)
        assert server.version == 2
        assert page.locator('script[src="/__danvan/livereload.js"][data-version="2"]').count() == 1
        assert problems == []
    finally:
        context.close()
        server.stop()
