"""A small internal link checker for a generated site (no network, standard library only).

``check_links(site_dir)`` reads every ``.html`` file under ``site_dir`` and reports each internal
``href``/``src`` that does not lead to a file of the site. Links must work when the site is
opened from disk, so a link to a folder (which only a web server would complete with
``index.html``) is reported too, as are root-absolute links ("/x", which break under a sub-path)
and links that leave the site folder. External links (http, https, mailto, tel) and in-page
anchors ("#...") are not checked.

Atom feeds (``*.xml`` files whose root is an Atom ``<feed>``) are checked the same way: every
``<link href>`` of the feed and its entries, resolved against the feed file.
"""
from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["check_links", "collect_links", "collect_feed_links"]

_ATOM = "{http://www.w3.org/2005/Atom}"

_LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
_SKIPPED_SCHEMES = {"http", "https", "mailto", "tel"}


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, int]] = []  # (tag, value, line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _LINK_ATTRIBUTES and value is not None:
                if tag == "link" and name == "href" and dict(attrs).get("rel") == "canonical":
                    continue  # an absolute address for search engines, not a navigation link
                self.links.append((tag, value, self.getpos()[0]))
            elif name == "srcset" and value:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append((tag, url, self.getpos()[0]))

    handle_startendtag = handle_starttag


def collect_links(html: str) -> list[tuple[str, str, int]]:
    """Every (tag, link, line) in ``html``."""
    parser = _LinkCollector()
    parser.feed(html)
    parser.close()
    return parser.links


def collect_feed_links(xml: bytes) -> list[tuple[str, str, int]] | None:
    """Every ("link", href, 0) of an Atom feed; None when ``xml`` is not an Atom feed."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return None
    if root.tag != f"{_ATOM}feed":
        return None
    return [("link", el.get("href") or "", 0) for el in root.iter(f"{_ATOM}link")]


def _problem(site: Path, page: Path, link: str) -> str | None:
    if link.strip() == "":
        return "empty link"
    parts = urlsplit(link)
    if parts.scheme:
        if parts.scheme.lower() in _SKIPPED_SCHEMES:
            return None
        return f"link with scheme '{parts.scheme}:' is not allowed"
    if parts.netloc:
        return "protocol-relative link leaves the site"
    if parts.path == "":
        return None  # "#anchor" or "?query" on the same page
    if parts.path.startswith("/"):
        if page.parent == site and page.name == "404.html":
            # The 404 page is served for a missing address at any depth, so its links are
            # root-relative: "/x" at the domain's root, or "/luu-tru/x" under a base URL's path.
            # Some tail of the path must be a file of the site.
            segments = unquote(parts.path).lstrip("/").split("/")
            for k in range(len(segments)):
                rest = "/".join(segments[k:])
                target = site / rest
                if ((rest == "" or rest.endswith("/") or target.is_dir()) and (target / "index.html").is_file()) \
                        or target.is_file():
                    return None
            return "target does not exist"
        return "root-absolute link breaks under a sub-path and from disk"
    page_dir = page.parent.relative_to(site).as_posix()
    joined = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return "link leads outside the site folder"
    target = site / joined
    if parts.path.endswith("/") or target.is_dir():
        return "link to a folder (add index.html: folders do not open from disk)"
    if not target.is_file():
        return "target does not exist"
    return None


def check_links(site_dir: Path) -> list[str]:
    """Broken internal links in every HTML page and Atom feed under ``site_dir``, as readable
    messages."""
    site = Path(site_dir).resolve()
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for tag, link, line in collect_links(html):
            reason = _problem(site, page, link)
            if reason is not None:
                rel = page.relative_to(site).as_posix()
                problems.append(f"{rel}:{line}: <{tag}> {link!r}: {reason}")
    for feed in sorted(site.rglob("*.xml")):
        links = collect_feed_links(feed.read_bytes())
        for tag, link, _ in links or []:
            reason = _problem(site, feed, link)
            if reason is not None:
                problems.append(f"{feed.relative_to(site).as_posix()}: <{tag}> {link!r}: {reason}")
    return problems
