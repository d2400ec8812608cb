"""Search in the browser (Pagefind, tim-kiem/): typed without diacritics, with them, with "đ";
a filter narrows the results; the search box of every page leads there. On a phone and a desktop:
the results come first, right under the box, each with its matching passage and the matched
words in <mark> (the rest as text); the place filters are identities that cascade (a province
narrows the districts and communes; a commune sets its district and province); opening the page
loads nothing but the page itself."""
from __future__ import annotations

import json
import re

import pytest

from danvan_site.vn.sort import fold

from .conftest import wait_for_search

S000 = "000_889518c93afc39ce"
S001 = "001_fbc40ca82c7a5395"
S002 = "002_3766498ac55aaad5"
S003 = "003_9d20f8220b7ddb70"
S004 = "004_63b62a890c848497"


@pytest.fixture
def search_page(open_page, served):
    page, problems = open_page("tim-kiem/index.html")
    page.wait_for_selector(".search-form:not([hidden])")  # the script runs (the index loads when needed)
    yield page
    assert problems == []


def open_filters(page) -> None:
    """Open "Lọc và sắp xếp" and wait for the lists (loaded then, from pagefind/bo-loc.json)."""
    if not page.locator("details.search-filters").evaluate("d => d.open"):
        page.click("details.search-filters summary")
    page.locator("#loc-nam option[value='2021']").wait_for(state="attached")


def options(page, select: str) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(f"{select} option", "os => os.map(o => [o.value, o.textContent])")


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
    open_filters(page)  # the order is chosen with the filters
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
    open_filters(page)
    narrowed = after(page, served, lambda: page.select_option("#loc-nam", "2021"))
    in_2021 = {a["id"] for a in served.export["articles"] if (a["published"] or a["event_date"] or "").startswith("2021")}
    assert narrowed and set(narrowed) <= in_2021 and len(narrowed) < len(everything)
    assert re.search(r"[?&]nam=2021(&|$)", page.url)
    assert after(page, served, lambda: page.click("button[data-reset]")) == everything


def test_the_parts_of_the_index_are_searched_as_one(search_page, served):
    """The seeds span 2020 to 2023: four parts of the index (pagefind/phan.json), merged on the
    page. Typed with or without diacritics, a query finds bulletins of every part, newest first
    across the parts; a filter keeps its bulletins from several parts; a query whose words are
    in one part only finds nothing in the others ("gia thuy" is not every "thu" of 2023)."""
    page = search_page
    parts = json.loads((served.folder / "pagefind" / "phan.json").read_text(encoding="utf-8"))["phan"]
    assert [p[0] for p in parts] == ["2023", "2022", "2021", "2020"]
    newest_first = [S004, S002, S000, S001, S003]
    assert search(page, served, "dang uy") == newest_first
    assert search(page, served, "Đảng ủy") == newest_first
    assert search(page, served, "dang uy gia thuy") == [S000]
    assert search(page, served, "dang uy") == newest_first
    open_filters(page)
    hanoi = after(page, served, lambda: page.select_option("#loc-tinh", "01"))
    assert hanoi == [S004, S000, S003]  # 2023, 2021, 2020
    assert after(page, served, lambda: page.select_option("#loc-loai", "lam-viec")) == [S004, S003]


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


# --- on a phone and a desktop -------------------------------------------------------------------

WIDTHS = (375, 1280)


@pytest.mark.parametrize("width", WIDTHS)
def test_opening_the_page_loads_nothing_more(open_page, width):
    """No index, no filter lists until there is something to search: the page costs its own
    files only (Lighthouse measures it so); typing then loads the index."""
    requests: list[str] = []
    page, problems = open_page("tim-kiem/index.html", width=width)
    page.on("request", lambda r: requests.append(r.url))
    page.wait_for_timeout(300)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded + requests if "/pagefind/" in u]
    assert page.is_visible(".search-form") and page.is_hidden("[data-fallback]")
    assert page.locator("details.search-filters").evaluate("d => d.open") is False
    page.fill("#q", "dan van")
    wait_for_search(page)
    assert any("/pagefind/pagefind.js" in u for u in requests)
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_results_come_first_with_the_matching_passage(open_page, served, width):
    page, problems = open_page("tim-kiem/index.html?q=dan+van+kheo", width=width)
    wait_for_search(page)
    first = page.locator(".search-result").first
    box = first.bounding_box()
    # right under the box and the folded filters: in the first screen of a phone
    assert box is not None and box["y"] < 560, box
    assert page.locator(".search-filters").bounding_box()["y"] < box["y"]
    assert page.locator("details.search-filters").evaluate("d => d.open") is False
    # the passage of the body that matches, not the lead, with the matched words marked
    passage = first.locator(".card-excerpt")
    assert passage.count() == 1 and first.locator(".card-summary").count() == 0
    marks = [m.strip("“”,.") for m in passage.locator("mark").all_inner_texts()]
    assert "Dân vận khéo" in " ".join(marks)
    assert "Dân vận khéo" in passage.inner_text()
    # every mark is a word the query finds (Pagefind matches the start of words: "dan" finds "Đảng")
    assert all(fold(m).startswith(("dan", "van", "kheo")) for m in marks), marks
    # the title's matches too, on the title as it is shown
    title_marks = first.locator(".card-title a mark").all_inner_texts()
    assert "Dân vận khéo" in " ".join(title_marks) and all(
        fold(m).startswith(("dan", "van", "kheo")) for m in title_marks)
    assert first.locator(".card-title a").inner_text() == (
        "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021")
    meta = first.locator(".card-meta").inner_text()
    assert meta == "16/07/2021 · Phường Gia Thụy, quận Long Biên, Hà Nội · Sơ kết"  # one capitalisation rule
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    assert problems == []


def test_a_query_without_diacritics_marks_the_words_as_written(search_page, served):
    """"dang uy" matches the copy without diacritics: the words marked are "Đảng ủy"."""
    page = search_page
    search(page, served, "dang uy gia thuy")
    marks = page.locator(".search-result .card-excerpt mark").all_inner_texts()
    assert marks and all(fold(m.strip("“”,.():")).startswith(("dang", "uy", "gia", "thuy")) for m in marks), marks
    assert "Đảng ủy" in " ".join(m.strip("“”,.():") for m in marks)
    # only filters, no words: the summary, nothing marked
    open_filters(page)
    after(page, served, lambda: (page.fill("#q", ""), page.select_option("#loc-nam", "2021")))
    assert page.locator(".search-result mark").count() == 0
    assert page.locator(".search-result .card-summary").count() == 1


def _place_labels(page, select: str) -> list[str]:
    return [label for value, label in options(page, select) if value]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_place_filters_cascade(open_page, served, width):
    page, problems = open_page("tim-kiem/index.html", width=width)
    page.wait_for_selector(".search-form:not([hidden])")
    open_filters(page)
    # each place by its identity, shown with its parents
    assert options(page, "#loc-tinh") == [["", "Tất cả"], ["01", "Hà Nội"],
                                          ["chua-xac-dinh", "Chưa xác định địa phương"]]
    assert _place_labels(page, "#loc-huyen") == ["Quận Đống Đa – thành phố Hà Nội",
                                                 "Quận Long Biên – thành phố Hà Nội"]
    assert _place_labels(page, "#loc-xa") == ["Phường Bồ Đề – quận Long Biên – thành phố Hà Nội",
                                              "Phường Gia Thụy – quận Long Biên – thành phố Hà Nội"]
    # a province narrows the lists below it (and the parents it implies are not repeated)
    in_ha_noi = after(page, served, lambda: page.select_option("#loc-tinh", "01"))
    assert sorted(in_ha_noi) == sorted([S000, S003, S004])
    assert _place_labels(page, "#loc-huyen") == ["Quận Đống Đa", "Quận Long Biên"]
    assert _place_labels(page, "#loc-xa") == ["Phường Bồ Đề – quận Long Biên", "Phường Gia Thụy – quận Long Biên"]
    # a district narrows the communes; Đống Đa has none in the seeds
    assert after(page, served, lambda: page.select_option("#loc-huyen", "006")) == [S004]
    assert _place_labels(page, "#loc-xa") == [] and page.is_disabled("#loc-xa")
    # a commune chosen with no province sets its district and province
    page.click("button[data-reset]")  # nothing left to search: no results, no status
    page.locator(".search-result").first.wait_for(state="detached")
    assert page.locator(".search-status").inner_text() == ""
    assert page.input_value("#loc-tinh") == "" and len(_place_labels(page, "#loc-xa")) == 2
    assert after(page, served, lambda: page.select_option("#loc-xa", "00139")) == [S003]
    assert (page.input_value("#loc-tinh"), page.input_value("#loc-huyen")) == ("01", "004")
    assert re.search(r"[?&]tinh=01&huyen=004&xa=00139(&|$)", page.url)
    assert page.locator("[data-filter-count]").inner_text() == "(1 đang chọn)"
    # a province that does not hold the commune clears it
    assert sorted(after(page, served, lambda: page.select_option("#loc-tinh", "chua-xac-dinh"))) == sorted(
        [S001, S002])
    assert page.input_value("#loc-xa") == "" and page.input_value("#loc-huyen") == ""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    assert problems == []


def test_an_address_with_filters_opens_them_chosen(open_page, served):
    page, problems = open_page("tim-kiem/index.html?xa=00130", width=375)
    assert found(page, served) == [S000]
    assert page.locator("details.search-filters").evaluate("d => d.open") is True
    assert (page.input_value("#loc-tinh"), page.input_value("#loc-huyen"), page.input_value("#loc-xa")) == (
        "01", "004", "00130")
    # an older address, by name: the one place of that name
    page, problems2 = open_page("tim-kiem/index.html?tinh=H%C3%A0+N%E1%BB%99i&loai=l%C3%A0m+vi%E1%BB%87c", width=375)
    assert sorted(found(page, served)) == sorted([S003, S004])
    assert re.search(r"[?&]tinh=01&loai=lam-viec(&|$)", page.url)
    assert problems == [] and problems2 == []


def test_results_first_on_a_phone_screenshot(open_page, screenshots_dir):
    page, problems = open_page("tim-kiem/index.html?q=dan+van", width=375, height=812)
    wait_for_search(page)
    page.screenshot(path=str(screenshots_dir / "tim-kiem-dien-thoai.png"))
    assert problems == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The hand-made samples (a body with "<script>alert(1)</script> & …") with their index,
    served on a local address."""
    import functools
    import http.server
    import threading
    from itertools import chain

    from danvan_site.archive.groups import build_archive
    from danvan_site.output.write import write_site
    from danvan_site.search import build_search
    from danvan_site.site.render import render_site

    from site_samples import make_settings, sample_articles, write_corpus

    base = tmp_path_factory.mktemp("hostile")
    articles = sample_articles()
    write_corpus(base / "corpus", articles)
    settings = make_settings(base)
    archive = build_archive(articles, settings)
    found = build_search(archive, settings)
    assert found.outputs, found.warning
    write_site(chain(render_site(archive, settings, search=True), found.outputs), settings.output)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(settings.output)))
    server.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_passage_with_markup_is_shown_as_text(browser, hostile_site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="vi-VN")
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_site + "tim-kiem/index.html?q=ma+doc", wait_until="load")
        wait_for_search(page)
        passage = page.locator(".search-result .card-excerpt").first
        assert "<script>alert(1)</script> & ký tự đặc biệt" in passage.inner_text()
        assert [m.strip() for m in passage.locator("mark").all_inner_texts()] == ["mã", "độc"]
        # nothing but text and <mark>s inside a passage
        assert passage.evaluate("p => [...p.querySelectorAll('*')].every(e => e.tagName === 'MARK')")
        assert page.locator(".search-results script").count() == 0
        assert dialogs == []
    finally:
        context.close()
