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
        page.add_script_tag(path=str(AXE_JS))
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
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><p style=\"color:#ccc;background:#ddd\">mờ</p>')"
    )
    ids = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING}
    assert {"image-alt", "color-contrast"} <= ids
