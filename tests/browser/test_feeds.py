"""Every Atom feed of the built site parses with feedparser without errors (bozo == 0), every
feed a page links to exists, and a feed reader following an entry's link reaches the bulletin."""
from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import pytest

from .conftest import need


def atom_feeds(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.xml") if b"<feed" in p.read_bytes()[:500])


@pytest.fixture(scope="session")
def feeds(served) -> list[Path]:
    found = atom_feeds(served.folder)
    # at least the archive's, a province's and a meeting type's
    assert {"feed.xml", "dia-phuong/ha-noi/feed.xml", "loai-hoi-nghi/so-ket/feed.xml"} <= {
        p.relative_to(served.folder).as_posix() for p in found
    }
    return found


def _parse(source):
    try:
        import feedparser
    except ImportError:
        need(False, "feedparser (pip install -e '.[test]')")
    return feedparser.parse(source)


def test_every_feed_parses_without_errors(served, feeds):
    bad = {}
    for path in feeds:
        parsed = _parse(path.read_bytes())
        if parsed.bozo or parsed.version != "atom10" or not parsed.entries:
            bad[path.relative_to(served.folder).as_posix()] = (parsed.version, repr(parsed.get("bozo_exception")), len(parsed.entries))
    assert bad == {}


def test_the_archive_feed_lists_the_dated_bulletins_newest_first(served, feeds):
    parsed = _parse(urlopen(served.url("feed.xml")).read())
    assert parsed.bozo == 0
    links = [entry.link.removesuffix("index.html") for entry in parsed.entries]
    newest_first = [a for a in served.export["articles"] if a["published"] or a["event_date"]]
    assert links == [served.url(a["url"]) for a in newest_first]
    for link in links:  # the links lead to the pages, on the served site
        assert urlopen(link + "index.html").status == 200


def test_pages_link_their_feeds(served, feeds, open_page):
    page, problems = open_page("dia-phuong/ha-noi/index.html")
    hrefs = page.eval_on_selector_all(
        "link[rel=alternate][type='application/atom+xml']", "els => els.map(e => e.href)"
    )
    assert served.url("dia-phuong/ha-noi/feed.xml") in hrefs
    for href in hrefs:
        assert urlopen(href).status == 200
    assert problems == []
