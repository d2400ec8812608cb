"""The search index in parts answers as one index would: the same synthetic bulletins (several
years, a year cut at calendar points) are built twice, once with the whole index in one Pagefind
bundle and once in parts (search.split_parts), and a list of queries (one word, several words,
with and without diacritics, "đ" typed as "d", a prefix of the last word, a word only some parts
know, a word no part knows; with filters of province, year and meeting type; filters without a
query) is run on both search pages in Chromium: the same results, in the same newest-first
order, and the same count."""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from collections import Counter
from dataclasses import replace
from itertools import chain
from pathlib import Path

import pytest

from danvan_site import search

from .conftest import ROOT, wait_for_search

N = 160  # synthetic bulletins, 2015 to 2025
PART_LIMIT = 9  # bulletins in a part at most: most years are cut, some in quarters


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format, *args):  # noqa: A002
        pass


def _one_part(records, limit=None):
    return [search.SearchPart("tat-ca", [replace(r, filters={**r.filters, "phan": ["tat-ca"]}) for r in records])]


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """(base URL of the site with one index, of the site in parts, the parts' bo-loc/phan/tu)."""
    if search.find_executable() is None:
        pytest.skip("the Pagefind program is not installed")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from danvan_site.archive.groups import build_archive
    from danvan_site.build.pipeline import collect
    from danvan_site.core.config import load_settings
    from danvan_site.output.write import write_site
    from danvan_site.site.render import render_site

    tmp = tmp_path_factory.mktemp("parts")
    generate.generate(N, tmp / "corpus", seed=7, jobs=1)
    bases = {}
    servers = []
    for kind in ("one", "parts"):
        settings = load_settings(ROOT / "site.yaml", {"corpus": str(tmp / "corpus"), "output": str(tmp / kind)})
        archive = build_archive(collect(settings).articles, settings)
        patch = pytest.MonkeyPatch()
        try:
            if kind == "one":
                patch.setattr(search, "split_parts", _one_part)
            else:
                patch.setattr(search, "PART_MAX", PART_LIMIT)
            found = search.build_search(archive, settings)
        finally:
            patch.undo()
        assert found.outputs, found.warning
        write_site(chain(render_site(archive, settings, search=True), found.outputs), settings.output)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp / kind)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[kind] = f"http://127.0.0.1:{server.server_address[1]}/"
    data = {name: json.loads((tmp / "parts" / "pagefind" / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("bo-loc", "phan", "tu")}
    assert not (tmp / "one" / "pagefind" / "tu.json").exists()
    yield bases["one"], bases["parts"], data
    for server in servers:
        server.shutdown()
        server.server_close()


def _results(page, base: str, address: str) -> tuple[list[str], str]:
    """Every result of the search the address asks for (the more button pressed till all are
    shown), as paths, in the order shown; and the status line."""
    page.goto(base + "tim-kiem/index.html?" + address, wait_until="load")
    wait_for_search(page)
    while page.locator(".search-more").is_visible():
        before = page.locator(".search-results > *").count()
        page.click(".search-more button")
        page.locator(f".search-results > :nth-child({before + 1})").wait_for()
    hrefs = page.eval_on_selector_all(".search-results a[href]", "els => els.map(e => e.href)")
    seen = list(dict.fromkeys(h.removeprefix(base) for h in hrefs if "/bai-viet/" in h))
    return seen, page.locator(".search-status").inner_text()


def _queries(data) -> list[dict[str, str]]:
    parts = [p[0] for p in data["phan"]["phan"]]
    owners = {w: key.split() for key, words in data["tu"]["tu"] for w in words.split()}
    # a word only some parts know (alphabetic, in two or three parts): with a common word, the
    # parts without it must give nothing (searched alone they would answer for the common word)
    rare = sorted(w for w, ns in owners.items() if w.isalpha() and len(w) > 3 and 2 <= len(ns) <= 3
                  and len(parts) > 4)[:3]
    assert rare, "no word known to only some parts"
    province = Counter(e[0] for e in data["bo-loc"]["tinh"]).most_common(1)[0][0]
    provinces = [e[0] for e in data["bo-loc"]["tinh"]][:3]
    years = data["bo-loc"]["nam"]
    kinds = [k[0] for k in data["bo-loc"]["loai"]][:3]
    q = []
    for text in ["dan van", "Dân vận", "đảng ủy", "dang uy", "Đảng", "dang", "hoi nghi so ket", "Hội nghị sơ kết",
                 "tuyen du", "tuyên dươ", "cong tac dan van nam", "mat tran to quoc", "Mặt trận Tổ quốc",
                 "xyzzy dan van", "doi thoai", "đối thoại", "kiem tra giam sat", "phong trao thi dua"]:
        q.append({"q": text})
    for word in rare:
        q.append({"q": f"dan van {word}"})
        q.append({"q": f"{word} hoi nghi"})
        q.append({"q": word})
    for p in provinces:
        q.append({"q": "dan van", "tinh": p})
        q.append({"tinh": p})
    for y in years[:2] + years[-1:]:
        q.append({"q": "dang uy", "nam": y})
        q.append({"nam": y})
    for k in kinds:
        q.append({"q": "hoi nghi", "loai": k})
        q.append({"loai": k, "tinh": province})
    return q


def test_parts_answer_as_one_index(browser, two_sites):
    one, parts, data = two_sites
    assert len(data["phan"]["phan"]) > 10  # years, and years cut in pieces
    from urllib.parse import urlencode

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        checked = 0
        for query in _queries(data):
            address = urlencode(query)
            expected, status_one = _results(page, one, address)
            got, status_parts = _results(page, parts, address)
            assert got == expected, query
            assert status_parts == status_one, query
            checked += bool(expected)
        assert errors == []
        assert checked >= 30  # most queries find something
    finally:
        context.close()
