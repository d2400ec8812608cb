"""A bulletin found in two files, in the browser: the merged page lists both sources without
errors, fits a phone, passes axe-core, and the copy's own address leads to it."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest

from .conftest import ROOT, Problems, _Handler, load
from .test_axe import BLOCKING, axe_violations, summary

S000 = "000_889518c93afc39ce"


@pytest.fixture(scope="module")
def dup_site(tmp_path_factory):
    from danvan_site.core.config import load_settings
    from danvan_site.build.pipeline import build

    root = tmp_path_factory.mktemp("dups-served")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    raw = (ROOT / "corpus" / f"{S000}.txt").read_text(encoding="utf-8")
    (corpus / "zz_cong-quan.txt").write_text(
        raw.replace("Ngày đăng 16/07/2021 | 10:09  | Lượt xem: 159", "CỔNG THÔNG TIN ĐIỆN TỬ QUẬN LONG BIÊN\n16/07/2021 15:20"),
        encoding="utf-8")
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(root / "luu-tru"),
                                                  "search": False})
    settings.cache = None
    result = build(settings)
    assert result.collected.merged == 1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    records = {r["id"]: r for r in json.loads((root / "luu-tru/api/articles.json").read_text("utf-8"))["articles"]}
    copy = next(a for a in result.collected.articles if a.duplicate_of)
    yield f"http://127.0.0.1:{server.server_address[1]}/luu-tru/", records, copy
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_merged_page_lists_both_sources(browser, dup_site, width):
    base, records, _ = dup_site
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        load(page, base + records[S000]["url"] + "index.html", problems)
        assert page.locator("#cac-nguon").inner_text() == "Bản tin này có 2 nguồn"
        rows = page.locator("table.sources tbody tr")
        assert rows.count() == 2
        assert rows.nth(1).locator("td").nth(0).inner_text() == "zz_cong-quan.txt"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        assert blocking == [], summary(blocking)
        assert list(problems) == []
    finally:
        context.close()


def test_the_copys_own_address_leads_to_the_bulletin(browser, dup_site):
    base, records, copy = dup_site
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        problems = Problems()
        problems.watch(page)
        page.goto(base + copy.own_url + "index.html", wait_until="load")
        page.wait_for_url(base + records[S000]["url"] + "index.html")
        assert page.locator("h1").first.inner_text() == records[S000]["title"]
        # The page that moves on at once may leave its own requests (its icon) unfinished: that
        # is the navigation, not an error. Anything else is.
        assert [p for p in problems if not p.endswith("(net::ERR_ABORTED)")] == []
    finally:
        context.close()
