"""Lighthouse (npm ``lighthouse``, pinned in package.json to a version that runs on Node 18/20)
scores 100 in all four categories – performance, accessibility, best practices, SEO – on the
home page, a list, a bulletin and the search page of the seeds site served on 127.0.0.1, run
with Debian's Chromium (``CHROME_PATH``) and Lighthouse's default phone settings (a mid-range
phone on a throttled network, simulated).

A performance score is a measurement: a run that misses 100 on performance alone is run again
once (a busy machine), and the best run counts. Without Chromium, Node or ``node_modules/``
the test is skipped with the reason; in CI (CI=true) it fails instead."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import CHROMIUM, NODE_MODULES, PAGE_KINDS, need

LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
PAGES = ["home", "locality", "article", "search"]  # a list: a place's page (list.html)
REPORTS = Path(__file__).resolve().parent / "screenshots"  # git-ignored, with the screenshots


def run_lighthouse(url: str, out: Path) -> dict:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0 and out.is_file(), done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def shortfalls(report: dict) -> list[str]:
    """The audits that cost points, for the failure message."""
    found = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                found.append(f"{name}: {ref['id']} {audit['score']} {audit.get('displayValue', '')}".strip())
    return found


@pytest.fixture(scope="module")
def lighthouse_ready():
    need(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})")
    need(shutil.which("node") is not None, "Node.js (18.20 or newer, for Lighthouse)")
    need(LIGHTHOUSE.is_file(), "Lighthouse (node_modules/lighthouse, from npm ci)")
    REPORTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores_100(lighthouse_ready, served, kind):
    url = served.url(PAGE_KINDS[kind])
    out = REPORTS / f"lighthouse-{kind}.json"
    report = run_lighthouse(url, out)
    got = scores(report)
    if got["performance"] < 100 and all(got[c] == 100 for c in CATEGORIES if c != "performance"):
        again = run_lighthouse(url, out)
        if scores(again)["performance"] > got["performance"]:
            report, got = again, scores(again)
    assert got == dict.fromkeys(CATEGORIES, 100), (url, got, shortfalls(report))
