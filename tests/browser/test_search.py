"""Search in the browser (Pagefind, tim-kiem/): typed without diacritics, with them, with "đ";
a filter narrows the results; the search box of every page leads there."""
from __future__ import annotations

import re

import pytest

from .conftest import wait_for_search

S000 = "000_889518c93afc39ce"
S004 = "004_63b62a890c848497"


@pytest.fixture
def search_page(open_page, served):
    page, problems = open_page("tim-kiem/index.html")
    page.wait_for_selector("#q:not([disabled])")  # the index has loaded
    yield page
    assert problems == []


def found(page, served) -> list[str]:
    """The bulletins listed, as ids, in the order shown, once the status line says the search
    is done."""
    wait_for_search(page)
    by_url = {served.url(a["url"]) + "index.html": a["id"] for a in served.export["articles"]}
    hrefs = page.eval_on_selector_all(".search-results a[href]", "els => els.map(e => e.href)")
    return [by_url[h] for h in hrefs if h in by_url]


def after(page, served, action) -> list[str]:
    """Do ``action`` (which starts one search), then read its results: the status line is blanked
    first, so the results of the search before are never read instead."""
    page.evaluate("document.querySelector('.search-status').textContent = ''")
    action()
    return found(page, served)


def search(page, served, text: str) -> list[str]:
    """Type ``text`` in the box; the page searches as the reader types."""
    return after(page, served, lambda: page.fill("#q", text))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("dan van kheo", S000),  # seed 001 also writes “Dân vận khéo”: it comes second
        ("dang uy gia thuy", S000),
        ("Đống Đa", S004),
        ("Dân vận khéo", S000),
    ],
)
def test_search_finds_the_right_bulletins(search_page, served, query, expected):
    page = search_page
    newest_first = search(page, served, query)
    assert expected in newest_first
    best_first = after(page, served, lambda: page.select_option("#sap-xep", "phu-hop"))
    assert best_first[0] == expected
    assert sorted(best_first) == sorted(newest_first)


def test_words_typed_with_diacritics_match_exactly(search_page, served):
    """"Đống Đa" is the quận, not every “đồng” and “đã”; without diacritics it is found too."""
    assert search(search_page, served, "Đống Đa") == [S004]
    assert S004 in search(search_page, served, "dong da")


def test_a_filter_narrows_the_results(search_page, served):
    page = search_page
    everything = search(page, served, "dan van")
    assert len(everything) >= 3
    narrowed = after(page, served, lambda: page.select_option("#loc-nam", "2021"))
    in_2021 = {a["id"] for a in served.export["articles"] if (a["published"] or a["event_date"] or "").startswith("2021")}
    assert narrowed and set(narrowed) <= in_2021 and len(narrowed) < len(everything)
    assert re.search(r"[?&]nam=2021(&|$)", page.url)
    assert after(page, served, lambda: page.click("button[data-reset]")) == everything


def test_results_link_to_their_bulletins(search_page, served):
    page = search_page
    assert search(page, served, "dan van kheo")[0] == S000
    with page.expect_navigation():
        page.locator(".search-results a").first.click()
    assert page.locator("h1").inner_text().startswith("Đảng ủy phường Gia Thụy tổ chức sơ kết")


def test_the_search_box_on_every_page_leads_to_the_results(open_page, served):
    page, problems = open_page("index.html", width=375)
    page.fill("header input[type=search]", "dang uy gia thuy")
    with page.expect_navigation():
        page.press("header input[type=search]", "Enter")
    assert "/tim-kiem/" in page.url
    assert S000 in found(page, served)
    assert page.input_value("#q") == "dang uy gia thuy"
    assert problems == []
