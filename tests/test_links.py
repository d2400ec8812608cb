"""Every internal link of a rendered site resolves to a file, and the checker itself works."""
from __future__ import annotations

from pathlib import Path

import pytest

from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Diagnostic
from danvan_site.archive.quality import build_report
from danvan_site.site.render import render_site
from danvan_site.output.write import write_site
from linkcheck import check_links
from site_samples import make_settings, sample_articles, write_corpus


@pytest.mark.parametrize("with_report", [False, True])
@pytest.mark.parametrize("page_size", [1, 2, 20])
def test_rendered_site_has_no_broken_links(tmp_path: Path, page_size: int, with_report: bool) -> None:
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, page_size=page_size, latest_count=3)
    archive = build_archive(articles, settings)
    report = None
    if with_report:
        report = build_report(articles, [("x.txt", "empty file")], [Diagnostic("y.yaml", "stray sidecar")])
    write_site(render_site(archive, settings, report), settings.output)
    assert (settings.output / "index.html").is_file()
    # every kind of page is there: organisations, periods, glossary (and the report)
    for page in ("to-chuc/mat-tran-to-quoc/index.html", "ky-bao-cao/2020/quy-iii-2020/index.html",
                 "thuat-ngu/index.html"):
        assert (settings.output / page).is_file(), page
    assert (settings.output / "bao-cao/index.html").is_file() is with_report
    assert check_links(settings.output) == []


def test_empty_archive_has_no_broken_links(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    (tmp_path / "corpus").mkdir()
    write_site(render_site(build_archive([], settings), settings, build_report([], [], [])), settings.output)
    assert check_links(settings.output) == []
    assert "Chưa có bản tin nào nêu kỳ báo cáo." in (settings.output / "ky-bao-cao/index.html").read_text("utf-8")


def test_checker_reports_each_kind_of_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("ok", encoding="utf-8")
    (tmp_path / "style.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        "\n".join([
            '<link rel="stylesheet" href="style.css">',
            '<a href="a/index.html">fine</a>',
            '<a href="a/">folder with slash</a>',
            '<a href="a">folder</a>',
            '<a href="missing.html">missing</a>',
            '<a href="/a/index.html">absolute</a>',
            '<a href="../outside.html">outside</a>',
            '<img src="pic.png" alt="">',
            '<a href="javascript:alert(1)">js</a>',
            '<a href="https://example.org/">external</a>',
            '<a href="mailto:x@example.org">mail</a>',
            '<a href="#noi-dung">anchor</a>',
            '<a href="a/index.html#x">fine with anchor</a>',
        ]),
        encoding="utf-8",
    )
    problems = check_links(tmp_path)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "index.html:3", "index.html:4", "index.html:5", "index.html:6", "index.html:7",
        "index.html:8", "index.html:9",
    ]
    assert "folder" in problems[0] and "does not exist" in problems[2]
    assert "outside the site" in problems[4] and "scheme 'javascript:'" in problems[6]


def test_checker_resolves_links_relative_to_the_page(tmp_path: Path) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "x" / "y" / "index.html").write_text(
        '<a href="../../index.html">up</a><a href="../index.html">missing</a>', encoding="utf-8"
    )
    assert check_links(tmp_path) == ["x/y/index.html:1: <a> '../index.html': target does not exist"]
