"""axe-core (node_modules/axe-core, from npm) finds no serious or critical accessibility
violation on any kind of page, at a desktop and a phone width (colour contrast is computed from
the rendered colours)."""
from __future__ import annotations

import pytest

from .conftest import AXE_JS, PAGE_KINDS, need

BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    need(AXE_JS.is_file(), f"axe-core ({AXE_JS.relative_to(AXE_JS.parents[2])})")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script> element: the pages' Content-Security-Policy refuses
        # inline scripts, and a refused one would be a console error.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


def summary(violations: list[dict]) -> list[str]:
    """"rule (impact): the element's selector – what the rule asks" for every offending element."""
    return [f"{v['id']} ({v['impact']}): {node['target']} – {v['help']}" for v in violations for node in v["nodes"]]


@pytest.mark.parametrize("width", (1280, 375))
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_or_critical_violations(visit, kind, width):
    violations = axe_violations(visit(kind, width).page)
    assert summary([v for v in violations if v["impact"] in BLOCKING]) == []


def test_axe_finds_a_planted_violation(open_page):
    """The check can fail: an image without alt text and grey-on-grey text are reported."""
    page, _ = open_page("index.html")
    # Colours set through the DOM: the Content-Security-Policy refuses style="…" attributes in markup.
    page.evaluate(
        "(() => { const main = document.querySelector('main');"
        " const img = document.createElement('img'); img.src = document.querySelector('link[rel=icon]').href;"
        " const p = document.createElement('p'); p.textContent = 'mờ';"
        " p.style.color = '#ccc'; p.style.background = '#ddd'; main.append(img, p); })()"
    )
    ids = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING}
    assert {"image-alt", "color-contrast"} <= ids


# --- the states a reader brings about: the phone menu open, results with the filters open -------


def _menu_open(page) -> None:
    page.click(".menu-toggle summary")


def _results_and_filters(page) -> None:
    page.locator(".search-status").filter(has_text="Tìm thấy").wait_for()
    page.click("details.search-filters summary")
    page.locator("#loc-xa option[value='00130']").wait_for(state="attached")


STATES = {
    "menu-open": ("index.html", _menu_open, (375,)),
    "search-results-filters": ("tim-kiem/index.html?q=dan+van+kheo", _results_and_filters, (375, 1280)),
    "search-filtered": ("tim-kiem/index.html?q=dang+uy&tinh=01", lambda page: page.locator(".search-status").filter(
        has_text="Tìm thấy").wait_for(), (375, 1280)),
    "not-found-deep": ("a/b/c/", lambda page: None, (375, 1280)),
}


@pytest.mark.parametrize("state, width", [(s, w) for s, (_, _, widths) in STATES.items() for w in widths])
def test_no_serious_or_critical_violations_in_reader_states(open_page, state, width):
    path, act, _ = STATES[state]
    page, problems = open_page(path, width=width, status=404 if state.startswith("not-found") else 200)
    act(page)
    violations = axe_violations(page)
    assert summary([v for v in violations if v["impact"] in BLOCKING]) == []
    assert problems == []
