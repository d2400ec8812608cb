"""The W3C Nu HTML checker (the vnu-jar npm package, run with the machine's Java) finds no
error in any page of the built site, nor in its style sheets and SVG files. One run checks
them all (the checker takes seconds to start), with a page of known mistakes beside them to
show that the check can fail."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import PAGE_KINDS, VNU_JAR, need, page_file

PLANTED = '<!DOCTYPE html><html lang="vi"><title>x</title><p foo=1><div></span>'


class Checked:
    def __init__(self, files: list[Path], messages: list[dict]) -> None:
        self.files = files
        self.by_file: dict[Path, list[str]] = {f: [] for f in files}
        for m in messages:
            path = Path(m.get("url", "").removeprefix("file:"))
            if m["type"] in ("error", "non-document-error"):
                self.by_file.setdefault(path, []).append(f"{m.get('lastLine', '?')}: {m['message']}")


@pytest.fixture(scope="session")
def checked(served, tmp_path_factory) -> Checked:
    java = shutil.which("java")
    need(java is not None, "Java (17 or newer, for the Nu HTML checker)")
    need(VNU_JAR.is_file(), "the Nu HTML checker (node_modules/vnu-jar)")
    planted = tmp_path_factory.mktemp("vnu") / "xau.html"
    planted.write_text(PLANTED, encoding="utf-8")
    files = sorted(p for ext in ("html", "css", "svg") for p in served.folder.rglob(f"*.{ext}")) + [planted]
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always",
         "--also-check-css", "--also-check-svg", *map(str, files)],
        capture_output=True, text=True, timeout=900,
    )
    return Checked(files, json.loads(done.stderr)["messages"])


def test_no_errors_in_any_page_style_sheet_or_svg(served, checked):
    errors = {
        path.relative_to(served.folder).as_posix() if path.is_relative_to(served.folder) else str(path): found
        for path, found in checked.by_file.items()
        if found and path.name != "xau.html"
    }
    assert errors == {}


def test_every_page_kind_and_the_style_sheet_were_checked(served, checked):
    names = {p.relative_to(served.folder).as_posix() for p in checked.files if p.is_relative_to(served.folder)}
    wanted = {page_file(kind) for kind in PAGE_KINDS}
    assert wanted | {"static/style.css", "static/favicon.svg"} <= names
    assert len([n for n in names if n.endswith(".html")]) > 50


def test_the_checker_reports_a_planted_mistake(checked):
    planted = [path for path in checked.files if path.name == "xau.html"][0]
    assert len(checked.by_file[planted]) >= 2


def test_pages_as_the_reader_leaves_them_are_valid(open_page, tmp_path):
    """The DOM after a reader acts, serialised and checked: the phone menu open, search results
    with their <mark>s and the filters open and filled, the filters chosen from the address."""
    java = shutil.which("java")
    need(java is not None, "Java (17 or newer, for the Nu HTML checker)")
    need(VNU_JAR.is_file(), "the Nu HTML checker (node_modules/vnu-jar)")
    files = []

    def keep(name: str, page) -> None:
        path = tmp_path / f"{name}.html"
        path.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
        files.append(path)

    page, _ = open_page("index.html", width=375)
    page.click(".menu-toggle summary")
    keep("menu-open", page)
    page, _ = open_page("tim-kiem/index.html?q=dan+van", width=375)
    page.locator(".search-status").filter(has_text="Tìm thấy").wait_for()
    page.click("details.search-filters summary")
    page.locator("#loc-xa option[value='00130']").wait_for(state="attached")
    assert page.locator(".search-results mark").count() > 0
    keep("search-results", page)
    page, _ = open_page("tim-kiem/index.html?xa=00139", width=1280)
    page.locator(".search-status").filter(has_text="Tìm thấy").wait_for()
    keep("search-filtered", page)
    done = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")]
    assert errors == []
